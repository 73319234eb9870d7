/** Renders the benchmark results as bench/RESULTS.md: one summary table of figures and targets, then the details. */
import * as os from 'os';
import { ApiCallCount } from './api-calls';
import { BundleSize, ColdInit } from './bundle';
import { MarginalResult } from './marginal';
import { kib, loadAverage, mib, table } from './markdown';
import { MemoryResult } from './memory';
import { MessagingBenchResult, messagingDetails, messagingRows } from './messaging';
import { MicroTiming } from './micro';
import { fixed, iqr, msRange, ratioIqr, status, Summary } from './stats';
import { SynthComparison, totalResources } from './synth';
import { ThroughputResult } from './throughput';

export const TARGETS = {
  /** A Room's marginal synth cost against a CfnRoom's, in an app that already has a Lambda function. */
  marginalRatio: 1.25,
  /** The provider's fixed synth cost in such an app. */
  providerFixedMs: 15,
  bundleBytes: 1_000_000,
  coldInitMs: 300,
  throughputRatio: 1.3,
} as const;

export interface BenchResults {
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly synth: SynthComparison[];
  readonly marginal: MarginalResult;
  readonly micro: MicroTiming[];
  readonly apiCalls: ApiCallCount[];
  readonly rooms: ThroughputResult;
  readonly loggingConfigurations: ThroughputResult;
  readonly bundle: BundleSize;
  readonly coldInit: ColdInit;
  readonly coldInitRuns: number;
  readonly memory: MemoryResult;
  readonly messaging: MessagingBenchResult;
}

export interface Row {
  readonly id: string;
  readonly measure: string;
  readonly result: string;
  readonly target: string;
  /** PASS / MISS, or '-' for a figure without a target. */
  readonly status: string;
}

export function summaryRows(results: BenchResults): Row[] {
  return [
    ...marginalRows(results.marginal),
    ...synthRows(results.synth),
    ...resourceRows(results.synth),
    ...apiCallRows(results.apiCalls),
    throughputRow('4', '100 rooms created concurrently, 5 TPS room quota', results.rooms),
    throughputRow('4', '20 logging configurations created concurrently, 3 TPS quota', results.loggingConfigurations),
    {
      id: '5',
      measure: 'Handler bundle size (assets/ivschat-provider/index.js)',
      result: `${kib(results.bundle.bytes)} (${results.bundle.bytes.toLocaleString('en-US')} bytes; ${kib(results.bundle.zippedBytes)} deflated)`,
      target: `<= 1 MB (${TARGETS.bundleBytes.toLocaleString('en-US')} bytes)`,
      status: status(results.bundle.bytes <= TARGETS.bundleBytes),
    },
    {
      id: '5',
      measure: `Handler cold init: require() in a fresh Node process (${results.coldInitRuns} processes)`,
      result: `${msRange(results.coldInit.require)}, IQR ${iqr(results.coldInit.require)} ms`,
      target: `< ${TARGETS.coldInitMs} ms (median)`,
      status: status(results.coldInit.require.median < TARGETS.coldInitMs),
    },
    memoryRow(results.memory),
    ...messagingRows(results.messaging),
  ];
}

export function renderResults(results: BenchResults): string {
  const cpus = os.cpus();
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npx projen bench\` (bench/run.ts) on ${results.startedAt.toISOString()}.`,
    `Node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}; ` +
      `load average ${loadAverage(results.loadBefore)} before, ${loadAverage(results.loadAfter)} after. ` +
      `The whole run took ${fixed(results.durationMs / 1000)} s.`,
    '',
    'Every figure comes from this one run. Timings are medians with their range (min-max) or interquartile range;',
    'the Room/CfnRoom ratios are medians of the ratios within interleaved rounds, so that noise from other processes hits',
    'both sides of each ratio alike.',
    '',
    '## Summary',
    '',
    table(['#', 'Measure', 'Result', 'Target', 'Status'], summaryRows(results).map(row => [row.id, row.measure, row.result, row.target, row.status])),
    '',
    ...marginalDetails(results.marginal),
    ...synthDetails(results.synth),
    ...microDetails(results.micro),
    ...apiCallDetails(results.apiCalls),
    ...throughputDetails(results.rooms, results.loggingConfigurations),
    ...memoryDetails(results.memory, results.coldInit),
    ...messagingDetails(results.messaging),
    ...methodNotes(),
  ];
  return lines.join('\n') + '\n';
}

/** The synth cost users pay: per resource in an app that already has a Lambda function, and the provider's fixed cost. */
function marginalRows(marginal: MarginalResult): Row[] {
  const rounds = `${marginal.rounds} paired rounds, slope over ${marginal.counts.join(' / ')} resources`;
  const provider = marginal.providerFixedMs;
  return [
    ...marginal.pairs.map((pair, i) => ({
      id: '1',
      measure: `Synth cost per resource in an app with a Lambda function: ${pair.l2} vs ${pair.l1} (${rounds})`,
      result: `${fixed(pair.l2PerResource.median, 3)} ms vs ${fixed(pair.l1PerResource.median, 3)} ms; ratio ${ratioRange(pair.ratio)}, ` +
        `IQR ${iqr(pair.ratio, 2)}; from CPU time ${ratioRange(pair.cpuRatio)}; over ${largeStacks(marginal)} only ${ratioIqr(pair.largeStackRatio)}`,
      target: i === 0 ? `ratio <= ${TARGETS.marginalRatio}, and below both anchors` : '- (anchor)',
      status: i === 0 ? status(pair.ratio.median <= TARGETS.marginalRatio && marginal.pairs.slice(1).every(anchor => pair.ratio.median < anchor.ratio.median)) : '-',
    })),
    {
      id: '1',
      measure: `Synth cost of the provider and its room policy, fixed per stack, in such an app (construction and synthesis; ${provider.count} pairs)`,
      result: `${msRange(provider)}, IQR ${iqr(provider)} ms; CPU time ${fixed(marginal.providerFixedCpuMs.median)} ms`,
      target: `<= ${TARGETS.providerFixedMs} ms (median)`,
      status: status(provider.median <= TARGETS.providerFixedMs),
    },
  ];
}

/** `100-450 resources`: the large stacks' counts. */
function largeStacks(marginal: MarginalResult): string {
  const counts = marginal.largeStackCounts;
  return `${Math.min(...counts)}-${Math.max(...counts)} resources`;
}

/** `1.03x (0.98-1.10)`: median and range of ratios. */
function ratioRange(summary: Summary): string {
  return `${fixed(summary.median, 2)}x (${fixed(summary.min, 2)}-${fixed(summary.max, 2)})`;
}

function synthRows(synth: SynthComparison[]): Row[] {
  return synth.map(c => ({
    id: '1',
    measure: `Synth time of a bare stack (nothing else in the app), ${c.rooms} room${c.rooms === 1 ? '' : 's'}: Room vs CfnRoom (${c.runs} interleaved rounds)`,
    result: `${msRange(c.wall.Room)} vs ${msRange(c.wall.CfnRoom)}; ratio ${ratioIqr(c.wallRatio)}; ` +
      `floor (CfnRoom + the provider) ${fixed(c.providerFloorRatio.median, 2)}x`,
    target: '-',
    status: '-',
  }));
}

function resourceRows(synth: SynthComparison[]): Row[] {
  const sorted = [...synth].sort((a, b) => a.rooms - b.rooms);
  const one = sorted[0];
  const base = totalResources(one.resources.Room);
  const linear = sorted.every(c => totalResources(c.resources.Room) - base === c.rooms - one.rooms);
  const providerResources = providerResourceCounts(one.resources.Room);
  const providerTotal = totalResources(providerResources);
  return [
    {
      id: '2',
      measure: `Resources in the stack, ${sorted.map(c => c.rooms).join(' / ')} rooms: Room vs CfnRoom`,
      result: `${sorted.map(c => totalResources(c.resources.Room)).join(' / ')} vs ${sorted.map(c => totalResources(c.resources.CfnRoom)).join(' / ')}`,
      target: `resources(N) - resources(${one.rooms}) = N - ${one.rooms}`,
      status: status(linear),
    },
    {
      id: '2',
      measure: 'Provider: fixed resources per stack, whatever the number of rooms',
      result: `${providerTotal}: ${Object.entries(providerResources).map(([type, count]) => `${count} ${type}`).join(', ')}`,
      target: '-',
      status: '-',
    },
  ];
}

/** The resources of a one-room `Room` stack that are not the room itself. */
function providerResourceCounts(oneRoom: Record<string, number>): Record<string, number> {
  const counts = { ...oneRoom };
  counts['Custom::IvsChatRoom'] -= 1;
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}

function apiCallRows(apiCalls: ApiCallCount[]): Row[] {
  return apiCalls.map(call => ({
    id: '3',
    measure: `API calls: ${call.change}`,
    result: `${call.calls} call${call.calls === 1 ? '' : 's'} (${call.writes} write${call.writes === 1 ? '' : 's'})` +
      `${call.operations.length > 0 ? `: ${operationSummary(call.operations)}` : ''}` +
      (call.change.startsWith('Logging') ? `; answered after ${fixed(call.durationMs / 1000, 2)} s` : ''),
    target: call.expectedWrites === undefined ? '-' : `${call.expectedWrites} write${call.expectedWrites === 1 ? '' : 's'}`,
    status: call.expectedWrites === undefined ? '-' : status(call.writes === call.expectedWrites),
  }));
}

/** `CreateLoggingConfiguration, 6 x GetLoggingConfiguration`. */
function operationSummary(operations: string[]): string {
  const groups: Array<{ operation: string; count: number }> = [];
  for (const operation of operations) {
    const last = groups[groups.length - 1];
    if (last?.operation === operation) {
      last.count++;
    } else {
      groups.push({ operation, count: 1 });
    }
  }
  return groups.map(group => group.count === 1 ? group.operation : `${group.count} x ${group.operation}`).join(', ');
}

function throughputRow(id: string, measure: string, result: ThroughputResult): Row {
  const ratio = result.wallMs / result.idealMs;
  const pass = ratio <= TARGETS.throughputRatio && result.failed === 0 && result.created === result.resources;
  return {
    id,
    measure,
    result: `${fixed(result.wallMs / 1000)} s = ${fixed(ratio, 2)}x the ideal ${fixed(result.idealMs / 1000)} s; ` +
      `${result.failed} failed, ${result.created}/${result.resources} created; ${result.throttled} throttled answers`,
    target: `<= ${TARGETS.throughputRatio}x ideal, 0 failures`,
    status: status(pass),
  };
}

function memoryRow(memory: MemoryResult): Row {
  const { baseline, Room: room, CfnRoom: cfnRoom } = memory.peakRss;
  return {
    id: '6',
    measure: `Peak memory (peak RSS, fresh process) of synth, ${memory.rooms} rooms: Room vs CfnRoom`,
    result: `${mib(room.median)} vs ${mib(cfnRoom.median)}; above the ${mib(baseline.median)} of loading the modules: ` +
      `${mib(room.median - baseline.median)} vs ${mib(cfnRoom.median - baseline.median)}`,
    target: '-',
    status: '-',
  };
}

function marginalDetails(marginal: MarginalResult): string[] {
  return [
    '## 1. Synth cost, the way apps pay it',
    '',
    'Every chat app already has Lambda functions (its token vendor, its review handler), so loading aws-lambda, aws-iam and',
    'custom-resources is paid anyway. Each measure builds an app with one inline `lambda.Function` and one resource of the',
    `kind before the clock starts; the clock covers ${marginal.counts.join(', ')} more resources of the kind and \`app.synth()\`.`,
    'The cost per resource is the least-squares slope of that time over the counts, so that everything fixed (the',
    'function, the provider, the rest of the synthesis) stays out of it. The counts span small stacks and large ones: a',
    'resource costs every kind two to three times more in the first 50 than from 300 on, and points spread over the whole',
    `range make the slope more precise; the slope over ${largeStacks(marginal)} alone is shown next to it. In each round`,
    'every kind is measured at every count, an L2 right before or after its L1 (alternating), and the L2/L1 ratio is',
    'taken within the round; aws-cdk-lib\'s',
    '`sns.Topic` and `sqs.Queue` are measured in the same rounds as anchors. The provider\'s fixed cost is the same app',
    `with ${marginal.providerAppRooms} \`CfnRoom\`s with and without the provider and the policy every room depends on (what`,
    `the first \`Room\` of a stack adds), built and synthesized under the clock, ${marginal.providerFixedMs.count} pairs before the`,
    'rounds, which goes first alternating. Each time is taken twice: wall time, the measure, and this process\'s CPU time',
    '(all its threads, garbage collection included), which the other processes of a busy machine change less: it does not',
    'count the time the process waited for a core. Every synthesis starts from a heap like a fresh process\'s: the apps',
    'built before it are released (aws-cdk-lib\'s global token map would keep them all; bench/heap.ts).',

    '',
    table(['L2 / L1', 'L2 per resource', 'L1 per resource', 'ratio, median (min-max)', 'ratio IQR', 'ratio from CPU time, median (IQR)',
      `ratio over ${largeStacks(marginal)} only, median (IQR)`],
    marginal.pairs.map(pair => [
      `${pair.l2} / ${pair.l1}`, `${fixed(pair.l2PerResource.median, 3)} ms`, `${fixed(pair.l1PerResource.median, 3)} ms`, ratioRange(pair.ratio),
      iqr(pair.ratio, 2), ratioIqr(pair.cpuRatio), ratioIqr(pair.largeStackRatio),
    ])),
    '',
    `Provider and room policy, fixed per stack: ${msRange(marginal.providerFixedMs)}, IQR ${iqr(marginal.providerFixedMs)} ms, ` +
      `over ${marginal.providerFixedMs.count} pairs; CPU time ${msRange(marginal.providerFixedCpuMs)}.`,
    '',
  ];
}

function synthDetails(synth: SynthComparison[]): string[] {
  const sorted = [...synth].sort((a, b) => a.rooms - b.rooms);
  const [first, last] = [sorted[0], sorted[sorted.length - 1]];
  const fixedMs = first.wall.Room.median - first.wall.CfnRoom.median;
  const perRoom = (variant: 'Room' | 'CfnRoom') =>
    (last.wall[variant].median - first.wall[variant].median) / (last.rooms - first.rooms);
  return [
    '## 1b. Synth time of a bare stack',
    '',
    'What a stack of rooms costs when nothing else in the app has loaded aws-lambda, aws-iam and custom-resources (which',
    'the provider loads on first use): an upper bound no real chat app meets, kept for comparison with earlier runs.',
    'App + Stack + N rooms + `app.synth()` into a fresh temporary outdir, in this process. Wall time (process.hrtime) and this',
    'process\'s CPU time (process.cpuUsage, less disturbed by other processes on the machine), median (min-max).',
    '"CfnRoom + provider" is N `CfnRoom`s in a stack that also holds the provider every `Room` stack has: the floor of what',
    'a `Room` stack can cost, reached only if a `Room` cost no more than a `CfnRoom`.',
    '',
    table(
      ['Rooms', 'Room wall', 'CfnRoom wall', 'CfnRoom + provider wall', 'Room / CfnRoom wall', 'Floor / CfnRoom wall', 'Room / CfnRoom CPU'],
      sorted.map(c => [
        String(c.rooms), msRange(c.wall.Room), msRange(c.wall.CfnRoom), msRange(c.wall['CfnRoom+provider']),
        ratioIqr(c.wallRatio), ratioIqr(c.providerFloorRatio), ratioIqr(c.cpuRatio),
      ]),
    ),
    '',
    `From the medians: the provider costs a fixed ${fixed(fixedMs)} ms per stack (Room minus CfnRoom at ${first.rooms} room), ` +
      `and each further room ${fixed(perRoom('Room') * 1000, 0)} us with Room against ${fixed(perRoom('CfnRoom') * 1000, 0)} us with CfnRoom ` +
      `(${fixed(perRoom('Room') / perRoom('CfnRoom'), 2)}x). At ${last.rooms} rooms the provider alone (the floor) makes ` +
      `${fixed(last.providerFloorRatio.median, 2)}x; the rest of the ${fixed(last.wallRatio.median, 2)}x is what each Room costs above a CfnRoom.`,
    '',
  ];
}

function microDetails(micro: MicroTiming[]): string[] {
  return [
    '## Micro timings (tinybench)',
    '',
    table(['Task', 'Median', 'IQR', 'Samples'], micro.map(m => [
      m.name, `${fixed(m.latencyUs.median)} us`, `${iqr(m.latencyUs)} us`, String(m.samples),
    ])),
    '',
  ];
}

function apiCallDetails(apiCalls: ApiCallCount[]): string[] {
  return [
    '## 3. API calls per change',
    '',
    'The bundled handler against the emulator, with properties from synthesized templates; every call the emulator received.',
    '',
    table(['Change', 'Calls', 'Writes', 'Operations, in order', 'Handler time'], apiCalls.map(call => [
      call.change, String(call.calls), String(call.writes), operationSummary(call.operations) || '(none)', `${fixed(call.durationMs)} ms`,
    ])),
    '',
  ];
}

function throughputDetails(rooms: ThroughputResult, loggingConfigurations: ThroughputResult): string[] {
  const row = (name: string, r: ThroughputResult): string[] => [
    name, `${r.resources} at ${r.tps} TPS`, `${fixed(r.idealMs / 1000)} s`, `${fixed(r.wallMs / 1000)} s`,
    `${fixed(r.latency.median / 1000)} s (IQR ${fixed(r.latency.q1 / 1000)}-${fixed(r.latency.q3 / 1000)})`,
    String(r.accepted), String(r.throttled), String(r.failed),
  ];
  return [
    '## 4. Throughput under the service quotas',
    '',
    'Every create is an invocation of its own copy of the bundled handler (its own SDK client and retry state, as separate',
    'Lambda execution environments), all started at once. The emulator throttles the operation group to the quota in a',
    'rolling 1 s window. Ideal: the successful calls needed divided by the quota (a room create is 1 call; a logging',
    'configuration create is 3: the create and two consecutive ACTIVE reads).',
    '',
    table(['Scenario', 'Creates', 'Ideal', 'Wall', 'Each create answered after', 'Accepted calls', 'Throttled answers', 'Failed'], [
      row('Rooms', rooms), row('Logging configurations', loggingConfigurations),
    ]),
    '',
    ...[...rooms.failures, ...loggingConfigurations.failures].slice(0, 5).map(failure => `- failure: ${failure}`),
  ];
}

function memoryDetails(memory: MemoryResult, coldInit: ColdInit): string[] {
  const cell = (s: Summary) => `${mib(s.median)} (${mib(s.min)}-${mib(s.max)})`;
  return [
    '## 5, 6. Cold init and peak memory',
    '',
    `Cold init, whole process (spawn to exit, Node startup included): ${msRange(coldInit.process)}.`,
    '',
    'Peak memory: peak resident set size (getrusage ru_maxrss via process.resourceUsage(), the "Maximum resident set size" of',
    '`/usr/bin/time -v`) of a fresh Node process (ts-node, as `cdk synth` runs a TypeScript app) that synthesizes one stack of',
    `${memory.rooms} rooms; the baseline process loads the same modules and synthesizes nothing. ${memory.peakRss.Room.count} processes each.`,
    '',
    table(['Process', 'Peak RSS'], [
      ['baseline (modules loaded)', cell(memory.peakRss.baseline)],
      [`Room, ${memory.rooms} rooms`, cell(memory.peakRss.Room)],
      [`CfnRoom, ${memory.rooms} rooms`, cell(memory.peakRss.CfnRoom)],
    ]),
    '',
  ];
}

function methodNotes(): string[] {
  return [
    '## How the figures are kept fair',
    '',
    '- Synth: for each room count, one discarded warm-up round, then rounds of one run per variant, in an order that goes',
    '  through every permutation. Before every run: a full garbage collection (no variant pays for another\'s garbage) and a',
    '  cleared asset fingerprint cache (each run fingerprints the handler bundle, as a fresh `cdk synth` does).',
    '- The synth runs under ts-node, as a TypeScript CDK app runs by default: creation stack traces are source-mapped.',
    '- Cold init and memory run in fresh processes, one at a time, so they do not compete with each other for the cores.',
    '- Throughput is bound by the quota, not by the CPU: other load on the machine barely changes it.',
    '',
  ];
}
