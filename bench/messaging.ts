/**
 * The messaging benchmark: the local chat server's messaging path (bench/messaging-server.ts `chat`: the control
 * plane's model and HTTP server with the MessagingEndpoint attached) against the raw `ws` broadcast baseline
 * (bench/raw-ws-server.ts, in the same server script as `raw`) under the same load. Each server runs alone in its
 * own process; every client connection and sender runs in a third (bench/messaging-clients.ts), which times each
 * delivery against the send time carried in the message, on its one clock.
 *
 * Load shapes, the same for both servers (the raw server's rooms are URL paths):
 * - fan-out at the room maximum: one room of N connections (100, 1,000), 10 senders offering 100 messages/s together,
 *   the most `maximumMessageRatePerSecond` allows;
 * - above it: 200 and 400 messages/s as 2 and 4 rooms, each of N connections and at its maximum (the service takes no
 *   more than 100 messages/s into one room: one room offered 400/s is measured too, and accepts 100/s);
 * - saturation: 2,000 connections in 4 rooms of 500, 400 messages/s offered (200,000 deliveries/s, beyond what either
 *   server delivers here), so that deliveries/s is each server's ceiling;
 * - the same shapes through a room with a review handler (inline code in the FunctionRunner that allows and rewrites).
 * Runs alternate between the servers (raw first, then chat first), so that drift on a noisy machine hits both alike.
 */
import { ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { kib, loadAverage, mib, table } from './markdown';
import type { ClientTarget, LoadPlan, LoadReport } from './messaging-clients';
import type { MemoryReading, ProfileSummary, RoomSpec, ServerMeasure, ServerMode } from './messaging-server';
import type { Row } from './results';
import { elapsedMs, fixed, status, summarize, Summary } from './stats';

export const MESSAGING_TARGETS = {
  /** at the room maximum to 1,000 connections */
  p99Ms: 50,
  /** saturation deliveries/s of the chat server over the raw `ws` baseline's */
  saturationRatio: 0.7,
} as const;

/** The service's room maximum (`maximumMessageRatePerSecond` at most 100). */
const ROOM_MAXIMUM = 100;
const SENDERS_PER_ROOM = 10;
const MEMORY_CONNECTIONS = 1_000;

export interface MessagingBenchOptions {
  /** How long senders send in each run. @default 2000 */
  readonly durationMs?: number;
  /** How long a run waits, after its last send, for deliveries still on their way. @default 3000 */
  readonly drainMs?: number;
  /** Rounds of the 1,000-connection and saturation pairs. @default 2 */
  readonly rounds?: number;
  /** Where the chat server's CPU profile of the 1,000-connection load is written. @default - in os.tmpdir() */
  readonly profileFile?: string;
  /** Progress lines. @default - none */
  readonly log?: (line: string) => void;
}

export interface RunResult {
  readonly server: ServerMode;
  readonly review: boolean;
  readonly rooms: number;
  readonly connectionsPerRoom: number;
  /** offered messages per second per room */
  readonly ratePerRoom: number;
  readonly connectMs: number;
  /** what the client process saw */
  readonly report: LoadReport;
  /** what the run cost the server process */
  readonly measure: ServerMeasure;
  /** CPU time of everything else on the machine during the run (/proc/stat busy time less both processes'), if known */
  readonly othersCpuMs?: number;
}

/** One load shape through both servers (and, for some, through a reviewed room). */
export interface ShapeResult {
  readonly label: string;
  readonly raw: RunResult[];
  readonly chat: RunResult[];
  readonly reviewed: RunResult[];
}

export interface MemoryResult {
  readonly server: ServerMode;
  readonly connections: number;
  readonly before: MemoryReading;
  readonly after: MemoryReading;
}

export interface MessagingBenchResult {
  readonly durationMs: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly cpus: number;
  readonly options: Required<Omit<MessagingBenchOptions, 'log' | 'profileFile'>>;
  /** 100 connections per room: 1, 2, 4 rooms at the room maximum (100, 200, 400 messages/s offered) */
  readonly small: ShapeResult[];
  /** one room of 100 offered 400 messages/s: the room's limit under overload */
  readonly overLimit: RunResult;
  /** one room of 1,000 at the room maximum: the target shape */
  readonly thousand: ShapeResult;
  /** 4 rooms of 500 at the room maximum: beyond both servers */
  readonly saturation: ShapeResult;
  /** 40 rooms of 5 at the room maximum (4,000 messages/s, few deliveries each): the review handler's ceiling */
  readonly reviewCeiling: ShapeResult;
  /** fresh server processes, before any load */
  readonly memory: MemoryResult[];
  readonly profile: ProfileSummary;
}

export async function messagingBenchmark(options: MessagingBenchOptions = {}): Promise<MessagingBenchResult> {
  const settings = { durationMs: options.durationMs ?? 2_000, drainMs: options.drainMs ?? 3_000, rounds: options.rounds ?? 2 };
  const log = options.log ?? (() => undefined);
  const start = process.hrtime.bigint();
  const loadBefore = os.loadavg();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-bench-messaging-'));
  const scripts = bundle(outdir);
  const children = await Promise.all([
    Child.start(scripts.server, ['chat'], ['--expose-gc']),
    Child.start(scripts.server, ['raw'], ['--expose-gc']),
    Child.start(scripts.clients, []),
  ]).catch((error: unknown) => {
    fs.rmSync(outdir, { recursive: true, force: true });
    throw error;
  });
  const [chat, raw, clients] = children;
  const servers: Record<ServerMode, Child> = { chat, raw };
  try {
    // Memory first, in fresh processes: connections only, no load yet.
    const memory: MemoryResult[] = [];
    for (const mode of ['raw', 'chat'] as ServerMode[]) memory.push(await memoryPerConnection(servers[mode], clients, mode));

    const run = async (server: ServerMode, shape: Shape): Promise<RunResult> => {
      const result = await runShape(servers[server], clients, server, shape, settings);
      const r = result.report;
      log(`${server}${shape.review ? ' reviewed' : ''} ${shape.rooms} x ${shape.connectionsPerRoom} at ${shape.ratePerRoom}/s: ` +
        `${fixed(r.deliveredPerSecond, 0)} deliveries/s, p50 ${fixed(r.latency.p50)} ms, p99 ${fixed(r.latency.p99)} ms, ` +
        `${r.complete}/${r.offered} complete${rejections(r) ? ` (${rejections(r)})` : ''}`);
      return result;
    };
    /** Both servers in turn (raw first in even rounds, chat first in odd ones), then the reviewed room if asked. */
    const pairs = async (label: string, shape: Omit<Shape, 'review'>, rounds: number, withReview: boolean): Promise<ShapeResult> => {
      const result: ShapeResult = { label, raw: [], chat: [], reviewed: [] };
      for (let round = 0; round < rounds; round++) {
        const order: ServerMode[] = round % 2 === 0 ? ['raw', 'chat'] : ['chat', 'raw'];
        for (const server of order) result[server].push(await run(server, { ...shape, review: false }));
        if (withReview) result.reviewed.push(await run('chat', { ...shape, review: true }));
      }
      return result;
    };

    // Warm-up (discarded): JIT and first-connection costs of both servers, and the review handler's workers.
    const warmUp = { rooms: 1, connectionsPerRoom: 100, ratePerRoom: ROOM_MAXIMUM, durationMs: 1_000 };
    await run('raw', { ...warmUp, review: false });
    await run('chat', { ...warmUp, review: true });

    const small: ShapeResult[] = [];
    for (const rooms of [1, 2, 4]) {
      small.push(await pairs(`${rooms * ROOM_MAXIMUM} msg/s offered: ${rooms} room${rooms > 1 ? 's' : ''} x 100 connections`,
        { rooms, connectionsPerRoom: 100, ratePerRoom: ROOM_MAXIMUM }, 1, true));
    }
    const overLimit = await run('chat', { rooms: 1, connectionsPerRoom: 100, ratePerRoom: 4 * ROOM_MAXIMUM, review: false });
    const reviewCeiling = await pairs('4,000 msg/s offered: 40 rooms x 5 connections',
      { rooms: 40, connectionsPerRoom: 5, ratePerRoom: ROOM_MAXIMUM }, 1, true);
    const thousand = await pairs('100 msg/s offered: 1 room x 1,000 connections',
      { rooms: 1, connectionsPerRoom: 1_000, ratePerRoom: ROOM_MAXIMUM }, settings.rounds, false);
    const saturation = await pairs('400 msg/s offered: 4 rooms x 500 connections',
      { rooms: 4, connectionsPerRoom: 500, ratePerRoom: ROOM_MAXIMUM }, settings.rounds, false);

    // Where the chat server's time goes at the target shape: a run of its own under the sampling profiler.
    const profileFile = options.profileFile ?? path.join(os.tmpdir(), 'cdk-ivs-chat-messaging.cpuprofile');
    await chat.call({ kind: 'profile-start' });
    await runShape(chat, clients, 'chat', { rooms: 1, connectionsPerRoom: 1_000, ratePerRoom: ROOM_MAXIMUM, review: false }, settings);
    const profile = await chat.call<ProfileSummary>({ kind: 'profile-stop', file: profileFile });

    return {
      durationMs: elapsedMs(start),
      loadBefore,
      loadAfter: os.loadavg(),
      cpus: os.cpus().length,
      options: settings,
      small,
      overLimit,
      thousand,
      saturation,
      reviewCeiling,
      memory,
      profile,
    };
  } finally {
    await Promise.all([chat, raw].map((server) => server.call({ kind: 'stop' }, 10_000).catch(() => undefined)));
    children.forEach((child) => child.kill());
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The server and client scripts bundled as the CLI is (`npx projen compile`: esbuild, Node 20, ws inside), so that
 * they run on plain Node: no ts-node in the servers, nor in the review handler's worker threads, which inherit the
 * process's flags.
 */
function bundle(outdir: string): { server: string; clients: string } {
  buildSync({
    entryPoints: { 'messaging-server': path.join(__dirname, 'messaging-server.ts'), 'messaging-clients': path.join(__dirname, 'messaging-clients.ts') },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['bufferutil', 'utf-8-validate', '@aws-sdk/client-ivschat'],
    legalComments: 'none',
    logLevel: 'warning',
    outdir,
  });
  return { server: path.join(outdir, 'messaging-server.js'), clients: path.join(outdir, 'messaging-clients.js') };
}

interface Shape {
  readonly rooms: number;
  readonly connectionsPerRoom: number;
  readonly ratePerRoom: number;
  readonly review: boolean;
  /** @default the benchmark's */
  readonly durationMs?: number;
}

/** The server's RSS and heap after a full GC, before and after opening the connections (no load). */
async function memoryPerConnection(server: Child, clients: Child, mode: ServerMode): Promise<MemoryResult> {
  const before = await server.call<MemoryReading>({ kind: 'memory' });
  const targets = await server.call<ClientTarget[]>({ kind: 'rooms', rooms: [{ connections: MEMORY_CONNECTIONS, senders: 0 }] });
  try {
    await clients.call({ kind: 'connect', targets, concurrency: 50 });
    return { server: mode, connections: targets.length, before, after: await server.call<MemoryReading>({ kind: 'memory' }) };
  } finally {
    await disconnectAll(server, clients);
  }
}

/** Connects the shape's clients, runs its load, drops the connections and waits until the server has let them go. */
async function runShape(
  server: Child, clients: Child, mode: ServerMode, shape: Shape, settings: { durationMs: number; drainMs: number },
): Promise<RunResult> {
  const rooms: RoomSpec[] = Array.from({ length: shape.rooms }, () => ({
    connections: shape.connectionsPerRoom, senders: SENDERS_PER_ROOM, review: shape.review,
  }));
  const targets = await server.call<ClientTarget[]>({ kind: 'rooms', rooms });
  try {
    const connected = await clients.call<{ connected: number; ms: number }>({ kind: 'connect', targets, concurrency: 50 });
    // The first connections of each room (in the order they were opened) are its senders.
    const senders = Math.min(SENDERS_PER_ROOM, shape.connectionsPerRoom);
    const plan: LoadPlan = {
      rooms: rooms.map((_room, index) => ({
        senders: Array.from({ length: senders }, (_sender, sender) => index * shape.connectionsPerRoom + sender),
        rate: shape.ratePerRoom,
      })),
      durationMs: shape.durationMs ?? settings.durationMs,
      drainMs: settings.drainMs,
    };
    await server.call({ kind: 'measure-start' });
    const machineBefore = machineBusyMs();
    const report = await clients.call<LoadReport>({ kind: 'load', plan }, plan.durationMs * 2 + plan.drainMs + 30_000);
    const machineAfter = machineBusyMs();
    const measure = await server.call<ServerMeasure>({ kind: 'measure-stop' }, 30_000);
    return {
      server: mode,
      review: shape.review,
      rooms: shape.rooms,
      connectionsPerRoom: shape.connectionsPerRoom,
      ratePerRoom: shape.ratePerRoom,
      connectMs: connected.ms,
      report,
      measure,
      othersCpuMs: machineBefore === undefined || machineAfter === undefined
        ? undefined : Math.max(0, machineAfter - machineBefore - measure.cpuMs - report.cpuMs),
    };
  } finally {
    await disconnectAll(server, clients);
  }
}

async function disconnectAll(server: Child, clients: Child): Promise<void> {
  await clients.call({ kind: 'close' });
  const deadline = Date.now() + 20_000;
  while (await server.call<number>({ kind: 'connections' }) > 0 && Date.now() < deadline) await sleep(20);
}

/** The whole machine's busy CPU time (every core; steal counts: it is time this machine did not get), from /proc/stat. */
function machineBusyMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    // USER_HZ is 100 on Linux: a tick is 10 ms.
    return (user + nice + system + irq + softirq + (steal ?? 0)) * 10;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A forked script answering `{ id, command }` with `{ id, result }` or `{ id, error }`. */
class Child {
  static async start(script: string, args: string[], execArgv: string[] = []): Promise<Child> {
    const { NODE_OPTIONS: _, ...env } = process.env;
    const child = fork(script, args, { cwd: path.join(__dirname, '..'), execArgv, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const wrapper = new Child(child, path.basename(script));
    await wrapper.ready;
    return wrapper;
  }

  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly ready: Promise<void>;

  private constructor(private readonly child: ChildProcess, script: string) {
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (message: { id?: number; ready?: boolean; result?: unknown; error?: string }) => {
        if (message.ready) return resolve();
        const waiter = this.pending.get(message.id!);
        this.pending.delete(message.id!);
        if (message.error !== undefined) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.result);
      });
      child.on('exit', (code) => {
        const error = new Error(`${script} exited with ${code}`);
        reject(error);
        this.pending.forEach((waiter) => waiter.reject(error));
        this.pending.clear();
      });
    });
  }

  /** Sends the command; rejects when the child fails it, exits, or takes longer than `timeoutMs`. */
  call<T>(command: object, timeoutMs = 60_000): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`No answer to ${JSON.stringify(command).slice(0, 80)} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value as T); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.child.send({ id, command });
    });
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }
}

// ---- Rendering: rows for the summary table and the "## Messaging" section ----

const median = (values: number[]): number => summarize(values).median;

function deliveriesPerSecond(run: RunResult): number {
  return run.report.deliveredPerSecond;
}

/** Messages that reached every connection of their room, per second of the run. */
function messagesPerSecond(run: RunResult): number {
  return (run.report.complete * 1000) / run.report.wallMs;
}

function cpuUsPerDelivery(run: RunResult): number {
  return (run.measure.cpuMs * 1000) / Math.max(1, run.report.deliveries);
}

/** chat / raw deliveries per second, each ratio within one round (the two runs next to each other). */
function throughputRatios(shape: ShapeResult): Summary {
  return summarize(shape.chat.map((chat, round) => deliveriesPerSecond(chat) / deliveriesPerSecond(shape.raw[round])));
}

function rejections(report: LoadReport): string {
  return Object.entries(report.rejected).map(([code, count]) => `${count} x ${code}`).join(', ');
}

/** Every message the room accepted reached every connection of the room, once; the room refused none but for its rate (429). */
function everyAcceptedMessage(run: RunResult): boolean {
  const r = run.report;
  const onlyRate = Object.keys(r.rejected).every((code) => code === '429');
  return onlyRate && r.complete === r.accepted && r.duplicates === 0 && !r.timedOut;
}

function deliveredText(run: RunResult): string {
  const r = run.report;
  const refused = rejections(r);
  return `${r.complete}/${r.offered} messages to every connection${refused ? ` (refused: ${refused})` : ''}`;
}

function latencyText(run: RunResult): string {
  return `p50 ${fixed(run.report.latency.p50)} ms, p99 ${fixed(run.report.latency.p99)} ms`;
}

/** The round with the highest p99: the target must hold in each. */
function worst(runs: RunResult[]): RunResult {
  return [...runs].sort((a, b) => b.report.latency.p99 - a.report.latency.p99)[0];
}

function perConnection(memory: MemoryResult, field: 'rss' | 'heapAndExternal'): number {
  return (memory.after[field] - memory.before[field]) / memory.connections;
}

/** What the review handler adds per message in a shape: latency, and the server's CPU time (its worker threads included). */
function reviewCost(shape: ShapeResult): { p50Ms: number; p99Ms: number; cpuUsPerMessage: number } {
  const [reviewed, plain] = [shape.reviewed[0], shape.chat[0]];
  const cpuUsPerMessage = (run: RunResult) => (run.measure.cpuMs * 1000) / Math.max(1, run.report.accepted);
  return {
    p50Ms: reviewed.report.latency.p50 - plain.report.latency.p50,
    p99Ms: reviewed.report.latency.p99 - plain.report.latency.p99,
    cpuUsPerMessage: cpuUsPerMessage(reviewed) - cpuUsPerMessage(plain),
  };
}

function signed(value: number, decimals = 1): string {
  return `${value >= 0 ? '+' : ''}${fixed(value, decimals)}`;
}

export function messagingRows(result: MessagingBenchResult): Row[] {
  const target = worst(result.thousand.chat);
  const targetRaw = worst(result.thousand.raw);
  const targetPass = result.thousand.chat.every((run) => everyAcceptedMessage(run) && run.report.latency.p99 <= MESSAGING_TARGETS.p99Ms);
  const saturationRatio = throughputRatios(result.saturation);
  const [oneRoom] = result.small;
  const ceiling = result.reviewCeiling;
  const [atMaximum, atCeiling] = [reviewCost(oneRoom), reviewCost(ceiling)];
  const memoryOf = (mode: ServerMode) => result.memory.find((memory) => memory.server === mode)!;
  const memoryText = (mode: ServerMode) =>
    `${mode === 'raw' ? 'raw ws' : 'chat'} ${kib(perConnection(memoryOf(mode), 'rss'))} RSS, ${kib(perConnection(memoryOf(mode), 'heapAndExternal'))} heap + external`;
  return [
    ...result.small.map((shape) => ({
      id: 'M',
      measure: `Messaging fan-out, ${shape.label}`,
      result: `${fixed(deliveriesPerSecond(shape.chat[0]), 0)} deliveries/s, ${deliveredText(shape.chat[0])}, ${latencyText(shape.chat[0])}; ` +
        `raw ws ${fixed(deliveriesPerSecond(shape.raw[0]), 0)}/s, ${latencyText(shape.raw[0])}`,
      target: '-',
      status: '-',
    })),
    {
      id: 'M',
      measure: `Messaging fan-out, ${result.thousand.label} (${result.thousand.chat.length} rounds, the worst shown)`,
      result: `${fixed(median(result.thousand.chat.map(deliveriesPerSecond)), 0)} deliveries/s (offered ${(ROOM_MAXIMUM * 1_000).toLocaleString('en-US')}), ` +
        `${deliveredText(target)}, ${latencyText(target)}; raw ws ${fixed(median(result.thousand.raw.map(deliveriesPerSecond)), 0)}/s, ` +
        `${deliveredText(targetRaw)}, ${latencyText(targetRaw)}`,
      target: `every accepted message to every connection, p99 <= ${MESSAGING_TARGETS.p99Ms} ms`,
      status: status(targetPass),
    },
    {
      id: 'M',
      measure: `Messaging saturation, ${result.saturation.label}: chat / raw ws deliveries per second`,
      result: `${fixed(median(result.saturation.chat.map(deliveriesPerSecond)), 0)} vs ${fixed(median(result.saturation.raw.map(deliveriesPerSecond)), 0)} ` +
        `deliveries/s: ${fixed(saturationRatio.median, 2)}x (${result.saturation.chat.length} rounds, ${fixed(saturationRatio.min, 2)}-${fixed(saturationRatio.max, 2)}); ` +
        `server CPU ${fixed(median(result.saturation.chat.map(cpuUsPerDelivery)), 2)} vs ${fixed(median(result.saturation.raw.map(cpuUsPerDelivery)), 2)} us/delivery`,
      target: `>= ${MESSAGING_TARGETS.saturationRatio}x`,
      status: status(saturationRatio.median >= MESSAGING_TARGETS.saturationRatio),
    },
    {
      id: 'M',
      measure: 'Messaging: one room of 100 offered 400 msg/s (room maximum 100/s)',
      result: `${fixed((result.overLimit.report.accepted * 1000) / result.overLimit.report.sendMs, 0)} accepted/s of ` +
        `${fixed(result.overLimit.report.offeredPerSecond, 0)} offered; ${deliveredText(result.overLimit)}, ${latencyText(result.overLimit)}`,
      target: '-',
      status: '-',
    },
    {
      id: 'M',
      measure: 'Messaging review handler (FunctionRunner worker, inline ALLOW + rewrite), reviewed vs unreviewed room',
      result: `${signed(atMaximum.p50Ms)} ms p50, ${signed(atMaximum.p99Ms)} ms p99 at 100 msg/s (1 room x 100); ` +
        `${ceiling.label}: ${fixed(messagesPerSecond(ceiling.reviewed[0]), 0)} vs ${fixed(messagesPerSecond(ceiling.chat[0]), 0)} msg/s delivered, ` +
        `${signed(atCeiling.p50Ms)} ms p50, ${signed(atCeiling.p99Ms)} ms p99, ${fixed(atCeiling.cpuUsPerMessage, 0)} us more server CPU per message; ` +
        `${ceiling.reviewed[0].report.rewritten}/${ceiling.reviewed[0].report.deliveries} deliveries rewritten, ${deliveredText(ceiling.reviewed[0])}`,
      target: '-',
      status: '-',
    },
    {
      id: 'M',
      measure: `Messaging memory per connection (server process after GC, ${MEMORY_CONNECTIONS.toLocaleString('en-US')} idle connections)`,
      result: `${memoryText('chat')}; ${memoryText('raw')}`,
      target: '-',
      status: '-',
    },
  ];
}

export function messagingDetails(result: MessagingBenchResult): string[] {
  const runRow = (label: string, run: RunResult): string[] => {
    const r = run.report;
    const offeredDeliveries = run.rooms * run.ratePerRoom * run.connectionsPerRoom;
    const refused = rejections(r);
    return [
      label,
      `${run.server}${run.review ? ' + review' : ''}`,
      `${fixed(r.offeredPerSecond, 0)} (${offeredDeliveries.toLocaleString('en-US')})`,
      fixed(r.deliveredPerSecond, 0),
      `${r.complete}/${r.offered}${refused ? ` (${refused})` : ''}${r.duplicates ? `, ${r.duplicates} duplicates` : ''}${r.timedOut ? ', drain cut' : ''}`,
      `${fixed(r.latency.p50)} / ${fixed(r.latency.p99)} / ${fixed(r.latency.max)}`,
      fixed(cpuUsPerDelivery(run), 2),
      `${fixed((run.measure.cpuMs / r.wallMs) * 100, 0)}% / ${fixed((r.cpuMs / r.wallMs) * 100, 0)}% / ` +
        `${run.othersCpuMs === undefined ? '?' : fixed((run.othersCpuMs / r.wallMs) * 100, 0)}%`,
      `${fixed(run.measure.loopDelay.p99)} / ${fixed(r.loopDelay.p99)}`,
    ];
  };
  const shapes = [...result.small, result.reviewCeiling, result.thousand, result.saturation];
  const rows = shapes.flatMap((shape) => [...shape.raw, ...shape.chat, ...shape.reviewed].map((run) => runRow(shape.label, run)));
  rows.push(runRow('400 msg/s offered to 1 room x 100 connections', result.overLimit));
  const profile = result.profile;
  const busyMs = profile.sampledMs - profile.idleMs;
  return [
    '## Messaging',
    '',
    'The local messaging path (`chat`: the control plane\'s model and HTTP server with the MessagingEndpoint attached, as LocalChatServer',
    'composes them) against a raw `ws` broadcast server (`raw`, bench/raw-ws-server.ts: each frame to every connection of its room) under',
    'the same load, in one run. Each server runs alone in its own process (bench/messaging-server.ts, bundled with esbuild like the CLI);',
    'every client connection and sender runs in a third (bench/messaging-clients.ts), which stamps `performance.now()` into each message\'s',
    `content and times every delivery on that one clock. ${result.cpus} CPUs, load average ${loadAverage(result.loadBefore)} before, ` +
      `${loadAverage(result.loadAfter)} after; the messaging benchmark took ${fixed(result.durationMs / 1000)} s.`,
    '',
    `Each room has ${SENDERS_PER_ROOM} senders taking turns at the room's rate for ${fixed(result.options.durationMs / 1000)} s (open loop: sends`,
    `follow the clock, not the deliveries), then the run waits up to ${fixed(result.options.drainMs / 1000)} s for deliveries on their way.`,
    'A room takes at most 100 messages/s (`maximumMessageRatePerSecond`, a sliding 1 s window), so "above the maximum" is more rooms, each',
    'at its maximum and of the same size; one room offered 400 messages/s shows the limit itself (ERROR 429 for the rest). At exactly',
    '100/s a few messages meet a window that still holds 100: the server admits a message when its turn reads it, so admission times',
    'jitter by the length of its turns. Those 429s are counted, not lost: "complete" counts messages that reached every connection',
    'of their room exactly once. Deliveries/s: every delivery, from the first send to the last delivery. Server CPU per delivery: the',
    'server process\'s CPU time (user + system, all threads) over its deliveries. Loop delay: how late each process ran a 1 ms timer,',
    'i.e. how long its turns took. Others: CPU time the rest of the machine used during the run (/proc/stat less both processes).',
    '',
    table(
      ['Shape', 'Server', 'Offered msg/s (deliveries/s)', 'Delivered/s', 'Complete (refused)', 'Latency p50 / p99 / max (ms)',
        'Server CPU us/delivery', 'CPU server / clients / others', 'Loop delay p99 server / clients (ms)'],
      rows,
    ),
    '',
    'Memory per connection: the server process\'s RSS and heap + external after a full GC, before and after opening '
      + `${MEMORY_CONNECTIONS.toLocaleString('en-US')} idle connections, in fresh processes before any load.`,
    '',
    table(['Server', 'Connections', 'RSS before', 'RSS after', 'RSS per connection', 'Heap + external per connection'], result.memory.map((memory) => [
      memory.server, String(memory.connections), mib(memory.before.rss), mib(memory.after.rss),
      kib(perConnection(memory, 'rss')), kib(perConnection(memory, 'heapAndExternal')),
    ])),
    '',
    'Where the chat server\'s time goes at 1 room x 1,000 connections, 100 messages/s (V8 sampling profiler, as `node --cpu-prof`; ' +
      `${fixed(busyMs)} ms busy of ${fixed(profile.sampledMs)} ms sampled${profile.file ? `; the profile: ${profile.file}` : ''}):`,
    '',
    table(['Self time by area', 'Share'], profile.byArea.slice(0, 6).map((area) => [area.area, `${fixed(area.share * 100)}%`])),
    '',
    table(['Self time by function', 'Share'], profile.top.slice(0, 8).map((entry) => [entry.name, `${fixed(entry.share * 100)}%`])),
    '',
  ];
}
