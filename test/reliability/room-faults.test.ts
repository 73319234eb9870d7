/**
 * Fault matrix, rooms: the bundled handler driven by CloudFormation-shaped events against the emulator with
 * injected faults. Every row asserts the emulator's final state: nothing orphaned, lost or duplicated.
 */
import { DeleteRoomCommand } from '@aws-sdk/client-ivschat';
import { answered, CREATE_FAILED_MARKER, Handler, loadBundle, REVIEW_HANDLER_ARN, ROOM, roomProperties, roomState } from './support';
import { IvsChatEmulator, OperationName } from '../../local/control-plane';
import { createEvent, deleteEvent, rejectionOf, startEmulator, updateEvent } from '../lambda/support';

let emulator: IvsChatEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  process.env = savedEnv;
  await emulator.stop();
});

const V1 = roomProperties({ roomName: 'lobby', maximumMessageLength: 300, reviewHandler: true }, { team: 'chat', stage: 'dev' });
const V2 = roomProperties({ roomName: 'hall', maximumMessageLength: 400, maximumMessageRatePerSecond: 50 }, { team: 'video', owner: 'me' });

/** What V1 and V2 say, as the emulator holds it. */
const AS_V1 = {
  name: 'lobby',
  maximumMessageLength: 300,
  maximumMessageRatePerSecond: 10,
  messageReviewHandler: { uri: REVIEW_HANDLER_ARN, fallbackResult: 'ALLOW' },
  tags: { team: 'chat', stage: 'dev' },
};
const AS_V2 = { name: 'hall', maximumMessageLength: 400, maximumMessageRatePerSecond: 50, tags: { team: 'video', owner: 'me' } };

const INTERNAL_ERROR = { status: 500, type: 'InternalServerException', message: 'transient' };
const NOT_FOUND = { status: 404, type: 'ResourceNotFoundException', message: 'gone' };

async function createdRoom(handler: Handler = loadBundle()): Promise<string> {
  const { PhysicalResourceId } = await handler(createEvent(ROOM, V1));
  return PhysicalResourceId;
}

describe('throttling (429) bursts, each invocation in its own execution environment', () => {
  test('room operations at 2 TPS: two creates, an update and a delete at once each happen exactly once', async () => {
    const [kept, deleted] = await Promise.all([createdRoom(), createdRoom()]);
    emulator.faults.throttle('room', 2);

    const [created, alsoCreated] = await Promise.all([
      createdRoom(),
      createdRoom(),
      loadBundle()(updateEvent(ROOM, kept, V2, V1)),
      loadBundle()(deleteEvent(ROOM, deleted)),
    ]);

    expect(emulator.rooms()).toEqual([
      expect.objectContaining({ arn: kept, ...AS_V2 }),
      ...[created, alsoCreated].map(arn => expect.objectContaining({ arn, ...AS_V1 })),
    ]);
    expect(answered(emulator, 'ThrottlingException')).toBeGreaterThan(0);
    expect(emulator.calls.filter(call => call.status < 300).map(call => call.operation).sort())
      .toEqual([...Array(4).fill('CreateRoom'), 'DeleteRoom', 'TagResource', 'UntagResource', 'UpdateRoom']);
  }, 30_000);

  test('tag operations at 2 TPS: 2 rooms retagged at once end with exactly the new tags', async () => {
    const arns = await Promise.all([createdRoom(), createdRoom()]);
    emulator.faults.throttle('tag', 2);

    await Promise.all(arns.map(arn => loadBundle()(updateEvent(ROOM, arn, { ...V1, Tags: V2.Tags }, V1))));

    expect(emulator.rooms()).toEqual(arns.map(arn => expect.objectContaining({ arn, ...AS_V1, tags: AS_V2.tags })));
    expect(answered(emulator, 'ThrottlingException')).toBeGreaterThan(0);
    expect(emulator.callCount('UpdateRoom')).toBe(0);
  }, 30_000);
});

describe('transient 500s on each write operation are retried: the change happens exactly once', () => {
  test.each<[OperationName, (handler: Handler) => Promise<void>, object[]]>([
    ['CreateRoom', async handler => {
      await handler(createEvent(ROOM, V1));
    }, [AS_V1]],
    ['UpdateRoom', async handler => {
      await handler(updateEvent(ROOM, await createdRoom(handler), { ...V1, Name: 'hall' }, V1));
    }, [{ ...AS_V1, name: 'hall' }]],
    ['DeleteRoom', async handler => {
      await handler(deleteEvent(ROOM, await createdRoom(handler)));
    }, []],
    ['TagResource', async handler => {
      await handler(updateEvent(ROOM, await createdRoom(handler), { ...V1, Tags: V2.Tags }, V1));
    }, [{ ...AS_V1, tags: AS_V2.tags }]],
    ['UntagResource', async handler => {
      await handler(updateEvent(ROOM, await createdRoom(handler), { ...V1, Tags: [{ Key: 'team', Value: 'chat' }] }, V1));
    }, [{ ...AS_V1, tags: { team: 'chat' } }]],
  ])('%s', async (operation, run, rooms) => {
    emulator.faults.failNext(operation, INTERNAL_ERROR, 2);

    await run(loadBundle());

    expect(emulator.rooms()).toEqual(rooms.map(room => expect.objectContaining(room)));
    expect(emulator.calls.filter(call => call.operation === operation).map(call => call.status)).toEqual([500, 500, expect.any(Number)]);
  });
});

test('latency (150 ms on every answer): create, update and delete complete, nothing left', async () => {
  emulator.faults.latency('*', 150);
  const handler = loadBundle();

  const arn = await createdRoom(handler);
  await handler(updateEvent(ROOM, arn, V2, V1));
  expect(emulator.rooms()).toEqual([expect.objectContaining({ arn, ...AS_V2 })]);
  await handler(deleteEvent(ROOM, arn));

  expect(emulator.rooms()).toEqual([]);
});

describe('ResourceNotFound', () => {
  test('on delete: the room deleted outside CloudFormation counts as deleted', async () => {
    const arn = await createdRoom();
    await emulator.client().send(new DeleteRoomCommand({ identifier: arn }));

    await expect(loadBundle()(deleteEvent(ROOM, arn))).resolves.toEqual({ PhysicalResourceId: arn });

    expect(emulator.rooms()).toEqual([]);
  });

  test('on delete, answered by the service: success, and the room is gone', async () => {
    const arn = await createdRoom();
    await emulator.client().send(new DeleteRoomCommand({ identifier: arn }));
    emulator.faults.failNext('DeleteRoom', NOT_FOUND);

    await loadBundle()(deleteEvent(ROOM, arn));

    expect(emulator.rooms()).toEqual([]);
  });

  test('on update: a new room under a new physical id; CloudFormation\'s delete of the old one succeeds; one room remains', async () => {
    const arn = await createdRoom();
    await emulator.client().send(new DeleteRoomCommand({ identifier: arn }));
    const handler = loadBundle();

    const updated = await handler(updateEvent(ROOM, arn, V2, V1));
    expect(updated.PhysicalResourceId).not.toBe(arn);
    await expect(handler(deleteEvent(ROOM, arn, V1))).resolves.toEqual({ PhysicalResourceId: arn });

    expect(emulator.rooms()).toEqual([expect.objectContaining({ arn: updated.PhysicalResourceId, ...AS_V2 })]);
    expect(updated.Data).toEqual({ Arn: updated.PhysicalResourceId, Id: updated.PhysicalResourceId.split('/')[1] });
  });
});

describe('a failed create leaves nothing, and the delete CloudFormation sends after it is a no-op', () => {
  test.each([
    ['the request id', (requestId: string) => requestId],
    ['the Provider framework\'s marker', () => CREATE_FAILED_MARKER],
  ])('CreateRoom rejected; then Delete with %s as physical id', async (_, physicalId) => {
    emulator.faults.failNext('CreateRoom', { status: 400, type: 'ValidationException', message: 'rejected' });
    const handler = loadBundle();
    const create = createEvent(ROOM, V1);

    const error = await rejectionOf(handler(create));
    const calls = emulator.callCount();
    await handler(deleteEvent(ROOM, physicalId(create.RequestId), V1));

    expect(error.message).toBe('CreateRoom failed: rejected (ValidationException)');
    expect(emulator.callCount()).toBe(calls);
    expect(emulator.rooms()).toEqual([]);
  });
});

describe('update rollback: the room returns exactly to its original state, tags included', () => {
  test('after an update that failed half-way (UpdateRoom and UntagResource done, TagResource rejected)', async () => {
    const handler = loadBundle();
    const arn = await createdRoom(handler);
    const [original] = emulator.rooms();
    emulator.faults.failNext('TagResource', { status: 400, type: 'ValidationException', message: 'rejected' });

    await expect(handler(updateEvent(ROOM, arn, V2, V1))).rejects.toThrow(/^TagResource failed for .*: rejected \(ValidationException\)$/);
    expect(emulator.rooms()).toEqual([expect.objectContaining({ name: 'hall', tags: { team: 'chat' } })]);
    // CloudFormation rolls back: the old properties come back as the new ones, the rejected ones as the old.
    await handler(updateEvent(ROOM, arn, V1, V2));

    expect(emulator.rooms().map(roomState)).toEqual([roomState(original)]);
  });

  test('after an update whose UpdateRoom the service rejected (a missing logging configuration)', async () => {
    const handler = loadBundle();
    const arn = await createdRoom(handler);
    const [original] = emulator.rooms();
    const rejected = { ...V2, LoggingConfigurationIdentifiers: [`arn:aws:ivschat:us-east-1:123456789012:logging-configuration/${'a'.repeat(12)}`] };

    await expect(handler(updateEvent(ROOM, arn, rejected, V1))).rejects.toThrow(/^UpdateRoom failed .*\(ResourceNotFoundException\)$/);
    await handler(updateEvent(ROOM, arn, V1, rejected));

    expect(emulator.rooms().map(roomState)).toEqual([roomState(original)]);
  });
});

describe('a Create sent twice with the same RequestId, to the same execution environment', () => {
  test('concurrently: one room, the same physical id', async () => {
    const handler = loadBundle();
    const event = createEvent(ROOM, V1);

    const [first, second] = await Promise.all([handler(event), handler(event)]);

    expect(second).toEqual(first);
    expect(emulator.rooms()).toEqual([expect.objectContaining({ arn: first.PhysicalResourceId, ...AS_V1 })]);
    expect(emulator.callCount('CreateRoom')).toBe(1);
  });

  test('later, after the first answered: one room, no call', async () => {
    const handler = loadBundle();
    const event = createEvent(ROOM, V1);
    const first = await handler(event);

    await expect(handler(event)).resolves.toEqual(first);

    expect(emulator.rooms()).toHaveLength(1);
    expect(emulator.callCount()).toBe(1);
  });
});
