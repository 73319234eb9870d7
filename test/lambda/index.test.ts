import { createEvent, deleteEvent, LOGGING_CONFIGURATION, rejectionOf, RESPONSE_URL, ROOM, startEmulator, updateEvent } from './support';
import { handler } from '../../lambda/ivschat-provider';
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

function logLines(): string[] {
  return log.mock.calls.map(args => args.map(String).join(' '));
}

test('an unsupported resource type fails without any call', async () => {
  await expect(handler(createEvent('Custom::Other', {}))).rejects.toThrow(new Error(
    'Unsupported resource type Custom::Other: this provider serves Custom::IvsChatRoom and Custom::IvsChatLoggingConfiguration.',
  ));
  expect(emulator.callCount()).toBe(0);
});

test('logs one JSON line per operation: request type, resource type, ARN and outcome', async () => {
  const { PhysicalResourceId: arn } = await handler(createEvent(ROOM, { Name: 'lobby' }));
  await handler(updateEvent(ROOM, arn, { Name: 'hall' }, { Name: 'lobby' }));
  await handler(updateEvent(ROOM, arn, { Name: 'hall' }, { Name: 'hall' }));
  await handler(deleteEvent(ROOM, arn));
  await handler(deleteEvent(ROOM, arn));

  expect(logLines().map(line => JSON.parse(line))).toEqual([
    { requestType: 'Create', resourceType: ROOM, arn, outcome: 'created' },
    { requestType: 'Update', resourceType: ROOM, arn, outcome: 'updated' },
    { requestType: 'Update', resourceType: ROOM, arn, outcome: 'unchanged' },
    { requestType: 'Delete', resourceType: ROOM, arn, outcome: 'deleted' },
    { requestType: 'Delete', resourceType: ROOM, arn, outcome: 'already-deleted' },
  ]);
});

test('a replacement is logged with the ARN it replaced', async () => {
  const { PhysicalResourceId: arn } = await handler(createEvent(ROOM, {}));
  await handler(deleteEvent(ROOM, arn));

  const { PhysicalResourceId: replacement } = await handler(updateEvent(ROOM, arn, { Name: 'hall' }, {}));

  expect(JSON.parse(logLines()[2])).toEqual({ requestType: 'Update', resourceType: ROOM, arn: replacement, outcome: 'replaced', replacedArn: arn });
});

test('neither log lines nor error messages contain the ResponseURL, the event or the properties', async () => {
  const secretTag = { Key: 'secret', Value: 'tag-value-never-logged' };
  const { PhysicalResourceId: room } = await handler(createEvent(ROOM, { Tags: [secretTag] }));
  const { PhysicalResourceId: configuration } = await handler(createEvent(LOGGING_CONFIGURATION, {
    DestinationConfiguration: { S3: { BucketName: 'chat-logs' } }, Tags: [secretTag],
  }));
  await handler(updateEvent(ROOM, room, { Name: 'hall', Tags: [secretTag] }, { Tags: [secretTag] }));
  emulator.faults.failNext('UpdateRoom', { status: 400, type: 'ValidationException', message: 'rejected' });
  const failure = await rejectionOf(handler(updateEvent(ROOM, room, { Name: 'lobby', Tags: [secretTag] }, { Name: 'hall', Tags: [secretTag] })));
  const invalid = await rejectionOf(handler(createEvent(ROOM, { MaximumMessageLength: '0', Tags: [secretTag] })));
  await handler(deleteEvent(ROOM, room, { Tags: [secretTag] }));
  await handler(deleteEvent(LOGGING_CONFIGURATION, configuration, { Tags: [secretTag] }));

  const output = [...logLines(), failure.message, invalid.message].join('\n');
  expect(logLines()).toHaveLength(5);
  expect(output).not.toContain('ResponseURL');
  expect(output).not.toContain(RESPONSE_URL);
  expect(output).not.toContain('SECRETSIGNATURE');
  expect(output).not.toContain('tag-value-never-logged');
  expect(output).not.toContain('ServiceToken');
});
