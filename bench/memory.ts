/**
 * Peak memory of synthesizing one stack of N rooms, each run in a fresh Node process, as `cdk synth` runs an
 * app: the peak resident set size (getrusage ru_maxrss, the figure `/usr/bin/time -v` reports as "Maximum
 * resident set size"), against a baseline process that loads the same modules and synthesizes nothing.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { Variant } from './stacks';
import { summarize, Summary } from './stats';

export interface MemoryResult {
  readonly rooms: number;
  /** Peak RSS in bytes, by process; `baseline` loads the modules and synthesizes nothing. */
  readonly peakRss: Record<MemoryProcess, Summary>;
}

type MemoryProcess = 'baseline' | Extract<Variant, 'Room' | 'CfnRoom'>;

const CHILD = path.join(__dirname, 'memory-child.ts');

/** `runs` processes per variant, interleaved (baseline, Room, CfnRoom, baseline, ...). */
export function peakMemory(rooms: number, runs: number): MemoryResult {
  const variants: MemoryProcess[] = ['baseline', 'Room', 'CfnRoom'];
  const samples: Record<MemoryProcess, number[]> = { baseline: [], Room: [], CfnRoom: [] };
  for (let i = 0; i < runs; i++) {
    for (const variant of variants) {
      samples[variant].push(childPeakRss(variant, rooms));
    }
  }
  return {
    rooms,
    peakRss: { baseline: summarize(samples.baseline), Room: summarize(samples.Room), CfnRoom: summarize(samples.CfnRoom) },
  };
}

function childPeakRss(variant: MemoryProcess, rooms: number): number {
  const { NODE_OPTIONS: _, ...env } = process.env;
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register', CHILD, variant, String(rooms)], {
    cwd: path.join(__dirname, '..'),
    env: { ...env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
    encoding: 'utf8',
  });
  if (child.status !== 0) {
    throw new Error(`The memory child (${variant}, ${rooms} rooms) failed: ${child.stderr}`);
  }
  return (JSON.parse(child.stdout) as { maxRssBytes: number }).maxRssBytes;
}
