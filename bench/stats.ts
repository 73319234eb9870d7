/** Summary statistics of repeated measurements, robust to the outliers a noisy machine produces. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartiles (linear interpolation). */
  readonly q1: number;
  readonly q3: number;
  readonly count: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) {
    throw new Error('No values to summarize.');
  }
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    count: sorted.length,
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** A number with a fixed number of decimals. */
export function fixed(value: number, decimals = 1): string {
  return value.toFixed(decimals);
}

/** `12.3 ms (11.0-15.2)`: median and range. */
export function msRange(summary: Summary, decimals = 1): string {
  return `${fixed(summary.median, decimals)} ms (${fixed(summary.min, decimals)}-${fixed(summary.max, decimals)})`;
}

/** `1.10-1.31`: the interquartile range. */
export function iqr(summary: Summary, decimals = 1): string {
  return `${fixed(summary.q1, decimals)}-${fixed(summary.q3, decimals)}`;
}

/** `1.23x (IQR 1.10-1.31)`: median and interquartile range of ratios. */
export function ratioIqr(summary: Summary): string {
  return `${fixed(summary.median, 2)}x (IQR ${iqr(summary, 2)})`;
}

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** This process's CPU time (user + system, all threads) in milliseconds since `start` (from `process.cpuUsage()`). */
export function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export function status(pass: boolean): 'PASS' | 'MISS' {
  return pass ? 'PASS' : 'MISS';
}
