/**
 * The IVS Chat API calls the bundled handler makes for each kind of change, counted by the emulator, with
 * events whose properties come from synthesized templates (as CloudFormation would send them).
 */
import { randomUUID } from 'crypto';
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BundleLoader, cfnProperties, Handler, lambdaContext, quietly } from './handler';
import { ENV } from './stacks';
import { elapsedMs } from './stats';
import { IvsChatEmulator, WRITE_OPERATIONS } from '../local/control-plane';
import { LoggingConfiguration, LoggingDestination, Room, RoomProps } from '../src';
import { createEvent, deleteEvent, LOGGING_CONFIGURATION, ROOM, updateEvent } from '../test/lambda/support';

export interface ApiCallCount {
  readonly change: string;
  /** Every request the emulator received. */
  readonly calls: number;
  /** Successful write requests (Create/Update/Delete/Tag/Untag). */
  readonly writes: number;
  /** The operations, in order. */
  readonly operations: string[];
  /** The invocation's wall time. */
  readonly durationMs: number;
  /** What the scenario expects: checked, and shown as the target. */
  readonly expectedWrites?: number;
  readonly note?: string;
}

/** How long the emulator keeps a new logging configuration CREATING in the waiting scenario. */
export const CREATING_DELAY_MS = 2_000;

/** Room create, no-op update, one-field update, tag add and remove, delete; then a logging configuration create that waits. */
export async function countApiCalls(): Promise<ApiCallCount[]> {
  const loader = new BundleLoader();
  const results: ApiCallCount[] = [];
  await withEmulator({}, async emulator => {
    const handler = loader.load();
    const run = measure(emulator, handler, results);
    const v1 = roomProperties({ roomName: 'lobby', maximumMessageLength: 300 }, { team: 'chat', stage: 'dev' });
    const created = await run('Room create', createEvent(ROOM, v1), 1);
    const arn = created.PhysicalResourceId;
    await run('Room update, nothing changed', updateEvent(ROOM, arn, v1, v1), 0);
    const v2 = roomProperties({ roomName: 'lobby', maximumMessageLength: 300, maximumMessageRatePerSecond: 50 }, { team: 'chat', stage: 'dev' });
    await run('Room update, one field (maximumMessageRatePerSecond)', updateEvent(ROOM, arn, v2, v1), 1);
    const v3 = roomProperties({ roomName: 'lobby', maximumMessageLength: 300, maximumMessageRatePerSecond: 50 }, { team: 'chat', owner: 'me' });
    await run('Room update, tags: one added, one removed', updateEvent(ROOM, arn, v3, v2), 2);
    await run('Room delete', deleteEvent(ROOM, arn, v3), 1);
  });
  await withEmulator({ loggingStateDelays: { creatingMs: CREATING_DELAY_MS } }, async emulator => {
    const run = measure(emulator, loader.load(), results);
    await run(
      `Logging configuration create, waits for ACTIVE (CREATING for ${CREATING_DELAY_MS / 1000} s)`,
      createEvent(LOGGING_CONFIGURATION, loggingConfigurationProperties()),
      1,
      'GetLoggingConfiguration polls until two consecutive ACTIVE reads',
    );
  });
  return results;
}

type Run = (change: string, event: object, expectedWrites: number, note?: string) => Promise<{ PhysicalResourceId: string }>;

/**
 * Runs one event through the handler and records the calls it caused. Every event gets its own RequestId, as
 * CloudFormation gives every request one (the handler answers a repeated request without calling the API).
 */
function measure(emulator: IvsChatEmulator, handler: Handler, results: ApiCallCount[]): Run {
  return async (change, event, expectedWrites, note) => {
    const before = emulator.calls.length;
    const start = process.hrtime.bigint();
    const response = await quietly(() => handler({ ...event, RequestId: randomUUID() }, lambdaContext()));
    const durationMs = elapsedMs(start);
    const calls = emulator.calls.slice(before);
    results.push({
      change,
      calls: calls.length,
      writes: calls.filter(call => WRITE_OPERATIONS.has(call.operation) && call.status < 300).length,
      operations: calls.map(call => call.operation),
      durationMs,
      expectedWrites,
      note,
    });
    return response;
  };
}

async function withEmulator(options: Parameters<typeof IvsChatEmulator.start>[0], body: (emulator: IvsChatEmulator) => Promise<void>): Promise<void> {
  const emulator = await IvsChatEmulator.start(options);
  const savedEnv = { ...process.env };
  Object.assign(process.env, emulator.env());
  try {
    await body(emulator);
  } finally {
    process.env = savedEnv;
    await emulator.stop();
  }
}

function roomProperties(props: RoomProps, tags: Record<string, string>): Record<string, unknown> {
  const stack = new Stack(new App(), 'Chat', { env: ENV });
  const room = new Room(stack, 'Room', props);
  for (const [key, value] of Object.entries(tags)) {
    Tags.of(room).add(key, value);
  }
  return cfnProperties(stack, ROOM);
}

function loggingConfigurationProperties(): Record<string, unknown> {
  const stack = new Stack(new App(), 'Chat', { env: ENV });
  new LoggingConfiguration(stack, 'Config', {
    loggingConfigurationName: 'chat-logs',
    destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', '/chat/messages')),
  });
  return cfnProperties(stack, LOGGING_CONFIGURATION);
}
