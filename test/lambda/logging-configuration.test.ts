import { CreateLoggingConfigurationCommand, DeleteLoggingConfigurationCommand, IvschatClient, UpdateLoggingConfigurationCommand } from '@aws-sdk/client-ivschat';
import {
  contextWithRemaining,
  createEvent,
  deleteEvent,
  LOGGING_CONFIGURATION,
  recordSentCommands,
  rejectionOf,
  SentCommand,
  startEmulator,
  updateEvent,
} from './support';
import { handler } from '../../lambda/ivschat-provider';
import { LOGGING_CONFIGURATION_FIELDS } from '../../lambda/ivschat-provider/logging-configuration';
import { SAFETY_MARGIN_MS } from '../../lambda/ivschat-provider/waiter';
import { IvsChatEmulator } from '../../local/control-plane';
import { ManualClock } from '../local/control-plane/support';

/**
 * How long each create, update and delete stays in progress on the emulator's clock, which moves half of it per
 * request: the first read after a change sees it in progress, the second sees it done.
 */
const CHANGE_MS = 200;
const clock = new ManualClock(CHANGE_MS / 2);

const S3 = { DestinationConfiguration: { S3: { BucketName: 'chat-logs' } } };
const CLOUDWATCH = { DestinationConfiguration: { CloudWatchLogs: { LogGroupName: '/ivs/chat' } } };

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await startEmulator({
    loggingStateDelays: { creatingMs: CHANGE_MS, updatingMs: CHANGE_MS, deletingMs: CHANGE_MS },
    clock: clock.now,
  });
  client = emulator.client();
});
beforeEach(() => {
  clock.stepMs = CHANGE_MS / 2;
  emulator.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => emulator.stop());

/** The states GetLoggingConfiguration answered, NOT_FOUND for a 404. */
function statesRead(sent: SentCommand[]): string[] {
  return sent
    .filter(command => command.operation === 'GetLoggingConfiguration')
    .map(command => command.error?.name === 'ResourceNotFoundException' ? 'NOT_FOUND' : String(command.output?.state));
}

function callsAfter(count: number): string[] {
  return emulator.calls.slice(count).map(call => `${call.operation} ${call.status}`);
}

/** Until a change made now has completed. */
async function changeCompleted(): Promise<void> {
  clock.advance(CHANGE_MS);
}

/** An ACTIVE configuration, made directly rather than through the handler (whose waiting the create tests cover); returns its ARN. */
async function existingConfiguration(properties: Record<string, unknown> = S3): Promise<string> {
  const { name, destinationConfiguration, tags } = LOGGING_CONFIGURATION_FIELDS.settings(properties as any);
  const { arn } = await client.send(new CreateLoggingConfigurationCommand({ name, destinationConfiguration, tags }));
  await changeCompleted();
  return arn!;
}

describe('create', () => {
  test('creates with the tags, then returns only after two consecutive ACTIVE reads', async () => {
    const sent = recordSentCommands();

    const response = await handler(createEvent(LOGGING_CONFIGURATION, { Name: 'chat', ...S3, Tags: [{ Key: 'team', Value: 'chat' }] }));

    const [configuration] = emulator.loggingConfigurations();
    expect(configuration).toMatchObject({ name: 'chat', state: 'ACTIVE', destinationConfiguration: { s3: { bucketName: 'chat-logs' } }, tags: { team: 'chat' } });
    expect(emulator.callCount('CreateLoggingConfiguration')).toBe(1);
    const states = statesRead(sent);
    expect(states[0]).toBe('CREATING');
    expect(states.slice(-2)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(states.filter(state => state === 'ACTIVE')).toHaveLength(2);
    expect(response).toEqual({ PhysicalResourceId: configuration.arn, Data: { Arn: configuration.arn, Id: configuration.id } });
  });

  test.each([
    [{ S3: { BucketName: 'chat-logs' } }, { s3: { bucketName: 'chat-logs' } }],
    [{ CloudWatchLogs: { LogGroupName: '/ivs/chat' } }, { cloudWatchLogs: { logGroupName: '/ivs/chat' } }],
    [{ Firehose: { DeliveryStreamName: 'chat-stream' } }, { firehose: { deliveryStreamName: 'chat-stream' } }],
  ])('destination %j', async (destination, expected) => {
    await handler(createEvent(LOGGING_CONFIGURATION, { DestinationConfiguration: destination }));

    expect(emulator.loggingConfigurations()).toMatchObject([{ destinationConfiguration: expected, state: 'ACTIVE' }]);
  });

  test('CREATE_FAILED fails the create with the state, and the failed configuration is deleted', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');

    const error = await rejectionOf(handler(createEvent(LOGGING_CONFIGURATION, S3)));

    const created = emulator.calls.find(call => call.operation === 'DeleteLoggingConfiguration')!.resourceArn;
    expect(error.message).toBe(`Logging configuration ${created} reached state CREATE_FAILED (the service gives no reason). `
      + 'Check that the destination exists in this account and region and accepts log delivery. The logging configuration has been deleted.');
    expect(callsAfter(0).filter(call => !call.startsWith('Get'))).toEqual(['CreateLoggingConfiguration 200', 'DeleteLoggingConfiguration 204']);
    await changeCompleted();
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('running out of time fails with the timeout message; the configuration is deleted once its create completes', async () => {
    // Four requests per change: the Get, then two deletes while it is still CREATING.
    clock.stepMs = CHANGE_MS / 4;
    const error = await rejectionOf(handler(createEvent(LOGGING_CONFIGURATION, S3), contextWithRemaining(SAFETY_MARGIN_MS)));

    const arn = emulator.calls.find(call => call.operation === 'DeleteLoggingConfiguration')!.resourceArn;
    expect(error.message).toBe(
      `Timed out after 0 s waiting for logging configuration ${arn} to become ACTIVE (last state: CREATING). `
      + 'The logging configuration has been deleted.',
    );
    expect(callsAfter(0).filter(call => !call.startsWith('Get'))).toEqual([
      'CreateLoggingConfiguration 200', 'DeleteLoggingConfiguration 409', 'DeleteLoggingConfiguration 409', 'DeleteLoggingConfiguration 204',
    ]);
    await changeCompleted();
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('the logging configuration quota (402) fails the create with the service message and the limit', async () => {
    for (let i = 0; i < 10; i++) {
      await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));
    }
    const before = emulator.calls.length;

    const error = await rejectionOf(handler(createEvent(LOGGING_CONFIGURATION, S3)));

    expect(error.message).toBe('CreateLoggingConfiguration failed: Quota of 10 logging configurations per account and region exceeded '
      + '(ServiceQuotaExceededException, limit 10)');
    expect(callsAfter(before)).toEqual(['CreateLoggingConfiguration 402']);
  });
});

describe('update', () => {
  test('a destination of another type is an in-place update, waited until ACTIVE', async () => {
    const arn = await existingConfiguration(S3);
    const before = emulator.calls.length;
    const sent = recordSentCommands();

    const response = await handler(updateEvent(LOGGING_CONFIGURATION, arn, CLOUDWATCH, S3));

    expect(sent[0].input).toEqual({ identifier: arn, destinationConfiguration: { cloudWatchLogs: { logGroupName: '/ivs/chat' } } });
    expect(callsAfter(before).filter(call => !call.startsWith('Get'))).toEqual(['UpdateLoggingConfiguration 200']);
    expect(statesRead(sent)[0]).toBe('UPDATING');
    expect(statesRead(sent).slice(-2)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(emulator.loggingConfigurations()).toMatchObject([{ arn, state: 'ACTIVE', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/ivs/chat' } } }]);
    expect(response).toEqual({ PhysicalResourceId: arn, Data: { Arn: arn, Id: emulator.loggingConfigurations()[0].id } });
  });

  test('a removed name is reset to empty, with the name only', async () => {
    const arn = await existingConfiguration({ Name: 'chat', ...S3 });
    const sent = recordSentCommands();

    await handler(updateEvent(LOGGING_CONFIGURATION, arn, S3, { Name: 'chat', ...S3 }));

    expect(sent[0].input).toEqual({ identifier: arn, name: '' });
    expect(emulator.loggingConfigurations()[0].name).toBe('');
  });

  test('tags only: Untag and Tag, no UpdateLoggingConfiguration and no waiting', async () => {
    const old = { ...S3, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] };
    const arn = await existingConfiguration(old);
    const before = emulator.calls.length;

    await handler(updateEvent(LOGGING_CONFIGURATION, arn, { ...S3, Tags: [{ Key: 'b', Value: '3' }] }, old));

    expect(emulator.calls.slice(before).map(call => call.operation)).toEqual(['UntagResource', 'TagResource']);
    expect(emulator.loggingConfigurations()[0].tags).toEqual({ b: '3' });
  });

  test('an update that changes nothing makes no call', async () => {
    const arn = await existingConfiguration(S3);
    const before = emulator.calls.length;

    const response = await handler(updateEvent(LOGGING_CONFIGURATION, arn, { ...S3, Name: '' }, { ...S3, Tags: [] }));

    expect(emulator.callCount() - before).toBe(0);
    expect(response.Data).toEqual({ Arn: arn, Id: emulator.loggingConfigurations()[0].id });
  });

  test('UPDATE_FAILED fails the update with the state; the configuration is kept for the rollback', async () => {
    const arn = await existingConfiguration(S3);
    emulator.faults.failLoggingConfigurationState('UPDATE_FAILED');

    const error = await rejectionOf(handler(updateEvent(LOGGING_CONFIGURATION, arn, CLOUDWATCH, S3)));

    expect(error.message).toBe(`Logging configuration ${arn} reached state UPDATE_FAILED (the service gives no reason). `
      + 'Check that the destination exists in this account and region and accepts log delivery.');
    expect(emulator.loggingConfigurations()).toMatchObject([{ arn, state: 'UPDATE_FAILED' }]);
    expect(emulator.callCount('DeleteLoggingConfiguration')).toBe(0);
  });

  test('running out of time gives the exact timeout message', async () => {
    const arn = await existingConfiguration(S3);
    // The update's own requests must not end it before the handler's first look.
    clock.stepMs = CHANGE_MS / 4;

    const error = await rejectionOf(handler(updateEvent(LOGGING_CONFIGURATION, arn, CLOUDWATCH, S3), contextWithRemaining(SAFETY_MARGIN_MS + 50)));

    expect(error.message).toBe(`Timed out after 0 s waiting for logging configuration ${arn} to become ACTIVE (last state: UPDATING).`);
  });

  test('a ConflictException while a previous change is in progress is waited out, then the update is retried', async () => {
    const arn = await existingConfiguration(S3);
    await client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'elsewhere' }));
    const before = emulator.calls.length;

    await handler(updateEvent(LOGGING_CONFIGURATION, arn, CLOUDWATCH, S3));

    expect(callsAfter(before).filter(call => call.startsWith('Update'))).toEqual(['UpdateLoggingConfiguration 409', 'UpdateLoggingConfiguration 200']);
    expect(emulator.loggingConfigurations()).toMatchObject([{ arn, state: 'ACTIVE', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/ivs/chat' } } }]);
  });

  test('a configuration deleted outside CloudFormation is created again, under a new physical id', async () => {
    const arn = await existingConfiguration(S3);
    await client.send(new DeleteLoggingConfigurationCommand({ identifier: arn }));
    await changeCompleted();

    const response = await handler(updateEvent(LOGGING_CONFIGURATION, arn, CLOUDWATCH, S3));

    const configurations = emulator.loggingConfigurations();
    expect(configurations).toMatchObject([{ state: 'ACTIVE', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/ivs/chat' } } }]);
    expect(response.PhysicalResourceId).toBe(configurations[0].arn);
    expect(response.PhysicalResourceId).not.toBe(arn);
  });
});

describe('delete', () => {
  test('returns only once GetLoggingConfiguration answers ResourceNotFoundException', async () => {
    const arn = await existingConfiguration(S3);
    const sent = recordSentCommands();

    await handler(deleteEvent(LOGGING_CONFIGURATION, arn));

    const states = statesRead(sent);
    expect(states[0]).toBe('DELETING');
    expect(states[states.length - 1]).toBe('NOT_FOUND');
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('a ConflictException while a change is in progress is waited out, then the delete is retried', async () => {
    const arn = await existingConfiguration(S3);
    await client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'elsewhere' }));
    const before = emulator.calls.length;

    await handler(deleteEvent(LOGGING_CONFIGURATION, arn));

    expect(callsAfter(before).filter(call => call.startsWith('Delete'))).toEqual(['DeleteLoggingConfiguration 409', 'DeleteLoggingConfiguration 204']);
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('a configuration that no longer exists counts as deleted, with one call', async () => {
    const arn = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefABCDEF';

    await expect(handler(deleteEvent(LOGGING_CONFIGURATION, arn))).resolves.toEqual({ PhysicalResourceId: arn });

    expect(callsAfter(0)).toEqual(['DeleteLoggingConfiguration 404']);
  });

  test('a physical id that is not a logging configuration ARN makes no call', async () => {
    await handler(deleteEvent(LOGGING_CONFIGURATION, 'a1b2c3d4-0000-0000-0000-000000000000'));

    expect(emulator.callCount()).toBe(0);
  });
});

describe('invalid properties are rejected before any call', () => {
  test.each([
    [{}, 'DestinationConfiguration must have exactly one of S3, CloudWatchLogs or Firehose, got: none.'],
    [{ DestinationConfiguration: { S3: { BucketName: 'a' }, Firehose: { DeliveryStreamName: 'b' } } },
      'DestinationConfiguration must have exactly one of S3, CloudWatchLogs or Firehose, got: S3, Firehose.'],
    [{ DestinationConfiguration: { S3: { BucketName: 'Chat_Logs' } } },
      "DestinationConfiguration.S3.BucketName must be 3-63 characters of lowercase letters, digits, hyphens and dots, got: 'Chat_Logs'."],
    [{ DestinationConfiguration: { CloudWatchLogs: { LogGroupName: 'ivs chat' } } },
      "DestinationConfiguration.CloudWatchLogs.LogGroupName must be 1-512 characters of letters, digits and '.-_/#', got: 'ivs chat'."],
    [{ DestinationConfiguration: { Firehose: { DeliveryStreamName: 'x'.repeat(65) } } },
      `DestinationConfiguration.Firehose.DeliveryStreamName must be 1-64 characters of letters, digits and '_.-', got: '${'x'.repeat(65)}'.`],
    [{ ...S3, Name: 'chat logs' }, "Name may contain only letters, digits, hyphens and underscores, got: 'chat logs'."],
  ])('%j', async (properties, message) => {
    await expect(handler(createEvent(LOGGING_CONFIGURATION, properties))).rejects.toThrow(new Error(message));
    expect(emulator.callCount()).toBe(0);
  });
});
