import {
  CreateChatTokenCommand, CreateChatTokenCommandInput, CreateLoggingConfigurationCommand, CreateLoggingConfigurationCommandInput,
  CreateRoomCommand, CreateRoomCommandInput, DeleteMessageCommand, DeleteMessageCommandInput, DeleteRoomCommand, DestinationConfiguration,
  DisconnectUserCommand, DisconnectUserCommandInput, GetLoggingConfigurationCommand, GetRoomCommand, IvschatClient,
  ListLoggingConfigurationsCommand, ListRoomsCommand, ListRoomsCommandInput, ListTagsForResourceCommand, SendEventCommand,
  SendEventCommandInput, TagResourceCommand, UntagResourceCommand, UpdateLoggingConfigurationCommand, UpdateRoomCommand, ValidationException,
} from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

const HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:review';
const LOGGING_PREFIX = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/';
const ROOM_PREFIX = 'arn:aws:ivschat:us-east-1:123456789012:room/';
const UNKNOWN_ROOM = `${ROOM_PREFIX}abcdefghijkl`;

let emulator: IvsChatEmulator;
let client: IvschatClient;
let roomArn: string;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start();
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function createRoomForTest(): Promise<void> {
  roomArn = (await client.send(new CreateRoomCommand({}))).arn!;
}

function tagsOfSize(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, 'v']));
}

/** Asserts the call failed with a 400 ValidationException naming exactly these fields. */
async function expectInvalid(call: Promise<unknown>, ...fields: string[]): Promise<ValidationException> {
  const error = await call.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationException);
  const validation = error as ValidationException;
  expect(validation.$metadata.httpStatusCode).toBe(400);
  expect(validation.reason).toBe('FIELD_VALIDATION_FAILED');
  expect(validation.fieldList!.map((field) => field.name)).toEqual(fields);
  return validation;
}

describe('room settings (CreateRoom)', () => {
  test.each<[string, CreateRoomCommandInput, string]>([
    ['a name over 128 characters', { name: 'n'.repeat(129) }, 'name'],
    ['a name with a space', { name: 'has space' }, 'name'],
    ['a name with a dot', { name: 'has.dot' }, 'name'],
    ['a maximumMessageLength of 0', { maximumMessageLength: 0 }, 'maximumMessageLength'],
    ['a maximumMessageLength of 501', { maximumMessageLength: 501 }, 'maximumMessageLength'],
    ['a maximumMessageRatePerSecond of 0', { maximumMessageRatePerSecond: 0 }, 'maximumMessageRatePerSecond'],
    ['a maximumMessageRatePerSecond of 101', { maximumMessageRatePerSecond: 101 }, 'maximumMessageRatePerSecond'],
    ['a fractional maximumMessageLength', { maximumMessageLength: 1.5 }, 'maximumMessageLength'],
    ['a review handler that is not a Lambda function', { messageReviewHandler: { uri: 'arn:aws:sns:us-east-1:123456789012:topic' } }, 'messageReviewHandler.uri'],
    ['a review handler with a short account id', { messageReviewHandler: { uri: 'arn:aws:lambda:us-east-1:1234:function:f' } }, 'messageReviewHandler.uri'],
    ['a review handler uri over 170 characters', { messageReviewHandler: { uri: `${HANDLER}${'x'.repeat(171 - HANDLER.length)}` } }, 'messageReviewHandler.uri'],
    ['an unknown fallbackResult', { messageReviewHandler: { uri: HANDLER, fallbackResult: 'MAYBE' as 'ALLOW' } }, 'messageReviewHandler.fallbackResult'],
    ['4 logging configurations', { loggingConfigurationIdentifiers: ['a', 'b', 'c', 'd'].map((id) => `${LOGGING_PREFIX}${id.repeat(12)}`) }, 'loggingConfigurationIdentifiers'],
    ['a room ARN as logging configuration', { loggingConfigurationIdentifiers: [UNKNOWN_ROOM] }, 'loggingConfigurationIdentifiers'],
    ['51 tags', { tags: tagsOfSize(51) }, 'tags'],
    ['a tag key starting with aws:', { tags: { 'aws:reserved': 'v' } }, 'tags'],
    ['an empty tag key', { tags: { '': 'v' } }, 'tags'],
    ['a tag key over 128 characters', { tags: { ['k'.repeat(129)]: 'v' } }, 'tags'],
    ['a tag value over 256 characters', { tags: { k: 'v'.repeat(257) } }, 'tags'],
  ])('rejects %s', async (_case, input, field) => {
    await expectInvalid(client.send(new CreateRoomCommand(input)), field);
    expect(emulator.rooms()).toEqual([]);
  });

  test.each<[string, CreateRoomCommandInput]>([
    ['an empty name', { name: '' }],
    ['a 128-character name of every allowed character class', { name: `aZ0-_${'n'.repeat(123)}` }],
    ['the smallest limits', { maximumMessageLength: 1, maximumMessageRatePerSecond: 1 }],
    ['the largest limits', { maximumMessageLength: 500, maximumMessageRatePerSecond: 100 }],
    ['a 170-character review handler uri', { messageReviewHandler: { uri: `${HANDLER}${'x'.repeat(170 - HANDLER.length)}` } }],
    ['50 tags', { tags: tagsOfSize(50) }],
    ['the longest tag key and value, and an empty value', { tags: { ['k'.repeat(128)]: 'v'.repeat(256), empty: '' } }],
  ])('accepts %s', async (_case, input) => {
    await expect(client.send(new CreateRoomCommand(input))).resolves.toMatchObject({ arn: expect.any(String) });
  });

  test('accepts 3 logging configurations', async () => {
    const identifiers: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const created = await client.send(new CreateLoggingConfigurationCommand({ name, destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));
      identifiers.push(created.arn!);
    }

    await expect(client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: identifiers }))).resolves.toMatchObject({
      loggingConfigurationIdentifiers: identifiers,
    });
  });

  test('UpdateRoom applies the same rules', async () => {
    await createRoomForTest();

    await expectInvalid(client.send(new UpdateRoomCommand({ identifier: roomArn, maximumMessageRatePerSecond: 101, name: 'bad name' })),
      'name', 'maximumMessageRatePerSecond');
  });

  test('reports every violation at once, in the service message format', async () => {
    const error = await expectInvalid(client.send(new CreateRoomCommand({ name: 'bad name', maximumMessageLength: 501 })), 'name', 'maximumMessageLength');

    expect(error.message).toBe('2 validation errors detected: '
      + "Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$; "
      + "Value 501 at 'maximumMessageLength' failed to satisfy constraint: Member must have value less than or equal to 500");
    expect(error.fieldList).toEqual([
      { name: 'name', message: 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9-_]*$' },
      { name: 'maximumMessageLength', message: 'Member must have value less than or equal to 500' },
    ]);
  });
});

describe('identifiers', () => {
  test.each([
    ['a missing identifier', undefined],
    ['a bare room id', 'abcdefghijkl'],
    ['a logging configuration ARN', `${LOGGING_PREFIX}abcdefghijkl`],
    ['an ARN of another region', 'arn:aws:ivschat:eu-west-1:123456789012:room/abcdefghijkl'],
    ['an ARN of another account', 'arn:aws:ivschat:us-east-1:210987654321:room/abcdefghijkl'],
    ['an ARN of another partition', 'arn:aws-cn:ivschat:us-east-1:123456789012:room/abcdefghijkl'],
    ['an ARN of another service', 'arn:aws:ivs:us-east-1:123456789012:room/abcdefghijkl'],
    ['an id of 11 characters', `${ROOM_PREFIX}abcdefghijk`],
    ['an id of 13 characters', `${ROOM_PREFIX}abcdefghijklm`],
    ['an id with a dash', `${ROOM_PREFIX}abcdef-hijkl`],
    ['an ARN over 128 characters', `${ROOM_PREFIX}${'a'.repeat(129 - ROOM_PREFIX.length)}`],
  ])('GetRoom rejects %s', async (_case, identifier) => {
    await expectInvalid(client.send(new GetRoomCommand({ identifier: identifier as string })), 'identifier');
  });

  test.each([
    ['DeleteRoom', () => client.send(new DeleteRoomCommand({ identifier: 'room' })), 'identifier'],
    ['UpdateRoom', () => client.send(new UpdateRoomCommand({ identifier: 'room' })), 'identifier'],
    ['GetLoggingConfiguration with a room ARN', () => client.send(new GetLoggingConfigurationCommand({ identifier: UNKNOWN_ROOM })), 'identifier'],
    ['UpdateLoggingConfiguration', () => client.send(new UpdateLoggingConfigurationCommand({ identifier: 'logs' })), 'identifier'],
    ['CreateChatToken', () => client.send(new CreateChatTokenCommand({ roomIdentifier: `${LOGGING_PREFIX}abcdefghijkl`, userId: 'u' })), 'roomIdentifier'],
    ['SendEvent', () => client.send(new SendEventCommand({ roomIdentifier: 'room', eventName: 'e' })), 'roomIdentifier'],
    ['ListTagsForResource', () => client.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ivs:us-east-1:123456789012:channel/abcdefghijkl' })), 'resourceArn'],
    ['TagResource', () => client.send(new TagResourceCommand({ resourceArn: 'arn:aws:ivschat:us-east-1:123456789012:stage/abcdefghijkl', tags: {} })), 'resourceArn'],
  ])('%s rejects a malformed identifier', async (_case, call: () => Promise<unknown>, field) => {
    await expectInvalid(call(), field);
  });
});

describe('logging configuration destinations', () => {
  // DestinationConfiguration is a union type in the SDK: malformed ones need a cast to reach the wire.
  test.each<[string, Record<string, unknown> | undefined, string]>([
    ['no destination', undefined, 'destinationConfiguration'],
    ['an empty destination', {}, 'destinationConfiguration'],
    ['two destinations', { s3: { bucketName: 'chat-logs' }, firehose: { deliveryStreamName: 'stream' } }, 'destinationConfiguration'],
    ['an s3 destination without a bucket', { s3: {} }, 'destinationConfiguration.s3.bucketName'],
    ['a 2-character bucket', { s3: { bucketName: 'ab' } }, 'destinationConfiguration.s3.bucketName'],
    ['a 64-character bucket', { s3: { bucketName: 'b'.repeat(64) } }, 'destinationConfiguration.s3.bucketName'],
    ['an uppercase bucket', { s3: { bucketName: 'Chat-Logs' } }, 'destinationConfiguration.s3.bucketName'],
    ['an empty log group', { cloudWatchLogs: { logGroupName: '' } }, 'destinationConfiguration.cloudWatchLogs.logGroupName'],
    ['a 513-character log group', { cloudWatchLogs: { logGroupName: 'g'.repeat(513) } }, 'destinationConfiguration.cloudWatchLogs.logGroupName'],
    ['a log group with a star', { cloudWatchLogs: { logGroupName: 'logs*' } }, 'destinationConfiguration.cloudWatchLogs.logGroupName'],
    ['an empty delivery stream', { firehose: { deliveryStreamName: '' } }, 'destinationConfiguration.firehose.deliveryStreamName'],
    ['a 65-character delivery stream', { firehose: { deliveryStreamName: 'f'.repeat(65) } }, 'destinationConfiguration.firehose.deliveryStreamName'],
    ['a delivery stream with a slash', { firehose: { deliveryStreamName: 'a/b' } }, 'destinationConfiguration.firehose.deliveryStreamName'],
  ])('CreateLoggingConfiguration rejects %s', async (_case, destinationConfiguration, field) => {
    const input = { destinationConfiguration } as unknown as CreateLoggingConfigurationCommandInput;

    await expectInvalid(client.send(new CreateLoggingConfigurationCommand(input)), field);
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test.each<[string, CreateLoggingConfigurationCommandInput['destinationConfiguration']]>([
    ['a 3-character bucket with dots and dashes', { s3: { bucketName: 'a.-' } }],
    ['a 63-character bucket', { s3: { bucketName: 'b'.repeat(63) } }],
    ['a log group of every allowed character', { cloudWatchLogs: { logGroupName: '/aws/ivs.chat-logs_#1' } }],
    ['a 512-character log group', { cloudWatchLogs: { logGroupName: 'g'.repeat(512) } }],
    ['a 64-character delivery stream', { firehose: { deliveryStreamName: 'f'.repeat(64) } }],
  ])('CreateLoggingConfiguration accepts %s', async (_case, destinationConfiguration) => {
    await expect(client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration }))).resolves.toMatchObject({ state: 'ACTIVE' });
  });

  test('CreateLoggingConfiguration rejects an invalid name', async () => {
    await expectInvalid(client.send(new CreateLoggingConfigurationCommand({ name: 'no spaces', destinationConfiguration: { s3: { bucketName: 'chat-logs' } } })), 'name');
  });

  test('UpdateLoggingConfiguration rejects two destinations', async () => {
    const { arn } = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));

    const twoDestinations = { s3: { bucketName: 'chat-logs' }, cloudWatchLogs: { logGroupName: 'logs' } } as unknown as DestinationConfiguration;

    await expectInvalid(client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, destinationConfiguration: twoDestinations })),
      'destinationConfiguration');
  });
});

describe('messaging', () => {
  beforeEach(createRoomForTest);

  const kilobyteOfAttributes = { key: 'v'.repeat(1024 - 'key'.length) };

  test.each<[string, Partial<CreateChatTokenCommandInput>, string]>([
    ['a missing userId', { userId: undefined }, 'userId'],
    ['an empty userId', { userId: '' }, 'userId'],
    ['a userId over 128 characters', { userId: 'u'.repeat(129) }, 'userId'],
    ['an unknown capability', { capabilities: ['ADMIN' as 'SEND_MESSAGE'] }, 'capabilities'],
    ['a session of 0 minutes', { sessionDurationInMinutes: 0 }, 'sessionDurationInMinutes'],
    ['a session of 181 minutes', { sessionDurationInMinutes: 181 }, 'sessionDurationInMinutes'],
    ['attributes over 1 KB', { attributes: { ...kilobyteOfAttributes, x: '' } }, 'attributes'],
    ['attributes over 1 KB counted in UTF-8 bytes', { attributes: { key: 'é'.repeat(511) } }, 'attributes'],
  ])('CreateChatToken rejects %s', async (_case, input, field) => {
    await expectInvalid(client.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: 'user', ...input })), field);
    expect(emulator.chatTokens).toEqual([]);
  });

  test.each<[string, Partial<CreateChatTokenCommandInput>]>([
    ['a 128-character userId', { userId: 'u'.repeat(128) }],
    ['a 1-minute session', { sessionDurationInMinutes: 1 }],
    ['a 180-minute session', { sessionDurationInMinutes: 180 }],
    ['exactly 1 KB of attributes', { attributes: kilobyteOfAttributes }],
  ])('CreateChatToken accepts %s', async (_case, input) => {
    await expect(client.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: 'user', ...input }))).resolves.toMatchObject({
      token: expect.any(String),
    });
  });

  test.each<[string, Partial<SendEventCommandInput>, string]>([
    ['an empty eventName', { eventName: '' }, 'eventName'],
    ['an eventName over 100 characters', { eventName: 'e'.repeat(101) }, 'eventName'],
    ['attributes over 1 KB', { attributes: { ...kilobyteOfAttributes, x: '' } }, 'attributes'],
  ])('SendEvent rejects %s', async (_case, input, field) => {
    await expectInvalid(client.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'event', ...input })), field);
  });

  test.each<[string, Partial<DeleteMessageCommandInput>, string]>([
    ['an id of 11 characters', { id: 'ABCDEFGH123' }, 'id'],
    ['an id of 13 characters', { id: 'ABCDEFGH12345' }, 'id'],
    ['an id with a dash', { id: 'ABCDEFG-1234' }, 'id'],
    ['an empty reason', { reason: '' }, 'reason'],
    ['a reason over 256 characters', { reason: 'r'.repeat(257) }, 'reason'],
  ])('DeleteMessage rejects %s', async (_case, input, field) => {
    await expectInvalid(client.send(new DeleteMessageCommand({ roomIdentifier: roomArn, id: 'ABCDEFGH1234', ...input })), field);
  });

  test.each<[string, Partial<DisconnectUserCommandInput>, string]>([
    ['an empty userId', { userId: '' }, 'userId'],
    ['a userId over 128 characters', { userId: 'u'.repeat(129) }, 'userId'],
    ['a reason over 256 characters', { reason: 'r'.repeat(257) }, 'reason'],
  ])('DisconnectUser rejects %s', async (_case, input, field) => {
    await expectInvalid(client.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId: 'user', ...input })), field);
  });
});

describe('lists', () => {
  test.each<[string, ListRoomsCommandInput, string]>([
    ['maxResults 0', { maxResults: 0 }, 'maxResults'],
    ['maxResults 51', { maxResults: 51 }, 'maxResults'],
    ['an invalid name filter', { name: 'bad name' }, 'name'],
    ['an invalid messageReviewHandlerUri filter', { messageReviewHandlerUri: 'not-a-lambda' }, 'messageReviewHandlerUri'],
    ['a room ARN as loggingConfigurationIdentifier filter', { loggingConfigurationIdentifier: UNKNOWN_ROOM }, 'loggingConfigurationIdentifier'],
  ])('ListRooms rejects %s', async (_case, input, field) => {
    await expectInvalid(client.send(new ListRoomsCommand(input)), field);
  });

  test.each([[1], [50]])('ListRooms accepts maxResults %i', async (maxResults) => {
    await expect(client.send(new ListRoomsCommand({ maxResults }))).resolves.toMatchObject({ rooms: [] });
  });

  test.each([[0], [51]])('ListLoggingConfigurations rejects maxResults %i', async (maxResults) => {
    await expectInvalid(client.send(new ListLoggingConfigurationsCommand({ maxResults })), 'maxResults');
  });
});

describe('tags', () => {
  beforeEach(createRoomForTest);

  test.each([
    ['a tag key starting with aws:', { 'aws:cloudformation:stack-name': 'x' }],
    ['a tag value over 256 characters', { k: 'v'.repeat(257) }],
    ['51 tags', tagsOfSize(51)],
  ])('TagResource rejects %s', async (_case, tags) => {
    await expectInvalid(client.send(new TagResourceCommand({ resourceArn: roomArn, tags })), 'tags');
  });

  test('UntagResource rejects a tag key starting with aws:', async () => {
    await expectInvalid(client.send(new UntagResourceCommand({ resourceArn: roomArn, tagKeys: ['aws:reserved'] })), 'tagKeys');
  });

  test('UntagResource rejects a request without tag keys', async () => {
    await expectInvalid(client.send(new UntagResourceCommand({ resourceArn: roomArn, tagKeys: [] })), 'tagKeys');
  });
});
