import { DeleteRoomCommand } from '@aws-sdk/client-ivschat';
import { createEvent, LOGGING_CONFIGURATION, rejectionOf, ROOM, STACK_ID, startEmulator, updateEvent } from './support';
import { handler } from '../../lambda/ivschat-provider';
import type { LifecycleResult } from '../../lambda/ivschat-provider/lifecycle';
import { MAX_REMEMBERED_REQUESTS, oncePerRequest, requestKey } from '../../lambda/ivschat-provider/once-per-request';
import { IvsChatEmulator } from '../../local/control-plane';

let emulator: IvsChatEmulator;
let log: jest.SpyInstance;

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.reset();
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => emulator.stop());

function outcomes(): string[] {
  return log.mock.calls.map(([line]) => JSON.parse(line).outcome);
}

describe('oncePerRequest', () => {
  const request = (id: string) => ({ StackId: STACK_ID, LogicalResourceId: 'Room', RequestId: id });
  const result = (arn: string): LifecycleResult => ({ physicalResourceId: arn, outcome: 'created' });

  test('the key is the stack, the logical id and the request id', () => {
    expect(requestKey(request('r-1'))).toBe(`${STACK_ID}/Room/r-1`);
  });

  test('runs an operation once per request, and answers a repeat with the first result', async () => {
    const operation = jest.fn(async () => result('first'));

    const answers = await Promise.all([oncePerRequest(request('once'), operation), oncePerRequest(request('once'), operation)]);
    const later = await oncePerRequest(request('once'), operation);

    expect(operation).toHaveBeenCalledTimes(1);
    expect(answers).toEqual([result('first'), { physicalResourceId: 'first', outcome: 'duplicate-request' }]);
    expect(later).toEqual({ physicalResourceId: 'first', outcome: 'duplicate-request' });
  });

  test('a repeat while the first is in flight gets its failure; a later one runs again', async () => {
    const failure = new Error('CreateRoom failed');
    const operation = jest.fn().mockRejectedValueOnce(failure).mockResolvedValueOnce(result('second'));

    const [first, concurrent] = await Promise.allSettled([oncePerRequest(request('fails'), operation), oncePerRequest(request('fails'), operation)]);
    expect(first).toEqual({ status: 'rejected', reason: failure });
    expect(concurrent).toEqual({ status: 'rejected', reason: failure });
    expect(operation).toHaveBeenCalledTimes(1);

    await expect(oncePerRequest(request('fails'), operation)).resolves.toEqual(result('second'));
    expect(operation).toHaveBeenCalledTimes(2);
  });

  test(`remembers the last ${MAX_REMEMBERED_REQUESTS} requests: the oldest is forgotten first`, async () => {
    const operation = jest.fn(async () => result('arn'));
    for (let i = 0; i <= MAX_REMEMBERED_REQUESTS; i++) {
      await oncePerRequest(request(`bounded-${i}`), operation);
    }
    await oncePerRequest(request(`bounded-${MAX_REMEMBERED_REQUESTS}`), operation);
    expect(operation).toHaveBeenCalledTimes(MAX_REMEMBERED_REQUESTS + 1);

    await oncePerRequest(request('bounded-0'), operation);
    expect(operation).toHaveBeenCalledTimes(MAX_REMEMBERED_REQUESTS + 2);
  });
});

describe('a Create that the Provider framework sends twice', () => {
  test('concurrently: one CreateRoom, one room, the same physical id twice', async () => {
    const event = createEvent(ROOM, { Name: 'lobby' });

    const [first, second] = await Promise.all([handler(event), handler(event)]);

    expect(second).toEqual(first);
    expect(emulator.callCount('CreateRoom')).toBe(1);
    expect(emulator.rooms().map(room => room.arn)).toEqual([first.PhysicalResourceId]);
    expect(outcomes().sort()).toEqual(['created', 'duplicate-request']);
  });

  test('later: answered from the first with no call at all', async () => {
    const event = createEvent(ROOM, { Name: 'lobby' });
    const first = await handler(event);
    const calls = emulator.callCount();

    await expect(handler(event)).resolves.toEqual(first);
    expect(emulator.callCount()).toBe(calls);
    expect(emulator.rooms()).toHaveLength(1);
  });

  test('a logging configuration, repeated while the first waits for ACTIVE: one configuration', async () => {
    const event = createEvent(LOGGING_CONFIGURATION, { DestinationConfiguration: { S3: { BucketName: 'chat-logs' } } });

    const [first, second] = await Promise.all([handler(event), handler(event)]);

    expect(second).toEqual(first);
    expect(emulator.callCount('CreateLoggingConfiguration')).toBe(1);
    expect(emulator.loggingConfigurations().map(configuration => configuration.arn)).toEqual([first.PhysicalResourceId]);
  });

  test('other requests (another RequestId, another logical id) are creates of their own', async () => {
    const event = createEvent(ROOM, {});

    await handler(event);
    await handler({ ...event, RequestId: 'another-request' });
    await handler({ ...event, LogicalResourceId: 'OtherRoom' });

    expect(emulator.rooms()).toHaveLength(3);
  });

  test('after a failed create, the repeat creates the room: exactly one', async () => {
    emulator.faults.failNext('CreateRoom', { status: 400, type: 'ValidationException', message: 'rejected once' });
    const event = createEvent(ROOM, { Name: 'lobby' });

    const error = await rejectionOf(handler(event));
    const retried = await handler(event);

    expect(error.message).toMatch(/^CreateRoom failed: rejected once/);
    expect(emulator.rooms().map(room => room.arn)).toEqual([retried.PhysicalResourceId]);
  });
});

test('an Update sent twice that recreates a vanished room makes one replacement, not two', async () => {
  const { PhysicalResourceId: arn } = await handler(createEvent(ROOM, { Name: 'lobby' }));
  await emulator.client().send(new DeleteRoomCommand({ identifier: arn }));
  const event = updateEvent(ROOM, arn, { Name: 'hall' }, { Name: 'lobby' });

  const [first, second] = await Promise.all([handler(event), handler(event)]);

  expect(second).toEqual(first);
  expect(first.PhysicalResourceId).not.toBe(arn);
  expect(emulator.rooms()).toEqual([expect.objectContaining({ arn: first.PhysicalResourceId, name: 'hall' })]);
  expect(emulator.callCount('CreateRoom')).toBe(2);
});
