/**
 * Fault matrix, the invocation's deadline: the service throttles an operation for longer than the Lambda has. The
 * bundled handler must stop retrying in time, delete what it created but could not confirm, and answer before the
 * Lambda's own timeout (when Lambda kills it, the Provider framework answers FAILED and orphans what it made). Every
 * row asserts the final state and the time the handler took against the Lambda time it was given.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Handler, loadBundle, LOGGING_CONFIGURATION, LOGGING_V1, LOGGING_V2, noLoggingConfigurationLeft, ROOM, roomProperties } from './support';
import { SAFETY_MARGIN_MS } from '../../lambda/ivschat-provider/waiter';
import { IvsChatEmulator, OperationName } from '../../local/control-plane';
import { contextWithRemaining, createEvent, deleteEvent, rejectionOf, startEmulator, updateEvent } from '../lambda/support';

/** The Lambda time each row gives the handler: 2 s of work before the deadline, then the safety margin. */
const LAMBDA_TIME_MS = SAFETY_MARGIN_MS + 2_000;
/** What the handler must leave unused: time to send its answer to CloudFormation. */
const ANSWER_MARGIN_MS = 3_000;

const THROTTLED = { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' };
const ROOM_V1 = roomProperties({ roomName: 'lobby' }, { team: 'chat' });
const ROOM_V2 = roomProperties({ roomName: 'hall' }, { team: 'video' });

let emulator: IvsChatEmulator;
const savedEnv = { ...process.env };
const measured: Array<{ row: string; answeredAfterMs: number; lambdaTimeMs: number; calls: number }> = [];

beforeAll(async () => {
  emulator = await startEmulator({ loggingStateDelays: { creatingMs: 100, deletingMs: 100 } });
});
beforeEach(() => {
  emulator.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  process.env = savedEnv;
  await emulator.stop();
  // The answer times, for the benchmark report and the note.
  fs.mkdirSync(path.join(__dirname, '..', '..', 'test-reports'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', '..', 'test-reports', 'deadline-rows.json'), JSON.stringify(measured, null, 2));
});

/** Every request of `operation` answers 429 from now on. */
function throttleAlways(operation: OperationName): void {
  emulator.faults.failNext(operation, THROTTLED, 1_000_000);
}

/** Runs the handler with LAMBDA_TIME_MS left; asserts it answered a failure with time to spare; returns the error. */
async function failsInTime(row: string, handler: Handler, event: unknown): Promise<Error> {
  const callsBefore = emulator.calls.length;
  const start = Date.now();
  const error = await rejectionOf(handler(event, contextWithRemaining(LAMBDA_TIME_MS)));
  const answeredAfterMs = Date.now() - start;
  measured.push({ row, answeredAfterMs, lambdaTimeMs: LAMBDA_TIME_MS, calls: emulator.calls.length - callsBefore });
  expect(answeredAfterMs).toBeLessThan(LAMBDA_TIME_MS - ANSWER_MARGIN_MS);
  return error;
}

async function created(type: string, properties: Record<string, unknown>): Promise<string> {
  const { PhysicalResourceId } = await loadBundle()(createEvent(type, properties));
  return PhysicalResourceId;
}

describe('rooms', () => {
  test('CreateRoom throttled until the deadline: retries stop in time, no room exists', async () => {
    throttleAlways('CreateRoom');

    const error = await failsInTime('room create throttled', loadBundle(), createEvent(ROOM, ROOM_V1));

    expect(error.message).toMatch(/^CreateRoom failed: Rate exceeded \(ThrottlingException\) Gave up after \d+ attempts: the time this invocation has for calls ran out\.$/);
    expect(emulator.rooms()).toEqual([]);
  }, 30_000);

  test('UpdateRoom throttled until the deadline: the update fails in time, the room is as it was', async () => {
    const arn = await created(ROOM, ROOM_V1);
    const [before] = emulator.rooms();
    throttleAlways('UpdateRoom');

    const error = await failsInTime('room update throttled', loadBundle(), updateEvent(ROOM, arn, ROOM_V2, ROOM_V1));

    expect(error.message).toMatch(new RegExp(`^UpdateRoom failed for ${arn}: Rate exceeded \\(ThrottlingException\\) Gave up after \\d+ attempts`));
    expect(emulator.rooms()).toEqual([before]);
  }, 30_000);

  test('DeleteRoom throttled until the deadline: the delete fails in time, the room is still there for CloudFormation\'s retry', async () => {
    const arn = await created(ROOM, ROOM_V1);
    throttleAlways('DeleteRoom');

    await failsInTime('room delete throttled', loadBundle(), deleteEvent(ROOM, arn));
    expect(emulator.rooms().map(room => room.arn)).toEqual([arn]);

    emulator.faults.clear();
    await loadBundle()(deleteEvent(ROOM, arn));
    expect(emulator.rooms()).toEqual([]);
  }, 30_000);
});

describe('logging configurations', () => {
  test('CreateLoggingConfiguration throttled until the deadline: retries stop in time, none exists', async () => {
    throttleAlways('CreateLoggingConfiguration');

    const error = await failsInTime('logging create throttled', loadBundle(), createEvent(LOGGING_CONFIGURATION, LOGGING_V1));

    expect(error.message).toMatch(/^CreateLoggingConfiguration failed: Rate exceeded \(ThrottlingException\) Gave up after \d+ attempts/);
    expect(emulator.loggingConfigurations()).toEqual([]);
  }, 30_000);

  test('created, then every GetLoggingConfiguration throttled: not confirmed by the deadline, deleted before answering', async () => {
    throttleAlways('GetLoggingConfiguration');

    const error = await failsInTime('logging create ok, reads throttled', loadBundle(), createEvent(LOGGING_CONFIGURATION, LOGGING_V1));

    expect(error.message).toMatch(/^GetLoggingConfiguration failed for arn:aws:ivschat:us-east-1:123456789012:logging-configuration\/[a-zA-Z0-9]{12}: Rate exceeded \(ThrottlingException\) Gave up after \d+ attempts: the time this invocation has for calls ran out\. The logging configuration has been deleted\.$/);
    expect(emulator.callCount('CreateLoggingConfiguration')).toBe(1);
    await noLoggingConfigurationLeft(emulator);
  }, 30_000);

  test('UpdateLoggingConfiguration throttled until the deadline: the update fails in time, the configuration is as it was', async () => {
    const arn = await created(LOGGING_CONFIGURATION, LOGGING_V1);
    const [before] = emulator.loggingConfigurations();
    throttleAlways('UpdateLoggingConfiguration');

    const error = await failsInTime('logging update throttled', loadBundle(), updateEvent(LOGGING_CONFIGURATION, arn, LOGGING_V2, LOGGING_V1));

    expect(error.message).toMatch(new RegExp(`^UpdateLoggingConfiguration failed for ${arn}: Rate exceeded \\(ThrottlingException\\) Gave up`));
    expect(emulator.loggingConfigurations()).toEqual([before]);
  }, 30_000);

  test('DeleteLoggingConfiguration throttled until the deadline: the delete fails in time, the configuration is still there for the retry', async () => {
    const arn = await created(LOGGING_CONFIGURATION, LOGGING_V1);
    throttleAlways('DeleteLoggingConfiguration');

    await failsInTime('logging delete throttled', loadBundle(), deleteEvent(LOGGING_CONFIGURATION, arn));
    expect(emulator.loggingConfigurations().map(configuration => configuration.arn)).toEqual([arn]);

    emulator.faults.clear();
    await loadBundle()(deleteEvent(LOGGING_CONFIGURATION, arn));
    await noLoggingConfigurationLeft(emulator);
  }, 30_000);
});
