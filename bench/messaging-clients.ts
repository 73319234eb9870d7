/**
 * The messaging benchmark's client process (forked by bench/messaging.ts): holds every raw `ws` connection of a
 * scenario and its senders, so that the server under test runs in a process of its own. One clock for the whole
 * load: each message carries `performance.now()` of its send in its content (`<seq> <ms>`), and every receipt is
 * timed against it in this same process.
 *
 * Commands arrive over IPC as `{ id, command }`; each answers `{ id, result }` or `{ id, error }`.
 */
import { monitorEventLoopDelay, performance } from 'perf_hooks';
import { WebSocket } from 'ws';

/** One connection to open: the chat server's token is the only subprotocol; the raw server takes none. */
export interface ClientTarget {
  readonly url: string;
  readonly protocol?: string;
  readonly room: number;
}

export interface LoadRoom {
  /** indices of the connections (as opened by `connect`) that send this room's messages, in turn */
  readonly senders: readonly number[];
  /** messages per second offered to the room */
  readonly rate: number;
}

export interface LoadPlan {
  readonly rooms: readonly LoadRoom[];
  /** how long the senders send */
  readonly durationMs: number;
  /** how long, after the last send, deliveries may still arrive */
  readonly drainMs: number;
}

export type ClientCommand =
  | { readonly kind: 'connect'; readonly targets: readonly ClientTarget[]; readonly concurrency: number }
  | { readonly kind: 'load'; readonly plan: LoadPlan }
  | { readonly kind: 'close' };

export interface LoadReport {
  /** messages sent (offered) */
  readonly offered: number;
  /** what the senders achieved, messages per second over the send window */
  readonly offeredPerSecond: number;
  /** messages the server refused, by error code (429 for the room's rate) */
  readonly rejected: Record<string, number>;
  /** messages accepted (not refused): each must reach every connection of its room */
  readonly accepted: number;
  /** accepted messages that reached every connection of their room exactly once */
  readonly complete: number;
  /** deliveries expected (accepted x room size) and received */
  readonly expectedDeliveries: number;
  readonly deliveries: number;
  /** deliveries of a message a connection had already received (must be 0) */
  readonly duplicates: number;
  /** deliveries whose content the review handler rewrote */
  readonly rewritten: number;
  /** frames that were neither a message nor an error */
  readonly otherFrames: number;
  /** deliveries per second, from the first send to the last delivery */
  readonly deliveredPerSecond: number;
  /** from the first send to the last delivery */
  readonly wallMs: number;
  /** send-to-receive latency over every delivery, in milliseconds */
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  /** how long the senders sent */
  readonly sendMs: number;
  /** this process's CPU time during the run (user + system) */
  readonly cpuMs: number;
  /** how late this process's event loop ran a 1 ms timer (its turns' length), in milliseconds */
  readonly loopDelay: LoopDelay;
  /** whether the drain deadline passed before every expected delivery arrived */
  readonly timedOut: boolean;
}

export interface LoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const CONTENT = '"Content":"';
const REQUEST_ID = '"RequestId":"r';
const ERROR_CODE = '"ErrorCode":';

let sockets: WebSocket[] = [];
let roomOf: number[] = [];
/** the message handler of the current load, if any */
let onFrame: (socketIndex: number, text: string, now: number) => void = () => undefined;

async function connect(targets: readonly ClientTarget[], concurrency: number): Promise<{ connected: number; ms: number }> {
  const start = performance.now();
  let next = 0;
  const opened: WebSocket[] = new Array(targets.length);
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      opened[index] = await open(targets[index], index + sockets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  sockets = [...sockets, ...opened];
  roomOf = [...roomOf, ...targets.map((target) => target.room)];
  return { connected: sockets.length, ms: performance.now() - start };
}

function open(target: ClientTarget, index: number): Promise<WebSocket> {
  const protocols = target.protocol === undefined ? [] : [target.protocol];
  const socket = new WebSocket(target.url, protocols, { skipUTF8Validation: true, perMessageDeflate: false });
  socket.on('message', (data: Buffer) => onFrame(index, data.toString('latin1'), performance.now()));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    // Before the open: the handshake failed. After it: a reset while the run is torn down, nothing to report.
    socket.on('error', (error) => reject(error));
  });
}

/**
 * Drops every connection (a reset, not a close handshake): the server discards what it has not read yet instead of
 * working through the backlog of an overloaded run while the next one starts.
 */
async function close(): Promise<{ closed: number }> {
  const closing = sockets.map((socket) => new Promise<void>((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve();
    socket.once('close', () => resolve());
    socket.terminate();
  }));
  await Promise.all(closing);
  const closed = sockets.length;
  sockets = [];
  roomOf = [];
  return { closed };
}

/** Sends each room's messages at its rate (open loop: the schedule does not wait for deliveries), then drains. */
async function load(plan: LoadPlan): Promise<LoadReport> {
  const roomSize = new Array<number>(plan.rooms.length).fill(0);
  roomOf.forEach((room) => roomSize[room]++);
  const totals = plan.rooms.map((room) => Math.round((room.rate * plan.durationMs) / 1000));
  const bases = totals.map((_total, room) => totals.slice(0, room).reduce((sum, total) => sum + total, 0));
  const messageCount = totals.reduce((sum, total) => sum + total, 0);
  const maxDeliveries = totals.reduce((sum, total, room) => sum + total * roomSize[room], 0);
  const messageRoom = new Uint16Array(messageCount);
  totals.forEach((total, room) => messageRoom.fill(room, bases[room], bases[room] + total));

  const received = new Uint32Array(messageCount);
  const rejectedBy = new Uint16Array(messageCount);
  // One byte per (message, connection of its room): a delivery that finds its byte set is a duplicate.
  const rank = new Array<number>(sockets.length);
  const filled = new Array<number>(plan.rooms.length).fill(0);
  roomOf.forEach((room, socket) => { rank[socket] = filled[room]++; });
  const slotBase = totals.map((_total, room) => totals.slice(0, room).reduce((sum, total, other) => sum + total * roomSize[other], 0));
  const delivered = new Uint8Array(maxDeliveries);
  const latencies = new Float64Array(maxDeliveries);
  let deliveries = 0;
  let duplicates = 0;
  let rewritten = 0;
  let otherFrames = 0;
  let lastDelivery = 0;
  const rejected: Record<string, number> = {};

  onFrame = (socketIndex, text, now) => {
    const at = text.indexOf(CONTENT);
    if (at < 0) {
      const error = text.indexOf(ERROR_CODE);
      const request = text.indexOf(REQUEST_ID);
      if (error >= 0 && request >= 0) {
        const seq = parseInt(text.slice(request + REQUEST_ID.length), 10);
        const code = parseInt(text.slice(error + ERROR_CODE.length), 10);
        if (seq < messageCount) rejectedBy[seq] = code;
        rejected[code] = (rejected[code] ?? 0) + 1;
      } else {
        otherFrames++;
      }
      return;
    }
    const start = at + CONTENT.length;
    const space = text.indexOf(' ', start);
    const seq = parseInt(text.slice(start, space), 10);
    const sentAt = parseFloat(text.slice(space + 1, space + 16));
    if (!(seq < messageCount)) {
      otherFrames++;
      return;
    }
    const room = messageRoom[seq];
    const slot = slotBase[room] + (seq - bases[room]) * roomSize[room] + rank[socketIndex];
    if (delivered[slot] !== 0) duplicates++;
    delivered[slot] = 1;
    received[seq]++;
    if (deliveries < latencies.length) latencies[deliveries] = now - sentAt;
    deliveries++;
    if (text.indexOf(' reviewed"', start) >= 0) rewritten++;
    lastDelivery = now;
  };

  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const sent = new Array<number>(plan.rooms.length).fill(0);
  let sentAll = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const elapsed = now - start;
      plan.rooms.forEach((room, index) => {
        const due = Math.min(totals[index], Math.floor((elapsed * room.rate) / 1000) + 1);
        for (; sent[index] < due; sent[index]++) {
          const seq = bases[index] + sent[index];
          const socket = sockets[room.senders[sent[index] % room.senders.length]];
          socket.send(`{"Action":"SEND_MESSAGE","RequestId":"r${seq}","Content":"${seq} ${performance.now().toFixed(3)}"}`);
          sentAll++;
        }
      });
      // Bounded in count (every room's total) and in time (twice the planned duration).
      if (sentAll >= messageCount || elapsed > plan.durationMs * 2) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  const sendEnd = performance.now();

  const expected = (): number => {
    let total = 0;
    for (let seq = 0; seq < messageCount; seq++) if (rejectedBy[seq] === 0) total += roomSize[messageRoom[seq]];
    return total;
  };
  const settled = (): boolean => {
    for (let seq = 0; seq < messageCount; seq++) if (rejectedBy[seq] === 0 && received[seq] === 0) return false;
    return deliveries >= expected();
  };
  const deadline = sendEnd + plan.drainMs;
  while (!settled() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const timedOut = !settled();
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  const end = performance.now();
  onFrame = () => undefined;

  let accepted = 0;
  let complete = 0;
  for (let seq = 0; seq < messageCount; seq++) {
    if (rejectedBy[seq] !== 0) continue;
    accepted++;
    const room = messageRoom[seq];
    const first = slotBase[room] + (seq - bases[room]) * roomSize[room];
    if (delivered.subarray(first, first + roomSize[room]).every((byte) => byte === 1)) complete++;
  }
  const sorted = latencies.subarray(0, Math.min(deliveries, latencies.length)).sort();
  const quantile = (q: number): number => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const wallMs = (lastDelivery || end) - start;
  return {
    offered: sentAll,
    offeredPerSecond: (sentAll * 1000) / Math.max(1, sendEnd - start),
    rejected,
    accepted,
    complete,
    expectedDeliveries: expected(),
    deliveries,
    duplicates,
    rewritten,
    otherFrames,
    deliveredPerSecond: (deliveries * 1000) / wallMs,
    wallMs,
    latency: { p50: quantile(0.5), p99: quantile(0.99), max: sorted.length === 0 ? NaN : sorted[sorted.length - 1] },
    sendMs: sendEnd - start,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopDelay: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
    timedOut,
  };
}

async function perform(command: ClientCommand): Promise<unknown> {
  switch (command.kind) {
    case 'connect':
      return connect(command.targets, command.concurrency);
    case 'load':
      return load(command.plan);
    case 'close':
      return close();
  }
}

process.on('message', (message: { id: number; command: ClientCommand }) => {
  perform(message.command).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
