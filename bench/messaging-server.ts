/**
 * The messaging benchmark's server process (forked by bench/messaging.ts): either the local chat server's messaging
 * path (the control plane's model and HTTP server with the MessagingEndpoint attached, and a FunctionRunner for review
 * handlers: what LocalChatServer composes) or the raw `ws` broadcast baseline, alone in its process so that its CPU
 * time, memory and profile are its own.
 *
 * `process.argv[2]` is `chat` or `raw`. Commands arrive over IPC as `{ id, command }`; each answers `{ id, result }`
 * or `{ id, error }`. Run with `--expose-gc`, so that memory is read after a full collection.
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { startRawBroadcastServer } from './raw-ws-server';
import { IvsChatEmulator } from '../local/control-plane';
import type { LocalFunction } from '../local/functions/local-function';
import { FunctionRunner } from '../local/functions/runner';
import { MessagingEndpoint } from '../local/messaging';

export type ServerMode = 'chat' | 'raw';

/** A room to create: how many connections, the first `senders` of them with SEND_MESSAGE. */
export interface RoomSpec {
  readonly connections: number;
  readonly senders: number;
  /** with the review handler (chat only) */
  readonly review?: boolean;
}

export type ServerCommand =
  | { readonly kind: 'rooms'; readonly rooms: readonly RoomSpec[] }
  | { readonly kind: 'memory' }
  | { readonly kind: 'connections' }
  | { readonly kind: 'measure-start' }
  | { readonly kind: 'measure-stop' }
  | { readonly kind: 'profile-start' }
  | { readonly kind: 'profile-stop'; readonly file?: string }
  | { readonly kind: 'stop' };

/** A connection to open: the chat server's token is its only subprotocol; the raw server's room is its URL path. */
export interface Target {
  readonly url: string;
  readonly protocol?: string;
  readonly room: number;
}

export interface MemoryReading {
  readonly rss: number;
  readonly heapUsed: number;
  /** heap plus the buffers outside it (socket buffers, frames) */
  readonly heapAndExternal: number;
  readonly connections: number;
}

/** Self time by function over a profile, the idle time left out. */
export interface ProfileSummary {
  readonly sampledMs: number;
  readonly idleMs: number;
  readonly top: ReadonlyArray<{ readonly name: string; readonly selfMs: number; readonly share: number }>;
  /** self time grouped by where the code lives: ws, local/messaging, local/control-plane, node internals, GC, ... */
  readonly byArea: ReadonlyArray<{ readonly area: string; readonly selfMs: number; readonly share: number }>;
  readonly file?: string;
}

/** The review handler the benchmark's reviewed room runs: it allows every message and rewrites it. */
const REVIEW_HANDLER_CODE = [
  'exports.handler = async (event) => ({',
  "  ReviewResult: 'ALLOW',",
  "  Content: event.Content + ' reviewed',",
  "  Attributes: { ...event.Attributes, reviewed: 'true' },",
  '});',
].join('\n');
const REVIEW_HANDLER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:bench-review';

const mode = process.argv[2] as ServerMode;

async function main(): Promise<void> {
  const server = mode === 'chat' ? await chatServer() : await rawServer();
  const profiler = new Profiler();
  const measure = new Measure();
  process.on('message', (message: { id: number; command: ServerCommand }) => {
    const answer = async (): Promise<unknown> => {
      const command = message.command;
      switch (command.kind) {
        case 'rooms':
          return server.rooms(command.rooms);
        case 'memory':
          return memory(server.connectionCount());
        case 'connections':
          return server.connectionCount();
        case 'measure-start':
          return measure.start();
        case 'measure-stop':
          return measure.stop();
        case 'profile-start':
          return profiler.start();
        case 'profile-stop':
          return profiler.stop(command.file);
        case 'stop':
          await server.close();
          setImmediate(() => process.exit(0));
          return {};
      }
    };
    answer().then(
      (result) => process.send!({ id: message.id, result }),
      (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.stack : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ ready: true });
}

interface BenchServer {
  rooms(rooms: readonly RoomSpec[]): Target[];
  connectionCount(): number;
  close(): Promise<void>;
}

/** The control plane and the messaging endpoint on one port, as LocalChatServer composes them, without an assembly. */
async function chatServer(): Promise<BenchServer> {
  const emulator = await IvsChatEmulator.start();
  const runner = new FunctionRunner({ log: () => undefined });
  let reviewHandler: LocalFunction | undefined;
  const endpoint = new MessagingEndpoint({
    service: emulator.service,
    reviewHandler: (uri) => (uri === REVIEW_HANDLER_ARN ? reviewHandler : undefined),
  });
  endpoint.attach(emulator.server);
  const url = emulator.endpoint.replace('http://', 'ws://');
  return {
    rooms: (rooms) => rooms.flatMap((spec, index) => {
      if (spec.review) {
        reviewHandler ??= runner.function({
          arn: REVIEW_HANDLER_ARN, runtime: 'nodejs20.x', handler: 'index.handler', code: { inline: REVIEW_HANDLER_CODE }, environment: {},
        });
      }
      const now = Date.now();
      // The service's room maximum; a failed review denies, so that a lost verdict shows as an ERROR 406.
      const room = emulator.service.createRoom({
        maximumMessageRatePerSecond: 100,
        ...spec.review ? { messageReviewHandler: { uri: REVIEW_HANDLER_ARN, fallbackResult: 'DENY' as const } } : {},
      }, now);
      return Array.from({ length: spec.connections }, (_value, user) => ({
        url,
        room: index,
        protocol: emulator.service.createChatToken({
          roomIdentifier: room.arn,
          userId: `user-${index}-${user}`,
          capabilities: user < spec.senders ? ['SEND_MESSAGE'] : [],
        }, now).token,
      }));
    }),
    connectionCount: () => endpoint.connectionCount,
    close: async () => {
      await endpoint.close();
      await runner.close();
      await emulator.stop();
    },
  };
}

async function rawServer(): Promise<BenchServer> {
  const raw = await startRawBroadcastServer();
  let nextRoom = 0;
  return {
    rooms: (rooms) => rooms.flatMap((spec, index) => {
      const url = `ws://127.0.0.1:${raw.port}/room-${nextRoom++}`;
      return Array.from({ length: spec.connections }, () => ({ url, room: index }));
    }),
    connectionCount: () => raw.connectionCount(),
    close: () => raw.close(),
  };
}

/** What a run cost this process. */
export interface ServerMeasure {
  /** CPU time (user + system, every thread: the review handler's workers too) */
  readonly cpuMs: number;
  /** how late the event loop ran a 1 ms timer (the length of its turns), in milliseconds */
  readonly loopDelay: { readonly p50: number; readonly p99: number; readonly max: number };
}

class Measure {
  private cpu = process.cpuUsage();
  private loop = monitorEventLoopDelay({ resolution: 1 });

  start(): object {
    this.loop = monitorEventLoopDelay({ resolution: 1 });
    this.loop.enable();
    this.cpu = process.cpuUsage();
    return {};
  }

  stop(): ServerMeasure {
    const cpu = process.cpuUsage(this.cpu);
    this.loop.disable();
    return {
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopDelay: { p50: this.loop.percentile(50) / 1e6, p99: this.loop.percentile(99) / 1e6, max: this.loop.max / 1e6 },
    };
  }
}

function memory(connections: number): MemoryReading {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, heapAndExternal: usage.heapUsed + usage.external, connections };
}

/** The V8 sampling profiler of this process (what `node --cpu-prof` writes), started and stopped on command. */
class Profiler {
  private readonly session = new inspector.Session();

  constructor() {
    this.session.connect();
  }

  async start(): Promise<object> {
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.post('Profiler.start');
    return {};
  }

  async stop(file?: string): Promise<ProfileSummary> {
    const { profile } = await this.post('Profiler.stop') as { profile: CpuProfile };
    await this.post('Profiler.disable');
    if (file !== undefined) fs.writeFileSync(file, JSON.stringify(profile));
    return summarizeProfile(profile, file);
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<{ readonly id: number; readonly callFrame: CallFrame }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function summarizeProfile(profile: CpuProfile, file?: string): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const sourceOf = bundleSources();
  const byName = new Map<string, number>();
  const byArea = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const source = sourceOf(frame.url, frame.lineNumber);
    const name = `${frame.functionName || '(anonymous)'}${source ? ` (${source})` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
    const area = areaOf(frame.functionName, source);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (entries: Map<string, number>, count: number) => [...entries].sort((a, b) => b[1] - a[1]).slice(0, count);
  return {
    sampledMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    top: rank(byName, 10).map(([name, us]) => ({ name, selfMs: us / 1000, share: us / busyUs })),
    byArea: rank(byArea, 10).map(([area, us]) => ({ area, selfMs: us / 1000, share: us / busyUs })),
    file,
  };
}

/**
 * The source file of a profiled line. The benchmark runs this script bundled by esbuild (as the CLI ships), which
 * marks where each module starts with a `// <path>` comment: a line of the bundle belongs to the last module marked
 * above it. Other scripts are named by their path.
 */
function bundleSources(): (url: string, line: number) => string {
  const bundle = __filename;
  const starts: Array<{ line: number; source: string }> = [];
  if (bundle.endsWith('.js')) {
    fs.readFileSync(bundle, 'utf8').split('\n').forEach((text, line) => {
      const marker = /^\/\/ ((?:node_modules|local|bench)\/\S+\.[jt]s)$/.exec(text);
      if (marker) starts.push({ line, source: marker[1] });
    });
  }
  return (url, line) => {
    const file = url.replace(/^file:\/\//, '');
    if (file === bundle && starts.length > 0) {
      let source = '';
      for (const start of starts) {
        if (start.line > line) break;
        source = start.source;
      }
      return source;
    }
    const root = path.join(__dirname, '..') + path.sep;
    return file.startsWith(root) ? file.slice(root.length) : file.replace(/^node:/, '');
  };
}

function areaOf(functionName: string, source: string): string {
  if (source === '') return functionName.startsWith('(') ? functionName : '(native: syscalls, V8 builtins)';
  if (source.startsWith('node_modules/ws/')) return 'ws';
  if (source.startsWith('local/')) return source.split('/').slice(0, 2).join('/');
  if (source.startsWith('node_modules/')) return 'other packages';
  if (source.startsWith('internal/')) return `node internals (${source.split('/')[1]})`;
  return source.includes('/') ? source : `node:${source}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
