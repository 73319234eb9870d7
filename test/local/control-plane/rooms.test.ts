import {
  CreateLoggingConfigurationCommand, CreateRoomCommand, CreateRoomCommandInput, DeleteLoggingConfigurationCommand, DeleteRoomCommand,
  GetRoomCommand, IvschatClient, ListLoggingConfigurationsCommand, ListRoomsCommand, ListRoomsCommandInput, paginateListRooms,
  UpdateRoomCommand,
} from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

const HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:review';
const OTHER_HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:other';

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start();
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function createRoom(input: CreateRoomCommandInput = {}) {
  return client.send(new CreateRoomCommand(input));
}

async function createLoggingConfiguration(name = 'logs'): Promise<string> {
  const created = await client.send(new CreateLoggingConfigurationCommand({ name, destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));
  return created.arn!;
}

async function listRoomNames(input: ListRoomsCommandInput = {}): Promise<string[]> {
  const { rooms } = await client.send(new ListRoomsCommand(input));
  return rooms!.map((room) => room.name!);
}

describe('CreateRoom', () => {
  test('applies the service defaults and answers a room ARN of the emulator account and region', async () => {
    const room = await createRoom();

    expect(room.arn).toMatch(/^arn:aws:ivschat:us-east-1:123456789012:room\/[a-zA-Z0-9]{12}$/);
    expect(room.arn).toBe(`arn:aws:ivschat:us-east-1:123456789012:room/${room.id}`);
    expect(room).toMatchObject({ name: '', maximumMessageLength: 500, maximumMessageRatePerSecond: 10, tags: {}, loggingConfigurationIdentifiers: [] });
    expect(room.messageReviewHandler).toBeUndefined();
    expect(room.createTime).toBeInstanceOf(Date);
    expect(room.updateTime).toEqual(room.createTime);
  });

  test('stores every setting it is given', async () => {
    const loggingConfiguration = await createLoggingConfiguration();

    const room = await createRoom({
      name: 'my-room_1',
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri: HANDLER, fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: [loggingConfiguration],
      tags: { team: 'chat' },
    });

    expect(emulator.rooms()).toEqual([{
      arn: room.arn,
      id: room.id,
      name: 'my-room_1',
      createTime: room.createTime,
      updateTime: room.updateTime,
      maximumMessageLength: 200,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri: HANDLER, fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: [loggingConfiguration],
      tags: { team: 'chat' },
    }]);
  });

  test('defaults the review handler fallback result to ALLOW', async () => {
    const room = await createRoom({ messageReviewHandler: { uri: HANDLER } });

    expect(room.messageReviewHandler).toEqual({ uri: HANDLER, fallbackResult: 'ALLOW' });
  });

  test('treats an empty review handler uri as no handler', async () => {
    const room = await createRoom({ messageReviewHandler: { uri: '', fallbackResult: 'DENY' } });

    expect(room.messageReviewHandler).toBeUndefined();
  });

  test('rejects a logging configuration that does not exist with 404', async () => {
    const missing = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefghijkl';

    await expect(createRoom({ loggingConfigurationIdentifiers: [missing] })).rejects.toMatchObject({
      name: 'ResourceNotFoundException', resourceId: missing, resourceType: 'ROOM', $metadata: { httpStatusCode: 404 },
    });
    expect(emulator.rooms()).toEqual([]);
  });

  test('rejects a logging configuration that is not ACTIVE with 409', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');
    const failed = await createLoggingConfiguration();

    await expect(createRoom({ loggingConfigurationIdentifiers: [failed] })).rejects.toMatchObject({
      name: 'ConflictException', resourceId: failed, resourceType: 'ROOM', $metadata: { httpStatusCode: 409 },
    });
  });
});

describe('GetRoom', () => {
  test('answers the room as created', async () => {
    const { $metadata: _created, ...room } = await createRoom({ name: 'lobby', tags: { a: 'b' } });

    const { $metadata: _read, ...read } = await client.send(new GetRoomCommand({ identifier: room.arn }));

    expect(read).toEqual(room);
  });

  test('answers 404 ResourceNotFoundException for an unknown room', async () => {
    const unknown = 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl';

    await expect(client.send(new GetRoomCommand({ identifier: unknown }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException', resourceId: unknown, resourceType: 'ROOM', $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('UpdateRoom', () => {
  test('leaves omitted fields unchanged', async () => {
    const loggingConfiguration = await createLoggingConfiguration();
    const room = await createRoom({
      name: 'before',
      maximumMessageLength: 100,
      maximumMessageRatePerSecond: 5,
      messageReviewHandler: { uri: HANDLER, fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: [loggingConfiguration],
      tags: { keep: 'me' },
    });

    const updated = await client.send(new UpdateRoomCommand({ identifier: room.arn, name: 'after' }));

    expect(updated).toMatchObject({
      arn: room.arn,
      name: 'after',
      createTime: room.createTime,
      maximumMessageLength: 100,
      maximumMessageRatePerSecond: 5,
      messageReviewHandler: { uri: HANDLER, fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: [loggingConfiguration],
      tags: { keep: 'me' },
    });
    expect(updated.updateTime!.getTime()).toBeGreaterThanOrEqual(room.updateTime!.getTime());
  });

  test('changes every field it is given', async () => {
    const room = await createRoom({ messageReviewHandler: { uri: HANDLER } });

    const updated = await client.send(new UpdateRoomCommand({
      identifier: room.arn,
      maximumMessageLength: 1,
      maximumMessageRatePerSecond: 1,
      messageReviewHandler: { uri: OTHER_HANDLER, fallbackResult: 'DENY' },
    }));

    expect(updated).toMatchObject({ maximumMessageLength: 1, maximumMessageRatePerSecond: 1, messageReviewHandler: { uri: OTHER_HANDLER, fallbackResult: 'DENY' } });
  });

  test('removes the review handler when its uri is empty', async () => {
    const room = await createRoom({ messageReviewHandler: { uri: HANDLER } });

    const updated = await client.send(new UpdateRoomCommand({ identifier: room.arn, messageReviewHandler: { uri: '' } }));

    expect(updated.messageReviewHandler).toBeUndefined();
    expect(emulator.rooms()[0].messageReviewHandler).toBeUndefined();
  });

  test('detaches every logging configuration when given an empty list', async () => {
    const loggingConfiguration = await createLoggingConfiguration();
    const room = await createRoom({ loggingConfigurationIdentifiers: [loggingConfiguration] });

    const updated = await client.send(new UpdateRoomCommand({ identifier: room.arn, loggingConfigurationIdentifiers: [] }));

    expect(updated.loggingConfigurationIdentifiers).toEqual([]);
  });

  test('rejects a logging configuration that does not exist with 404 and keeps the room unchanged', async () => {
    const room = await createRoom({ name: 'unchanged' });
    const missing = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefghijkl';

    await expect(client.send(new UpdateRoomCommand({ identifier: room.arn, name: 'changed', loggingConfigurationIdentifiers: [missing] })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(emulator.rooms()[0].name).toBe('unchanged');
  });

  test('answers 404 for an unknown room', async () => {
    await expect(client.send(new UpdateRoomCommand({ identifier: 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl', name: 'x' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});

describe('DeleteRoom', () => {
  test('answers 204 and the room is gone', async () => {
    const room = await createRoom();

    const deleted = await client.send(new DeleteRoomCommand({ identifier: room.arn }));

    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(emulator.rooms()).toEqual([]);
    await expect(client.send(new GetRoomCommand({ identifier: room.arn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('answers 404 for a room already deleted', async () => {
    const room = await createRoom();
    await client.send(new DeleteRoomCommand({ identifier: room.arn }));

    await expect(client.send(new DeleteRoomCommand({ identifier: room.arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('ListRooms', () => {
  test('answers summaries without the message limits', async () => {
    const room = await createRoom({ name: 'summary', messageReviewHandler: { uri: HANDLER }, tags: { a: 'b' } });

    const { rooms, nextToken } = await client.send(new ListRoomsCommand({}));

    expect(nextToken).toBeUndefined();
    expect(rooms).toEqual([{
      arn: room.arn,
      id: room.id,
      name: 'summary',
      messageReviewHandler: { uri: HANDLER, fallbackResult: 'ALLOW' },
      createTime: room.createTime,
      updateTime: room.updateTime,
      tags: { a: 'b' },
      loggingConfigurationIdentifiers: [],
    }]);
  });

  test('lists the most recently created or updated room first', async () => {
    const first = await createRoom({ name: 'first' });
    await createRoom({ name: 'second' });
    await createRoom({ name: 'third' });
    expect(await listRoomNames()).toEqual(['third', 'second', 'first']);

    await client.send(new UpdateRoomCommand({ identifier: first.arn, maximumMessageLength: 10 }));

    expect(await listRoomNames()).toEqual(['first', 'third', 'second']);
  });

  describe('filters', () => {
    let loggingConfiguration: string;

    beforeEach(async () => {
      loggingConfiguration = await createLoggingConfiguration();
      await createRoom({ name: 'plain' });
      await createRoom({ name: 'reviewed', messageReviewHandler: { uri: HANDLER } });
      await createRoom({ name: 'logged', loggingConfigurationIdentifiers: [loggingConfiguration] });
      await createRoom({ name: 'both', messageReviewHandler: { uri: HANDLER }, loggingConfigurationIdentifiers: [loggingConfiguration] });
    });

    test.each<[string, () => ListRoomsCommandInput, string[]]>([
      ['name', () => ({ name: 'reviewed' }), ['reviewed']],
      ['an unknown name', () => ({ name: 'nope' }), []],
      ['messageReviewHandlerUri', () => ({ messageReviewHandlerUri: HANDLER }), ['both', 'reviewed']],
      ['loggingConfigurationIdentifier', () => ({ loggingConfigurationIdentifier: loggingConfiguration }), ['both', 'logged']],
      ['several filters at once', () => ({ messageReviewHandlerUri: HANDLER, loggingConfigurationIdentifier: loggingConfiguration }), ['both']],
    ])('by %s', async (_filter, input, expected) => {
      expect(await listRoomNames(input())).toEqual(expected);
    });
  });

  describe('pagination', () => {
    test('pages through every room exactly once', async () => {
      for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) await createRoom({ name });

      const first = await client.send(new ListRoomsCommand({ maxResults: 2 }));
      const second = await client.send(new ListRoomsCommand({ maxResults: 2, nextToken: first.nextToken }));
      const third = await client.send(new ListRoomsCommand({ maxResults: 2, nextToken: second.nextToken }));

      expect([first, second, third].map((page) => page.rooms!.map((room) => room.name))).toEqual([['r5', 'r4'], ['r3', 'r2'], ['r1']]);
      expect(first.nextToken).toEqual(expect.any(String));
      expect(third.nextToken).toBeUndefined();
    });

    test('works with the SDK paginator', async () => {
      for (const name of ['r1', 'r2', 'r3']) await createRoom({ name });

      const names: string[] = [];
      for await (const page of paginateListRooms({ client, pageSize: 1 }, {})) names.push(...page.rooms!.map((room) => room.name!));

      expect(names).toEqual(['r3', 'r2', 'r1']);
    });

    test('neither repeats nor skips rooms when one is created between pages', async () => {
      for (const name of ['r1', 'r2', 'r3']) await createRoom({ name });

      const first = await client.send(new ListRoomsCommand({ maxResults: 2 }));
      await createRoom({ name: 'late' });
      const second = await client.send(new ListRoomsCommand({ maxResults: 2, nextToken: first.nextToken }));

      expect([...first.rooms!, ...second.rooms!].map((room) => room.name)).toEqual(['r3', 'r2', 'r1']);
    });

    test.each([
      ['garbage', 'not-a-token'],
      ['a forged position', Buffer.from(JSON.stringify({ list: 'rooms', before: 'x' })).toString('base64url')],
    ])('rejects %s as nextToken with 400', async (_kind, nextToken) => {
      await expect(client.send(new ListRoomsCommand({ nextToken }))).rejects.toMatchObject({
        name: 'ValidationException', fieldList: [{ name: 'nextToken', message: expect.any(String) }], $metadata: { httpStatusCode: 400 },
      });
    });

    test('rejects a token issued by ListLoggingConfigurations', async () => {
      await createLoggingConfiguration('one');
      await createLoggingConfiguration('two');
      const { nextToken } = await client.send(new ListLoggingConfigurationsCommand({ maxResults: 1 }));

      await expect(client.send(new ListRoomsCommand({ nextToken }))).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });
});

describe('rooms and deleted logging configurations', () => {
  test('a deleted logging configuration is detached from the rooms that referenced it', async () => {
    const kept = await createLoggingConfiguration('kept');
    const deleted = await createLoggingConfiguration('deleted');
    const room = await createRoom({ loggingConfigurationIdentifiers: [kept, deleted] });

    await client.send(new DeleteLoggingConfigurationCommand({ identifier: deleted }));

    const read = await client.send(new GetRoomCommand({ identifier: room.arn }));
    expect(read.loggingConfigurationIdentifiers).toEqual([kept]);
  });
});
