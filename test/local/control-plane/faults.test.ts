import {
  CreateChatTokenCommand, CreateLoggingConfigurationCommand, CreateRoomCommand, DeleteRoomCommand, GetRoomCommand, IvschatClient,
  ListLoggingConfigurationsCommand, ListRoomsCommand, ThrottlingException,
} from '@aws-sdk/client-ivschat';
import { IvsChatEmulator, OPERATION_GROUPS, WRITE_OPERATIONS } from '../../../local/control-plane';

const DESTINATION = { s3: { bucketName: 'chat-logs' } };

let emulator: IvsChatEmulator;
let client: IvschatClient;
/** When set, the emulator's time stands still: a burst arrives within one throttling window however slow the machine. */
let frozenAt: number | undefined;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start({ clock: () => frozenAt ?? Date.now() });
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => {
  frozenAt = undefined;
  emulator.reset();
});
afterAll(() => emulator.stop());

async function settled<T>(calls: Promise<T>[]) {
  const results = await Promise.allSettled(calls);
  return {
    fulfilled: results.filter((result) => result.status === 'fulfilled').length,
    rejections: results.flatMap((result) => result.status === 'rejected' ? [result.reason as unknown] : []),
  };
}

describe('throttle', () => {
  test('a burst above the rate answers 429 ThrottlingException to the excess', async () => {
    emulator.faults.throttle('room', 2);
    frozenAt = Date.now();

    const { fulfilled, rejections } = await settled(Array.from({ length: 5 }, () => client.send(new ListRoomsCommand({}))));

    expect(fulfilled).toBe(2);
    expect(rejections).toHaveLength(3);
    for (const rejection of rejections) {
      expect(rejection).toBeInstanceOf(ThrottlingException);
      expect(rejection).toMatchObject({ limit: 2, $metadata: { httpStatusCode: 429 } });
    }
    expect(emulator.calls.filter((call) => call.errorType === 'ThrottlingException')).toHaveLength(rejections.length);
  });

  test('the SDK retries throttled calls until they succeed', async () => {
    emulator.faults.throttle('room', 2);
    const retrying = emulator.client({ maxAttempts: 10 });

    const { fulfilled } = await settled(Array.from({ length: 3 }, () => retrying.send(new ListRoomsCommand({}))));

    expect(fulfilled).toBe(3);
    expect(emulator.calls.some((call) => call.status === 429)).toBe(true);
    retrying.destroy();
  });

  test('only limits the group it is set on', async () => {
    const room = await client.send(new CreateRoomCommand({}));
    emulator.faults.throttle('room', 0);

    await expect(client.send(new GetRoomCommand({ identifier: room.arn }))).rejects.toMatchObject({
      name: 'ThrottlingException', resourceId: room.arn,
    });
    await expect(client.send(new CreateChatTokenCommand({ roomIdentifier: room.arn, userId: 'u' }))).resolves.toMatchObject({ token: expect.any(String) });
  });

  test('throttleAtServiceQuotas limits logging configuration calls to 3 per second', async () => {
    emulator.faults.throttleAtServiceQuotas();
    frozenAt = Date.now();

    const { fulfilled, rejections } = await settled(Array.from({ length: 6 }, () => client.send(new ListLoggingConfigurationsCommand({}))));

    expect(fulfilled).toBe(3);
    expect(rejections).toHaveLength(3);
    expect(rejections[0]).toMatchObject({ name: 'ThrottlingException', limit: 3 });
  });

  test('a throttled request is not processed', async () => {
    emulator.faults.throttle('room', 0);

    await expect(client.send(new CreateRoomCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });

    expect(emulator.rooms()).toEqual([]);
  });
});

describe('failNext', () => {
  test('answers the scripted error instead of processing the request', async () => {
    emulator.faults.failNext('CreateRoom', { status: 409, type: 'ConflictException', message: 'scripted' });

    await expect(client.send(new CreateRoomCommand({}))).rejects.toMatchObject({
      name: 'ConflictException', message: 'scripted', $metadata: { httpStatusCode: 409 },
    });
    expect(emulator.rooms()).toEqual([]);
  });

  test('fails only the next `times` calls of that operation', async () => {
    emulator.faults.failNext('ListRooms', { status: 400, type: 'ValidationException' }, 2);

    const outcomes = [];
    for (let index = 0; index < 3; index++) {
      outcomes.push(await client.send(new ListRoomsCommand({})).then(() => 'ok', (error: Error) => error.name));
    }
    await client.send(new CreateRoomCommand({}));

    expect(outcomes).toEqual(['ValidationException', 'ValidationException', 'ok']);
  });

  test("'*' fails whichever operation comes next", async () => {
    emulator.faults.failNext('*', { status: 403, type: 'AccessDeniedException' });

    await expect(client.send(new ListLoggingConfigurationsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(client.send(new ListRoomsCommand({}))).resolves.toMatchObject({ rooms: [] });
  });

  test('scripts apply in the order they were given', async () => {
    emulator.faults.failNext('ListRooms', { status: 409, type: 'ConflictException' });
    emulator.faults.failNext('*', { status: 403, type: 'AccessDeniedException' });

    const first = await client.send(new ListRoomsCommand({})).catch((error: Error) => error.name);
    const second = await client.send(new ListRoomsCommand({})).catch((error: Error) => error.name);

    expect([first, second]).toEqual(['ConflictException', 'AccessDeniedException']);
  });

  test('the SDK retries scripted 500s and succeeds', async () => {
    emulator.faults.failNext('ListRooms', { status: 500, type: 'InternalServerException' }, 2);
    const retrying = emulator.client({ maxAttempts: 3 });

    const answer = await retrying.send(new ListRoomsCommand({}));

    expect(answer.$metadata.attempts).toBe(3);
    expect(emulator.calls.map((call) => call.status)).toEqual([500, 500, 200]);
    retrying.destroy();
  });
});

describe('latency', () => {
  test('delayed answers still arrive and are recorded', async () => {
    emulator.faults.latency('ListRooms', 50);

    await expect(client.send(new ListRoomsCommand({}))).resolves.toMatchObject({ rooms: [] });

    expect(emulator.calls).toEqual([expect.objectContaining({ operation: 'ListRooms', status: 200 })]);
  });

  test("'*' delays every operation, errors included", async () => {
    emulator.faults.latency('*', 20);

    await expect(client.send(new GetRoomCommand({ identifier: 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new ListRoomsCommand({}))).resolves.toMatchObject({ rooms: [] });
  });
});

describe('failLoggingConfigurationState', () => {
  test('fails the next `times` creates, then creates succeed again', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED', 2);

    const states = [];
    for (let index = 0; index < 3; index++) {
      states.push((await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: DESTINATION }))).state);
    }

    expect(states).toEqual(['CREATE_FAILED', 'CREATE_FAILED', 'ACTIVE']);
  });
});

describe('clear', () => {
  test('removes every fault', async () => {
    emulator.faults.throttle('room', 0);
    emulator.faults.failNext('*', { status: 500, type: 'InternalServerException' });
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');

    emulator.faults.clear();

    await expect(client.send(new ListRoomsCommand({}))).resolves.toMatchObject({ rooms: [] });
    await expect(client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: DESTINATION }))).resolves.toMatchObject({ state: 'ACTIVE' });
  });

  test.each([
    ['a negative rate', () => emulator.faults.throttle('room', -1), '`tps` must be a non-negative integer, got: -1'],
    ['zero times', () => emulator.faults.failNext('*', { status: 500, type: 'InternalServerException' }, 0), '`times` must be a positive integer, got: 0'],
    ['a success status', () => emulator.faults.failNext('*', { status: 200, type: 'Fine' }), '`status` must be a 4xx or 5xx HTTP status, got: 200'],
    ['a negative latency', () => emulator.faults.latency('*', -5), '`ms` must be zero or more, got: -5'],
  ])('refuses %s', (_case, script, message) => {
    expect(script).toThrow(message);
  });
});

describe('call records', () => {
  test('record every request with its outcome and the resource it addressed', async () => {
    const before = Date.now();
    const room = await client.send(new CreateRoomCommand({}));
    await client.send(new CreateChatTokenCommand({ roomIdentifier: room.arn, userId: 'u' }));
    await client.send(new DeleteRoomCommand({ identifier: room.arn }));
    await client.send(new GetRoomCommand({ identifier: room.arn })).catch(() => undefined);

    expect(emulator.calls).toEqual([
      { operation: 'CreateRoom', status: 200, time: expect.any(Number), input: {} },
      { operation: 'CreateChatToken', status: 200, time: expect.any(Number), resourceArn: room.arn, input: { roomIdentifier: room.arn, userId: 'u' } },
      { operation: 'DeleteRoom', status: 204, time: expect.any(Number), resourceArn: room.arn, input: { identifier: room.arn } },
      { operation: 'GetRoom', status: 404, errorType: 'ResourceNotFoundException', time: expect.any(Number), resourceArn: room.arn, input: { identifier: room.arn } },
    ]);
    expect(emulator.calls[0].time).toBeGreaterThanOrEqual(before);
  });

  test('callCount counts one operation, several, or all', async () => {
    await client.send(new CreateRoomCommand({}));
    await client.send(new ListRoomsCommand({}));
    await client.send(new ListRoomsCommand({}));

    expect([
      emulator.callCount('ListRooms'), emulator.callCount(['ListRooms', 'CreateRoom']), emulator.callCount(), emulator.callCount('GetRoom'),
    ]).toEqual([2, 3, 3, 0]);
  });

  test('writeCallCount counts successful writes only', async () => {
    await client.send(new CreateRoomCommand({}));
    await client.send(new ListRoomsCommand({}));
    await client.send(new CreateRoomCommand({ name: 'bad name' })).catch(() => undefined);

    expect(emulator.writeCallCount()).toBe(1);
  });

  test('write operations are the non-reading ones', () => {
    const reads = Object.keys(OPERATION_GROUPS).filter((operation) => !WRITE_OPERATIONS.has(operation as keyof typeof OPERATION_GROUPS));

    expect(reads.sort()).toEqual(['GetLoggingConfiguration', 'GetRoom', 'ListLoggingConfigurations', 'ListRooms', 'ListTagsForResource']);
  });
});

describe('reset', () => {
  test('clears state, records, calls and faults', async () => {
    const room = await client.send(new CreateRoomCommand({}));
    await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: DESTINATION }));
    await client.send(new CreateChatTokenCommand({ roomIdentifier: room.arn, userId: 'u' }));
    emulator.faults.failNext('*', { status: 500, type: 'InternalServerException' });

    emulator.reset();

    expect([emulator.rooms(), emulator.loggingConfigurations(), emulator.chatTokens, emulator.calls]).toEqual([[], [], [], []]);
    await expect(client.send(new ListRoomsCommand({}))).resolves.toMatchObject({ rooms: [] });
  });
});
