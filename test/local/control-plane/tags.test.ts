import {
  CreateLoggingConfigurationCommand, CreateRoomCommand, GetRoomCommand, IvschatClient, ListTagsForResourceCommand, TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

const UNKNOWN_ROOM = 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl';

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start();
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function tagsOf(resourceArn: string) {
  return (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
}

async function roomArn(tags?: Record<string, string>): Promise<string> {
  return (await client.send(new CreateRoomCommand({ tags }))).arn!;
}

test('ListTagsForResource answers the tags a room was created with', async () => {
  const arn = await roomArn({ team: 'chat' });

  expect(await tagsOf(arn)).toEqual({ team: 'chat' });
});

test('TagResource adds tags and overwrites existing keys', async () => {
  const arn = await roomArn({ keep: 'me', change: 'old' });

  await client.send(new TagResourceCommand({ resourceArn: arn, tags: { change: 'new', added: '' } }));

  expect(await tagsOf(arn)).toEqual({ keep: 'me', change: 'new', added: '' });
});

test('UntagResource removes the keys given in the query, however they are encoded', async () => {
  const arn = await roomArn({ 'a b': '1', 'c/d': '2', 'é=&?': '3', 'stays': '4' });

  await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a b', 'c/d', 'é=&?', 'never-there'] }));

  expect(await tagsOf(arn)).toEqual({ stays: '4' });
});

test('logging configurations are taggable too', async () => {
  const { arn } = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));

  await client.send(new TagResourceCommand({ resourceArn: arn, tags: { owner: 'ops' } }));

  expect(await tagsOf(arn!)).toEqual({ owner: 'ops' });
  expect(emulator.loggingConfigurations()[0].tags).toEqual({ owner: 'ops' });
});

test('tagging changes neither the update time nor the room settings', async () => {
  const arn = await roomArn();
  const before = await client.send(new GetRoomCommand({ identifier: arn }));

  await client.send(new TagResourceCommand({ resourceArn: arn, tags: { a: 'b' } }));

  const after = await client.send(new GetRoomCommand({ identifier: arn }));
  expect(after).toMatchObject({ updateTime: before.updateTime, tags: { a: 'b' } });
});

test('TagResource answers 400 when the resource would exceed 50 tags', async () => {
  const arn = await roomArn(Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`key${index}`, 'v'])));

  await expect(client.send(new TagResourceCommand({ resourceArn: arn, tags: { oneTooMany: 'v' } }))).rejects.toMatchObject({
    name: 'ValidationException', fieldList: [{ name: 'tags', message: expect.any(String) }], $metadata: { httpStatusCode: 400 },
  });
  expect(Object.keys((await tagsOf(arn))!)).toHaveLength(50);
});

test.each([
  ['ListTagsForResource', () => client.send(new ListTagsForResourceCommand({ resourceArn: UNKNOWN_ROOM }))],
  ['TagResource', () => client.send(new TagResourceCommand({ resourceArn: UNKNOWN_ROOM, tags: { a: 'b' } }))],
  ['UntagResource', () => client.send(new UntagResourceCommand({ resourceArn: UNKNOWN_ROOM, tagKeys: ['a'] }))],
])('%s answers 404 for an unknown resource', async (_operation, call: () => Promise<unknown>) => {
  await expect(call()).rejects.toMatchObject({
    name: 'ResourceNotFoundException', resourceId: UNKNOWN_ROOM, $metadata: { httpStatusCode: 404 },
  });
});

test('records the URL-decoded resource ARN and tag keys of tag calls', async () => {
  const arn = await roomArn({ 'a/b': 'v' });

  await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a/b'] }));

  expect(emulator.calls[emulator.calls.length - 1]).toEqual({
    operation: 'UntagResource', status: 200, time: expect.any(Number), resourceArn: arn, input: { resourceArn: arn, tagKeys: ['a/b'] },
  });
});
