/**
 * Synth time and resource count of one stack with N rooms: `Room` against the L1 `CfnRoom`, measured in the
 * same process, interleaved, so that the machine's noise hits both variants alike and their ratio stays stable.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { AssetStaging } from 'aws-cdk-lib';
import { appReleaser } from './heap';
import { roomsApp, STACK_NAME, Variant, VARIANTS } from './stacks';
import { cpuMs, elapsedMs, summarize, Summary } from './stats';

export interface SynthRun {
  /** Wall time of App + Stack + N rooms + app.synth(). */
  readonly wallMs: number;
  /** This process's CPU time over the same span: hardly touched by other processes competing for the cores. */
  readonly cpuMs: number;
  /** Resource count by CloudFormation type in the synthesized template. */
  readonly resources: Record<string, number>;
}

export interface SynthComparison {
  readonly rooms: number;
  readonly runs: number;
  readonly wall: Record<Variant, Summary>;
  readonly cpu: Record<Variant, Summary>;
  /** Room / CfnRoom wall time of each interleaved round. */
  readonly wallRatio: Summary;
  /** Room / CfnRoom CPU time of each interleaved round. */
  readonly cpuRatio: Summary;
  /** (CfnRoom+provider) / CfnRoom wall time of each round: the ratio a Room that cost no more than a CfnRoom would reach. */
  readonly providerFloorRatio: Summary;
  readonly resources: Record<Variant, Record<string, number>>;
}

export interface SynthOptions {
  readonly roomCounts: readonly number[];
  /** Measured rounds per room count: one run of each variant per round. */
  readonly runs: number;
  /** Rounds run first and discarded: they load modules and warm the JIT for every variant. */
  readonly warmupRounds: number;
}

const collectGarbage = exposeGc();

/**
 * For each room count: `warmupRounds` discarded rounds, then `runs` rounds of one run of each variant, in an order
 * that rotates and reverses from round to round, so that no variant always runs first or after the same other one.
 */
export function compareSynth(options: SynthOptions): SynthComparison[] {
  return options.roomCounts.map(rooms => {
    for (let i = 0; i < options.warmupRounds; i++) {
      VARIANTS.forEach(variant => synthOnce(variant, rooms));
    }
    const releaseApps = appReleaser();
    const runs = Object.fromEntries(VARIANTS.map(variant => [variant, [] as SynthRun[]])) as Record<Variant, SynthRun[]>;
    for (let i = 0; i < options.runs; i++) {
      roundOrder(i).forEach(variant => {
        releaseApps();
        runs[variant].push(synthOnce(variant, rooms));
      });
    }
    const ratios = (variant: Variant, measure: (run: SynthRun) => number) =>
      summarize(runs[variant].map((run, i) => measure(run) / measure(runs.CfnRoom[i])));
    const byVariant = (measure: (run: SynthRun) => number) =>
      Object.fromEntries(VARIANTS.map(variant => [variant, summarize(runs[variant].map(measure))])) as Record<Variant, Summary>;
    return {
      rooms,
      runs: options.runs,
      wall: byVariant(run => run.wallMs),
      cpu: byVariant(run => run.cpuMs),
      wallRatio: ratios('Room', run => run.wallMs),
      cpuRatio: ratios('Room', run => run.cpuMs),
      providerFloorRatio: ratios('CfnRoom+provider', run => run.wallMs),
      resources: Object.fromEntries(VARIANTS.map(variant => [variant, runs[variant][0].resources])) as Record<Variant, Record<string, number>>,
    };
  });
}

/** Round i: the variants rotated by i, reversed in odd rounds. */
function roundOrder(i: number): Variant[] {
  const shift = Math.floor(i / 2) % VARIANTS.length;
  const rotated = [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)];
  return i % 2 === 0 ? rotated : rotated.reverse();
}

/**
 * One synthesis into its own temporary outdir. Before the clock starts: a full garbage collection, so that
 * neither variant pays for the other's garbage, and the asset fingerprint cache is cleared, so that every
 * run fingerprints the handler bundle as a fresh `cdk synth` does.
 */
export function synthOnce(variant: Variant, rooms: number): SynthRun {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-bench-'));
  try {
    AssetStaging.clearAssetHashCache();
    collectGarbage();
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const assembly = roomsApp(variant, rooms, outdir).synth();
    const wallMs = elapsedMs(start);
    const cpu = cpuMs(cpuStart);
    return { wallMs, cpuMs: cpu, resources: resourceCounts(assembly.getStackByName(STACK_NAME).template) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function resourceCounts(template: { Resources?: Record<string, { Type: string }> }): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values(template.Resources ?? {})) {
    counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  }
  return counts;
}

export function totalResources(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** `global.gc` without restarting Node with --expose-gc. */
export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
