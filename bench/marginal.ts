/**
 * Synth cost the way users pay it: the marginal cost of one more resource in an app that already has a Lambda
 * function (every chat app has one: its token vendor, its review handler), so that loading aws-lambda, aws-iam and
 * custom-resources, which any such app pays anyway, is not charged to the library.
 *
 * For each kind, an app with one inline Lambda function and one warm resource of the kind is built before the clock
 * starts; the clock covers `count` more resources of the kind and the synthesis. The cost per resource is the slope of
 * that time over several counts (least squares), so that everything fixed (the function, the provider, the synthesis
 * of the rest) falls into the intercept. Each round measures every kind at every count, a kind's L2 right next to its
 * L1, in an order that alternates from round to round; the L2/L1 ratio is computed per round, then summarized.
 *
 * The counts span small stacks to large ones: a resource costs every kind two to three times more in the first 50 than
 * from 300 on (about 1 ms against 0.4 ms on the machine of bench/RESULTS.md), so a slope over large stacks only
 * measures part of what apps pay, and from points less spread out, less precisely (over 21 rounds, the interquartile
 * range of every pair's per-round ratio was about half as wide over 25-450 as over 100-450 in the same rounds).
 * The slope over the large stacks alone is reported next to it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AssetStaging, Stack } from 'aws-cdk-lib';
import { CfnRoom } from 'aws-cdk-lib/aws-ivschat';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { appReleaser } from './heap';
import { ENV, STACK_NAME } from './stacks';
import { cpuMs, elapsedMs, summarize, Summary } from './stats';
import { Room } from '../src';
import { IvsChatProvider } from '../src/private/provider';

/** The resource kinds measured: the library's room and, as anchors, aws-cdk-lib's own L2s, each with its L1. */
export const KINDS = {
  'Room': (stack: Stack, i: number) => new Room(stack, `R${i}`, { roomName: `room-${i}`, maximumMessageLength: 300 }),
  'CfnRoom': (stack: Stack, i: number) => new CfnRoom(stack, `R${i}`, { name: `room-${i}`, maximumMessageLength: 300 }),
  'sns.Topic': (stack: Stack, i: number) => new sns.Topic(stack, `T${i}`, { topicName: `topic-${i}` }),
  'CfnTopic': (stack: Stack, i: number) => new sns.CfnTopic(stack, `T${i}`, { topicName: `topic-${i}` }),
  'sqs.Queue': (stack: Stack, i: number) => new sqs.Queue(stack, `Q${i}`, { queueName: `queue-${i}` }),
  'CfnQueue': (stack: Stack, i: number) => new sqs.CfnQueue(stack, `Q${i}`, { queueName: `queue-${i}` }),
} as const;
export type Kind = keyof typeof KINDS;

/** Pairs of synths, with and without the provider, measured before the rounds. */
const PROVIDER_PAIRS = 48;
/**
 * `CfnRoom`s in the app whose synth time is measured with and without the provider: few, so that the difference of
 * two synths is not lost in their own noise (with 100, the interquartile range of the pairs spanned 20 ms; with 10, 5 ms).
 */
const PROVIDER_APP_ROOMS = 10;

/** Where the large stacks start, for the slope over them alone. */
const LARGE_STACK = 100;

/** The L2s and the L1 each is compared with. */
export const PAIRS: ReadonlyArray<readonly [Kind, Kind]> = [['Room', 'CfnRoom'], ['sns.Topic', 'CfnTopic'], ['sqs.Queue', 'CfnQueue']];

export interface MarginalOptions {
  /** Resources added under the clock; the largest keeps the stack under CloudFormation's 500 resources. */
  readonly counts: readonly number[];
  readonly rounds: number;
  readonly warmupRounds: number;
}

export interface PairResult {
  readonly l2: Kind;
  readonly l1: Kind;
  /** Milliseconds per resource, over the rounds. */
  readonly l2PerResource: Summary;
  readonly l1PerResource: Summary;
  /** L2 slope / L1 slope, round by round. */
  readonly ratio: Summary;
  /** The same over the large stacks' counts only (`LARGE_STACK` resources and more). */
  readonly largeStackRatio: Summary;
  /**
   * The same from this process's CPU time (all its threads): what other processes on the machine do changes it less
   * than the wall time, which counts the time the process waited for a core.
   */
  readonly cpuRatio: Summary;
}

export interface MarginalResult {
  readonly counts: readonly number[];
  /** The counts of the large stacks' slope (`largeStackRatio`). */
  readonly largeStackCounts: readonly number[];
  readonly rounds: number;
  readonly pairs: PairResult[];
  /**
   * The provider's fixed cost in such an app: the same app (N `CfnRoom`s) with and without the stack's provider and
   * the room policy its first room adds, in milliseconds, pair by pair.
   */
  readonly providerFixedMs: Summary;
  /** The same from this process's CPU time (all its threads). */
  readonly providerFixedCpuMs: Summary;
  /** `CfnRoom`s in the app measured with and without the provider. */
  readonly providerAppRooms: number;
}

/** Wall and CPU time of a synthesis, in milliseconds. */
export interface SynthTime {
  readonly wall: number;
  readonly cpu: number;
}

/** One kind's costs per resource in one round: the slopes of its wall and CPU times, and of its wall time over the large stacks. */
interface RoundSlopes extends SynthTime {
  readonly largeStackWall: number;
}

/** Times `count` more resources of `kind` and the synthesis, in an app that already has a Lambda function and one warm one. */
export function timeMarginal(kind: Kind, count: number, options: { provider?: boolean } = {}): SynthTime {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-marginal-'));
  try {
    AssetStaging.clearAssetHashCache();
    const app = new App({ outdir });
    const stack = new Stack(app, STACK_NAME, { env: ENV });
    new lambda.Function(stack, 'Backend', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
    KINDS[kind](stack, 0);
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    if (options.provider) {
      // What the first Room of a stack adds: the provider, and the policy every room depends on.
      IvsChatProvider.of(stack).permissionsFor('room');
    }
    for (let i = 1; i <= count; i++) {
      KINDS[kind](stack, i);
    }
    app.synth();
    return { wall: elapsedMs(start), cpu: cpuMs(cpuStart) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  const covariance = xs.reduce((sum, x, i) => sum + (x - meanX) * (ys[i] - meanY), 0);
  const variance = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0);
  return covariance / variance;
}

export function compareMarginal(options: MarginalOptions, gc: () => void): MarginalResult {
  // The large stacks' points of a round: those of the counts from LARGE_STACK on.
  const largeStack = <T>(values: readonly T[]): T[] => values.filter((_, i) => options.counts[i] >= LARGE_STACK);
  const largeStackCounts = largeStack(options.counts);
  if (largeStackCounts.length < 2) {
    throw new Error(`The marginal counts need two of ${LARGE_STACK} resources or more, for the large stacks' slope: ${options.counts.join(', ')}.`);
  }
  const kinds = PAIRS.flat();
  for (let i = 0; i < options.warmupRounds; i++) {
    kinds.forEach(kind => timeMarginal(kind, options.counts[0]));
    timeMarginal('CfnRoom', PROVIDER_APP_ROOMS, { provider: true });
  }
  // Every measure starts from a heap like a fresh process's: without the apps synthesized before it (bench/heap.ts).
  const releaseApps = appReleaser();
  const measure = (kind: Kind, count: number, provider = false) => {
    releaseApps();
    gc();
    return timeMarginal(kind, count, { provider });
  };
  // Which side of a pair goes first alternates.
  const providerFixed: SynthTime[] = [];
  for (let pair = 0; pair < PROVIDER_PAIRS; pair++) {
    const first = pair % 2 === 0;
    const a = measure('CfnRoom', PROVIDER_APP_ROOMS, first);
    const b = measure('CfnRoom', PROVIDER_APP_ROOMS, !first);
    const [withProvider, without] = first ? [a, b] : [b, a];
    providerFixed.push({ wall: withProvider.wall - without.wall, cpu: withProvider.cpu - without.cpu });
  }
  const slopes = Object.fromEntries(kinds.map(kind => [kind, [] as RoundSlopes[]])) as Record<Kind, RoundSlopes[]>;
  for (let round = 0; round < options.rounds; round++) {
    const times = Object.fromEntries(kinds.map(kind => [kind, [] as SynthTime[]])) as Record<Kind, SynthTime[]>;
    for (const count of options.counts) {
      for (const [l2, l1] of PAIRS) {
        // The two sides of a pair in a row, the L2 first in even rounds and last in odd ones.
        for (const kind of round % 2 === 0 ? [l2, l1] : [l1, l2]) {
          times[kind].push(measure(kind, count));
        }
      }
    }
    kinds.forEach(kind => slopes[kind].push({
      wall: slope(options.counts, times[kind].map(time => time.wall)),
      cpu: slope(options.counts, times[kind].map(time => time.cpu)),
      largeStackWall: slope(largeStackCounts, largeStack(times[kind]).map(time => time.wall)),
    }));
  }
  const ratios = (l2: Kind, l1: Kind, which: keyof RoundSlopes) =>
    summarize(slopes[l2].map((value, round) => value[which] / slopes[l1][round][which]));
  return {
    counts: options.counts,
    largeStackCounts,
    rounds: options.rounds,
    pairs: PAIRS.map(([l2, l1]) => ({
      l2,
      l1,
      l2PerResource: summarize(slopes[l2].map(value => value.wall)),
      l1PerResource: summarize(slopes[l1].map(value => value.wall)),
      ratio: ratios(l2, l1, 'wall'),
      largeStackRatio: ratios(l2, l1, 'largeStackWall'),
      cpuRatio: ratios(l2, l1, 'cpu'),
    })),
    providerFixedMs: summarize(providerFixed.map(time => time.wall)),
    providerFixedCpuMs: summarize(providerFixed.map(time => time.cpu)),
    providerAppRooms: PROVIDER_APP_ROOMS,
  };
}
