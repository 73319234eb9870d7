import { CreateLoggingConfigurationCommand, DeleteRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { createEvent, deleteEvent, recordSentCommands, rejectionOf, ROOM, startEmulator, updateEvent } from './support';
import { handler } from '../../lambda/ivschat-provider';
import { IvsChatEmulator } from '../../local/control-plane';

const REVIEW_HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:review';

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await startEmulator();
  client = emulator.client();
});
beforeEach(() => {
  emulator.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => emulator.stop());

async function loggingConfigurationArn(): Promise<string> {
  const configuration = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));
  return configuration.arn!;
}

/** Creates a room through the handler; returns its ARN. */
async function createdRoom(properties: Record<string, unknown>): Promise<string> {
  const { PhysicalResourceId } = await handler(createEvent(ROOM, properties));
  return PhysicalResourceId;
}

/** The calls the emulator received after the first `count`, as `<operation> <status>`. */
function callsAfter(count: number): string[] {
  return emulator.calls.slice(count).map(call => `${call.operation} ${call.status}`);
}

describe('create', () => {
  test('makes exactly one CreateRoom with every set field and the tags', async () => {
    const logging = await loggingConfigurationArn();
    const before = emulator.calls.length;

    const response = await handler(createEvent(ROOM, {
      Name: 'lobby',
      MaximumMessageLength: '200',
      MaximumMessageRatePerSecond: '50',
      MessageReviewHandler: { Uri: REVIEW_HANDLER, FallbackResult: 'DENY' },
      LoggingConfigurationIdentifiers: [logging],
      Tags: [{ Key: 'team', Value: 'chat' }, { Key: 'stage', Value: 'prod' }],
    }));

    expect(callsAfter(before)).toEqual(['CreateRoom 200']);
    const [room] = emulator.rooms();
    expect(room).toMatchObject({
      name: 'lobby',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: { uri: REVIEW_HANDLER, fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: [logging],
      tags: { team: 'chat', stage: 'prod' },
    });
    expect(response).toEqual({ PhysicalResourceId: room.arn, Data: { Arn: room.arn, Id: room.id } });
  });

  test('sends only the fields that are set, so the service applies its defaults', async () => {
    const sent = recordSentCommands();

    await handler(createEvent(ROOM, {}));

    expect(sent).toHaveLength(1);
    expect(sent[0].input).toEqual({});
    expect(emulator.rooms()).toMatchObject([{ name: '', maximumMessageLength: 500, maximumMessageRatePerSecond: 10, loggingConfigurationIdentifiers: [] }]);
  });

  test('coerces the strings CloudFormation passes into numbers', async () => {
    const sent = recordSentCommands();

    await handler(createEvent(ROOM, { MaximumMessageLength: '250', MaximumMessageRatePerSecond: '7' }));

    expect(sent[0].input).toEqual({ maximumMessageLength: 250, maximumMessageRatePerSecond: 7 });
    expect(emulator.rooms()[0]).toMatchObject({ maximumMessageLength: 250, maximumMessageRatePerSecond: 7 });
  });
});

describe('update', () => {
  const base = {
    Name: 'lobby',
    MaximumMessageLength: '200',
    MaximumMessageRatePerSecond: '20',
    MessageReviewHandler: { Uri: REVIEW_HANDLER, FallbackResult: 'ALLOW' },
    Tags: [{ Key: 'team', Value: 'chat' }],
  };

  test.each([
    ['Name', { Name: 'hall' }, { name: 'hall' }],
    ['MaximumMessageLength', { MaximumMessageLength: '300' }, { maximumMessageLength: 300 }],
    ['MaximumMessageRatePerSecond', { MaximumMessageRatePerSecond: '100' }, { maximumMessageRatePerSecond: 100 }],
    ['MessageReviewHandler', { MessageReviewHandler: { Uri: REVIEW_HANDLER, FallbackResult: 'DENY' } }, { messageReviewHandler: { uri: REVIEW_HANDLER, fallbackResult: 'DENY' } }],
  ])('a change of %s is one UpdateRoom with that field only', async (_field, change, expected) => {
    const arn = await createdRoom(base);
    const before = emulator.calls.length;
    const sent = recordSentCommands();

    const response = await handler(updateEvent(ROOM, arn, { ...base, ...change }, base));

    expect(callsAfter(before)).toEqual(['UpdateRoom 200']);
    expect(sent[0].input).toEqual({ identifier: arn, ...expected });
    expect(emulator.rooms()).toMatchObject([{ arn, ...expected }]);
    expect(response.PhysicalResourceId).toBe(arn);
  });

  test('a change of LoggingConfigurationIdentifiers is one UpdateRoom with that field only', async () => {
    const logging = await loggingConfigurationArn();
    const arn = await createdRoom(base);
    const before = emulator.calls.length;
    const sent = recordSentCommands();

    await handler(updateEvent(ROOM, arn, { ...base, LoggingConfigurationIdentifiers: [logging] }, base));

    expect(callsAfter(before)).toEqual(['UpdateRoom 200']);
    expect(sent[0].input).toEqual({ identifier: arn, loggingConfigurationIdentifiers: [logging] });
    expect(emulator.rooms()[0].loggingConfigurationIdentifiers).toEqual([logging]);
  });

  test('removed fields are reset to the service defaults in one UpdateRoom', async () => {
    const logging = await loggingConfigurationArn();
    const full = { ...base, LoggingConfigurationIdentifiers: [logging] };
    const arn = await createdRoom(full);
    const before = emulator.calls.length;
    const sent = recordSentCommands();

    await handler(updateEvent(ROOM, arn, { Tags: base.Tags }, full));

    expect(callsAfter(before)).toEqual(['UpdateRoom 200']);
    expect(sent[0].input).toEqual({
      identifier: arn,
      name: '',
      maximumMessageLength: 500,
      maximumMessageRatePerSecond: 10,
      messageReviewHandler: { uri: '' },
      loggingConfigurationIdentifiers: [],
    });
    const [room] = emulator.rooms();
    expect(room).toMatchObject({ name: '', maximumMessageLength: 500, maximumMessageRatePerSecond: 10, loggingConfigurationIdentifiers: [] });
    expect(room.messageReviewHandler).toBeUndefined();
  });

  test('tags: Untag the removed keys, Tag the added and changed ones, no UpdateRoom', async () => {
    const old = { Tags: [{ Key: 'keep', Value: '1' }, { Key: 'change', Value: '2' }, { Key: 'remove', Value: '3' }] };
    const arn = await createdRoom(old);
    const before = emulator.calls.length;
    const sent = recordSentCommands();

    await handler(updateEvent(ROOM, arn, { Tags: [{ Key: 'keep', Value: '1' }, { Key: 'change', Value: '20' }, { Key: 'add', Value: '4' }] }, old));

    expect(emulator.calls.slice(before).map(call => [call.operation, call.status < 300])).toEqual([['UntagResource', true], ['TagResource', true]]);
    expect(sent.map(command => command.input)).toEqual([
      { resourceArn: arn, tagKeys: ['remove'] },
      { resourceArn: arn, tags: { change: '20', add: '4' } },
    ]);
    expect(emulator.rooms()[0].tags).toEqual({ keep: '1', change: '20', add: '4' });
  });

  test('an update that changes nothing makes no call, whatever the spelling of defaults and numbers', async () => {
    const arn = await createdRoom(base);
    const before = emulator.calls.length;

    const response = await handler(updateEvent(
      ROOM,
      arn,
      { ...base, MaximumMessageLength: 200, MessageReviewHandler: { Uri: REVIEW_HANDLER }, LoggingConfigurationIdentifiers: [] },
      { ...base, MaximumMessageRatePerSecond: '20.0' },
    ));

    expect(emulator.callCount() - before).toBe(0);
    expect(response).toEqual({ PhysicalResourceId: arn, Data: { Arn: arn, Id: emulator.rooms()[0].id } });
  });

  test('a room deleted outside CloudFormation is created again, under a new physical id', async () => {
    const arn = await createdRoom(base);
    await client.send(new DeleteRoomCommand({ identifier: arn }));

    const response = await handler(updateEvent(ROOM, arn, { ...base, Name: 'hall' }, base));

    const rooms = emulator.rooms();
    expect(rooms).toHaveLength(1);
    expect(rooms[0]).toMatchObject({ name: 'hall', maximumMessageLength: 200, tags: { team: 'chat' } });
    expect(response).toEqual({ PhysicalResourceId: rooms[0].arn, Data: { Arn: rooms[0].arn, Id: rooms[0].id } });
    expect(response.PhysicalResourceId).not.toBe(arn);
  });

  test('a room deleted outside CloudFormation is also recreated when only its tags change', async () => {
    const arn = await createdRoom(base);
    await client.send(new DeleteRoomCommand({ identifier: arn }));

    const response = await handler(updateEvent(ROOM, arn, { ...base, Tags: [] }, base));

    expect(emulator.rooms()).toMatchObject([{ arn: response.PhysicalResourceId, name: 'lobby', tags: {} }]);
    expect(response.PhysicalResourceId).not.toBe(arn);
  });

  test('a missing logging configuration fails the update and does not replace the room', async () => {
    const arn = await createdRoom(base);
    const missing = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefABCDEF';

    const error = await rejectionOf(handler(updateEvent(ROOM, arn, { ...base, LoggingConfigurationIdentifiers: [missing] }, base)));

    expect(error.message).toMatch(new RegExp(`^UpdateRoom failed for ${arn}: .* \\(ResourceNotFoundException\\)$`));
    expect(emulator.rooms().map(room => room.arn)).toEqual([arn]);
  });

  test('a rollback to properties that were rejected still succeeds (old properties are not validated)', async () => {
    const arn = await createdRoom(base);

    const response = await handler(updateEvent(ROOM, arn, base, { ...base, MaximumMessageLength: 'lots' }));

    expect(response.PhysicalResourceId).toBe(arn);
    expect(emulator.rooms()[0].maximumMessageLength).toBe(200);
  });
});

describe('delete', () => {
  test('deletes the room with one DeleteRoom', async () => {
    const arn = await createdRoom({});
    const before = emulator.calls.length;

    const response = await handler(deleteEvent(ROOM, arn));

    expect(callsAfter(before)).toEqual(['DeleteRoom 204']);
    expect(emulator.rooms()).toEqual([]);
    expect(response.PhysicalResourceId).toBe(arn);
  });

  test('a room that no longer exists counts as deleted', async () => {
    const arn = await createdRoom({});
    await client.send(new DeleteRoomCommand({ identifier: arn }));
    const before = emulator.calls.length;

    await expect(handler(deleteEvent(ROOM, arn))).resolves.toEqual({ PhysicalResourceId: arn });

    expect(callsAfter(before)).toEqual(['DeleteRoom 404']);
  });

  test('a physical id that is not a room ARN (the create failed) makes no call', async () => {
    const requestId = 'a1b2c3d4-0000-0000-0000-000000000000';

    await expect(handler(deleteEvent(ROOM, requestId))).resolves.toEqual({ PhysicalResourceId: requestId });

    expect(emulator.callCount()).toBe(0);
  });
});

describe('invalid properties are rejected before any call', () => {
  test.each([
    [{ MaximumMessageLength: '0' }, 'MaximumMessageLength must be an integer between 1 and 500, got: 0.'],
    [{ MaximumMessageLength: 'abc' }, 'MaximumMessageLength must be an integer between 1 and 500, got: abc.'],
    [{ MaximumMessageRatePerSecond: '101' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 101.'],
    [{ MaximumMessageRatePerSecond: '2.5' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 2.5.'],
    [{ Name: 'no spaces' }, "Name may contain only letters, digits, hyphens and underscores, got: 'no spaces'."],
    [{ MessageReviewHandler: { Uri: 'arn:aws:lambda:us-east-1:123456789012:function:review', FallbackResult: 'MAYBE' } },
      "MessageReviewHandler.FallbackResult must be one of ALLOW, DENY, got: 'MAYBE'."],
    [{ Tags: [{ Key: 'aws:owner', Value: 'me' }] }, "Tag keys must not start with 'aws:' (reserved for AWS), got: 'aws:owner'."],
  ])('on create: %j', async (properties, message) => {
    await expect(handler(createEvent(ROOM, properties))).rejects.toThrow(new Error(message));
    expect(emulator.callCount()).toBe(0);
  });

  test('on update, with the exact message', async () => {
    const arn = await createdRoom({});
    const before = emulator.writeCallCount();

    const error = await rejectionOf(handler(updateEvent(ROOM, arn, { MaximumMessageLength: '501', Name: 'a b' }, {})));

    expect(error.message).toBe(
      "Name may contain only letters, digits, hyphens and underscores, got: 'a b'. MaximumMessageLength must be an integer between 1 and 500, got: 501.",
    );
    expect(emulator.writeCallCount()).toBe(before);
  });
});
