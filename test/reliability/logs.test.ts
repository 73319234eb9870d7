/**
 * What the bundled handler logs, across the life and the failures of both resource types: the operation, the
 * resource type, the ARN and the outcome, never the presigned ResponseURL, the event or a property value.
 */
import { loadBundle, LOGGING_CONFIGURATION, noLoggingConfigurationLeft, REGION, ROOM } from './support';
import { SAFETY_MARGIN_MS } from '../../lambda/ivschat-provider/waiter';
import { IvsChatEmulator } from '../../local/control-plane';
import { contextWithRemaining, createEvent, deleteEvent, RESPONSE_URL, startEmulator, updateEvent } from '../lambda/support';

const SECRETS = {
  roomName: 'secret-room-name',
  newRoomName: 'secret-new-room-name',
  configurationName: 'secret-configuration-name',
  logGroup: '/secret/log-group',
  bucket: 'secret-bucket',
  tagValue: 'secret-tag-value',
  reviewFunction: 'secret-review-function',
  badName: 'secret bad name',
};
const TAGS = [{ Key: 'team', Value: SECRETS.tagValue }];
const REVIEW_HANDLER = { Uri: `arn:aws:lambda:${REGION}:123456789012:function:${SECRETS.reviewFunction}`, FallbackResult: 'DENY' };
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

let emulator: IvsChatEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator({ loggingStateDelays: { creatingMs: 50, updatingMs: 50, deletingMs: 50 } });
});
afterAll(async () => {
  process.env = savedEnv;
  await emulator.stop();
});

test('logs name the operation, the resource type, the ARN and the outcome: no ResponseURL, no property value, no event', async () => {
  const lines: string[] = [];
  for (const method of METHODS) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(arg => typeof arg === 'string' ? arg : JSON.stringify(arg)).join(' '));
    });
  }
  const handler = loadBundle();
  const events: object[] = [];
  const send = async (event: object, context?: object) => {
    events.push(event);
    return handler(event, context).catch((error: Error) => error);
  };
  const room = { Name: SECRETS.roomName, MaximumMessageLength: '300', MessageReviewHandler: REVIEW_HANDLER, Tags: TAGS };
  const configuration = {
    Name: SECRETS.configurationName, DestinationConfiguration: { CloudWatchLogs: { LogGroupName: SECRETS.logGroup } }, Tags: TAGS,
  };
  const otherDestination = { ...configuration, DestinationConfiguration: { S3: { BucketName: SECRETS.bucket } } };

  try {
    // A logging configuration: create, update, failed update and its rollback; a failed, a timed-out and an invalid create.
    const config = await send(createEvent(LOGGING_CONFIGURATION, configuration)) as { PhysicalResourceId: string };
    await send(updateEvent(LOGGING_CONFIGURATION, config.PhysicalResourceId, otherDestination, configuration));
    emulator.faults.failLoggingConfigurationState('UPDATE_FAILED');
    await send(updateEvent(LOGGING_CONFIGURATION, config.PhysicalResourceId, configuration, otherDestination));
    await send(updateEvent(LOGGING_CONFIGURATION, config.PhysicalResourceId, otherDestination, configuration));
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');
    await send(createEvent(LOGGING_CONFIGURATION, configuration));
    await send(createEvent(LOGGING_CONFIGURATION, configuration), contextWithRemaining(SAFETY_MARGIN_MS));
    await send(createEvent(LOGGING_CONFIGURATION, { ...configuration, Name: SECRETS.badName }));

    // A room logging to it: create, update, no-op update, rejected update, invalid create, delete, replaced after it vanished.
    const withLogs = { ...room, LoggingConfigurationIdentifiers: [config.PhysicalResourceId] };
    const created = await send(createEvent(ROOM, withLogs)) as { PhysicalResourceId: string };
    const renamed = { ...withLogs, Name: SECRETS.newRoomName };
    await send(updateEvent(ROOM, created.PhysicalResourceId, renamed, withLogs));
    await send(updateEvent(ROOM, created.PhysicalResourceId, renamed, renamed));
    emulator.faults.failNext('UpdateRoom', { status: 400, type: 'ValidationException', message: 'rejected' });
    await send(updateEvent(ROOM, created.PhysicalResourceId, withLogs, renamed));
    await send(createEvent(ROOM, { ...room, Name: SECRETS.badName }));
    await send(deleteEvent(ROOM, created.PhysicalResourceId, renamed));
    const replaced = await send(updateEvent(ROOM, created.PhysicalResourceId, withLogs, renamed)) as { PhysicalResourceId: string };
    await send(deleteEvent(ROOM, replaced.PhysicalResourceId, withLogs));
    await send(deleteEvent(LOGGING_CONFIGURATION, config.PhysicalResourceId, otherDestination));
    await noLoggingConfigurationLeft(emulator);
  } finally {
    jest.restoreAllMocks();
  }

  const output = lines.join('\n');
  expect(lines.map(line => JSON.parse(line).outcome)).toEqual([
    'created', 'updated', 'updated', 'created', 'updated', 'unchanged', 'deleted', 'replaced', 'deleted', 'deleted',
  ]);
  for (const forbidden of [RESPONSE_URL, 'X-Amz-Signature', 'SECRETSIGNATURE', 'ResponseURL', 'ServiceToken', 'ResourceProperties', 'StackId']) {
    expect(output).not.toContain(forbidden);
  }
  for (const secret of Object.values(SECRETS)) {
    expect(output).not.toContain(secret);
  }
  for (const event of events as Array<{ RequestId: string }>) {
    expect(output).not.toContain(event.RequestId);
    expect(output).not.toContain(JSON.stringify(event));
  }
});
