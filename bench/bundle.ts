/** The handler bundle as Lambda gets it: its size, and the time a fresh Node process takes to load it (the init phase). */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as zlib from 'zlib';
import { BUNDLE } from './handler';
import { summarize, Summary } from './stats';

export interface BundleSize {
  readonly bytes: number;
  /** Deflated as in the zip Lambda stores. */
  readonly zippedBytes: number;
}

export interface ColdInit {
  /** `require()` of the bundle inside a fresh Node process, timed there with process.hrtime. */
  readonly require: Summary;
  /** From spawn to exit, Node's own startup included. */
  readonly process: Summary;
}

export function bundleSize(file = BUNDLE): BundleSize {
  const content = fs.readFileSync(file);
  return { bytes: content.length, zippedBytes: zlib.deflateRawSync(content, { level: 9 }).length };
}

/**
 * Loads the bundle in `runs` fresh Node processes, one after the other (so they do not compete for the
 * cores), after `warmup` discarded ones that bring the file into the page cache.
 */
export function coldInit(runs: number, warmup = 1, file = BUNDLE): ColdInit {
  const requireMs: number[] = [];
  const processMs: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const sample = loadInFreshProcess(file);
    if (i >= warmup) {
      requireMs.push(sample.requireMs);
      processMs.push(sample.processMs);
    }
  }
  return { require: summarize(requireMs), process: summarize(processMs) };
}

function loadInFreshProcess(file: string): { requireMs: number; processMs: number } {
  const script = [
    'const start = process.hrtime.bigint();',
    `const handler = require(${JSON.stringify(file)}).handler;`,
    'const ms = Number(process.hrtime.bigint() - start) / 1e6;',
    'if (typeof handler !== "function") throw new Error("no handler export");',
    'process.stdout.write(JSON.stringify({ ms }));',
  ].join('\n');
  // Without the parent's NODE_OPTIONS (a preloaded ts-node would be counted).
  const { NODE_OPTIONS: _, ...env } = process.env;
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
  const processMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) {
    throw new Error(`Loading ${file} in a fresh process failed: ${child.stderr}`);
  }
  return { requireMs: (JSON.parse(child.stdout) as { ms: number }).ms, processMs };
}
