/**
 * `npx projen bench`: runs every benchmark in this one process (and the fresh processes some of them need), then
 * writes bench/RESULTS.md and prints its summary table. The handler bundle is built by the task's first step.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { countApiCalls } from './api-calls';
import { bundleSize, coldInit } from './bundle';
import { compareMarginal } from './marginal';
import { peakMemory } from './memory';
import { messagingBenchmark } from './messaging';
import { microTimings } from './micro';
import { BenchResults, renderResults, summaryRows } from './results';
import { elapsedMs, fixed } from './stats';
import { compareSynth, exposeGc } from './synth';
import { loggingConfigurationsAtQuota, roomsAtQuota } from './throughput';

const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');
const ROOM_COUNTS = [1, 50, 200];
/**
 * Resources added under the clock, from small stacks to large ones (bench/marginal.ts): the largest keeps the stack
 * (with the function and the provider) under 500.
 */
const MARGINAL_COUNTS = [25, 50, 100, 200, 300, 450];
const MARGINAL_ROUNDS = 21;
const SYNTH_ROUNDS = 11;
const COLD_INIT_RUNS = 10;
const MEMORY_RUNS = 3;
const MICRO_TIME_MS = 1_000;

async function main(): Promise<void> {
  const startedAt = new Date();
  const start = process.hrtime.bigint();
  const loadBefore = os.loadavg();

  const bundle = step('bundle size', () => bundleSize());
  const marginal = step('synth: cost per resource in an app with a function', () =>
    compareMarginal({ counts: MARGINAL_COUNTS, rounds: MARGINAL_ROUNDS, warmupRounds: 1 }, exposeGc()));
  const synth = step('synth: bare stack, Room vs CfnRoom', () => compareSynth({ roomCounts: ROOM_COUNTS, runs: SYNTH_ROUNDS, warmupRounds: 1 }));
  const micro = await stepAsync('micro timings (tinybench)', () => microTimings(MICRO_TIME_MS));
  const apiCalls = await stepAsync('API calls per change', () => countApiCalls());
  const rooms = await stepAsync('100 rooms at 5 TPS', () => roomsAtQuota(100, 5));
  const loggingConfigurations = await stepAsync('20 logging configurations at 3 TPS', () => loggingConfigurationsAtQuota(20, 3));
  const init = step('cold init in fresh processes', () => coldInit(COLD_INIT_RUNS));
  const memory = step('peak memory in fresh processes', () => peakMemory(Math.max(...ROOM_COUNTS), MEMORY_RUNS));
  // Last: it runs servers and clients in processes of their own, which would compete with the synth timings.
  const messaging = await stepAsync('messaging: the local chat server against a raw ws broadcast', () => messagingBenchmark());

  const results: BenchResults = {
    startedAt,
    durationMs: elapsedMs(start),
    loadBefore,
    loadAfter: os.loadavg(),
    synth,
    marginal,
    micro,
    apiCalls,
    rooms,
    loggingConfigurations,
    bundle,
    coldInit: init,
    coldInitRuns: COLD_INIT_RUNS,
    memory,
    messaging,
  };
  fs.writeFileSync(RESULTS_FILE, renderResults(results));

  console.log('');
  for (const row of summaryRows(results)) {
    console.log(`${row.status.padEnd(4)}  ${row.measure}: ${row.result}${row.target === '-' ? '' : ` (target ${row.target})`}`);
  }
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)} in ${fixed(results.durationMs / 1000)} s.`);
}

function step<T>(name: string, body: () => T): T {
  const start = process.hrtime.bigint();
  process.stdout.write(`bench: ${name} ...`);
  const result = body();
  process.stdout.write(` ${fixed(elapsedMs(start) / 1000)} s\n`);
  return result;
}

async function stepAsync<T>(name: string, body: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  process.stdout.write(`bench: ${name} ...`);
  const result = await body();
  process.stdout.write(` ${fixed(elapsedMs(start) / 1000)} s\n`);
  return result;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
