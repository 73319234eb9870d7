/** Helpers that render benchmark figures as Markdown, for bench/RESULTS.md. */
import { fixed } from './stats';

/** A Markdown table; `|` in a cell is escaped. */
export function table(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map(row => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

export function kib(bytes: number): string {
  return `${fixed(bytes / 1024)} KiB`;
}

export function mib(bytes: number): string {
  return `${fixed(bytes / 1024 / 1024)} MiB`;
}

/** `os.loadavg()` as `1.23 / 1.45 / 1.67`. */
export function loadAverage(load: number[]): string {
  return load.map(value => fixed(value, 2)).join(' / ');
}
