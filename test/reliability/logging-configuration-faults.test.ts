/**
 * Fault matrix, logging configurations: the bundled handler driven by CloudFormation-shaped events against the
 * emulator with injected faults and failed asynchronous states. Every row asserts the emulator's final state: nothing
 * orphaned, lost or duplicated.
 */
import { DeleteLoggingConfigurationCommand } from '@aws-sdk/client-ivschat';
import {
  answered, configurationState, CREATE_FAILED_MARKER, eventually, Handler, loadBundle, LOGGING_CONFIGURATION,
  LOGGING_V1 as V1, LOGGING_V2 as V2, noLoggingConfigurationLeft,
} from './support';
import { IvsChatEmulator, OperationName } from '../../local/control-plane';
import { createEvent, deleteEvent, rejectionOf, startEmulator, updateEvent } from '../lambda/support';

let emulator: IvsChatEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  // Changes complete at once: the timeouts, which need changes in progress, have their own file.
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


/** What V1 and V2 say, as the emulator holds it once ACTIVE. */
const AS_V1 = { name: 'chat-logs', state: 'ACTIVE', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/chat/v1' } }, tags: { team: 'chat', stage: 'dev' } };
const AS_V2 = { name: 'chat-logs-2', state: 'ACTIVE', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/chat/v2' } }, tags: { team: 'video', owner: 'me' } };

const INTERNAL_ERROR = { status: 500, type: 'InternalServerException', message: 'transient' };

async function createdConfiguration(handler: Handler = loadBundle()): Promise<string> {
  const { PhysicalResourceId } = await handler(createEvent(LOGGING_CONFIGURATION, V1));
  return PhysicalResourceId;
}

async function deletedOutsideCloudFormation(arn: string): Promise<void> {
  await emulator.client().send(new DeleteLoggingConfigurationCommand({ identifier: arn }));
  await noLoggingConfigurationLeft(emulator);
}

test('throttling (429) bursts on logging configuration operations at 3 TPS: a create, an update and a delete at once, each exactly once', async () => {
  const [kept, deleted] = await Promise.all([createdConfiguration(), createdConfiguration()]);
  emulator.faults.throttle('loggingConfiguration', 3);

  const [created] = await Promise.all([
    createdConfiguration(),
    loadBundle()(updateEvent(LOGGING_CONFIGURATION, kept, V2, V1)),
    loadBundle()(deleteEvent(LOGGING_CONFIGURATION, deleted)),
  ]);

  expect(emulator.loggingConfigurations()).toEqual([
    expect.objectContaining({ arn: kept, ...AS_V2 }),
    expect.objectContaining({ arn: created, ...AS_V1 }),
  ]);
  expect(answered(emulator, 'ThrottlingException')).toBeGreaterThan(0);
  const changes = ['CreateLoggingConfiguration', 'UpdateLoggingConfiguration', 'DeleteLoggingConfiguration'];
  expect(emulator.calls.filter(call => changes.includes(call.operation) && call.status < 300).map(call => call.operation).sort())
    .toEqual(['CreateLoggingConfiguration', 'CreateLoggingConfiguration', 'CreateLoggingConfiguration', 'DeleteLoggingConfiguration', 'UpdateLoggingConfiguration']);
}, 30_000);

describe('transient 500s on each write operation are retried: the change happens exactly once', () => {
  test.each<[OperationName, (handler: Handler) => Promise<void>, object[]]>([
    ['CreateLoggingConfiguration', async handler => {
      await handler(createEvent(LOGGING_CONFIGURATION, V1));
    }, [AS_V1]],
    ['UpdateLoggingConfiguration', async handler => {
      await handler(updateEvent(LOGGING_CONFIGURATION, await createdConfiguration(handler), V2, V1));
    }, [AS_V2]],
    ['DeleteLoggingConfiguration', async handler => {
      await handler(deleteEvent(LOGGING_CONFIGURATION, await createdConfiguration(handler)));
    }, []],
  ])('%s', async (operation, run, configurations) => {
    emulator.faults.failNext(operation, INTERNAL_ERROR, 2);

    await run(loadBundle());

    expect(emulator.loggingConfigurations()).toEqual(configurations.map(configuration => expect.objectContaining(configuration)));
    expect(emulator.calls.filter(call => call.operation === operation).map(call => call.status)).toEqual([500, 500, expect.any(Number)]);
  });
});

test('latency (100 ms on every answer): create, update and delete complete, nothing left', async () => {
  emulator.faults.latency('*', 100);
  const handler = loadBundle();

  const arn = await createdConfiguration(handler);
  await handler(updateEvent(LOGGING_CONFIGURATION, arn, V2, V1));
  expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({ arn, ...AS_V2 })]);
  await handler(deleteEvent(LOGGING_CONFIGURATION, arn));

  expect(emulator.loggingConfigurations()).toEqual([]);
});

describe('ResourceNotFound', () => {
  test('on delete: the configuration deleted outside CloudFormation counts as deleted', async () => {
    const arn = await createdConfiguration();
    await deletedOutsideCloudFormation(arn);

    await expect(loadBundle()(deleteEvent(LOGGING_CONFIGURATION, arn))).resolves.toEqual({ PhysicalResourceId: arn });

    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('on update: a new configuration under a new physical id; CloudFormation\'s delete of the old one succeeds; one remains', async () => {
    const arn = await createdConfiguration();
    await deletedOutsideCloudFormation(arn);
    const handler = loadBundle();

    const updated = await handler(updateEvent(LOGGING_CONFIGURATION, arn, V2, V1));
    expect(updated.PhysicalResourceId).not.toBe(arn);
    await expect(handler(deleteEvent(LOGGING_CONFIGURATION, arn, V1))).resolves.toEqual({ PhysicalResourceId: arn });

    expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({ arn: updated.PhysicalResourceId, ...AS_V2 })]);
  });
});

describe('CREATE_FAILED once the configuration exists: the handler deletes it; the delete CloudFormation sends after is a no-op', () => {
  test.each([
    ['the request id', (requestId: string) => requestId],
    ['the Provider framework\'s marker', () => CREATE_FAILED_MARKER],
  ])('then Delete with %s as physical id', async (_, physicalId) => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');
    const handler = loadBundle();
    const create = createEvent(LOGGING_CONFIGURATION, V1);

    const error = await rejectionOf(handler(create));
    expect(error.message).toMatch(
      /^Logging configuration arn:\S+ reached state CREATE_FAILED \(the service gives no reason\)\. .* The logging configuration has been deleted\.$/,
    );
    await noLoggingConfigurationLeft(emulator);
    const calls = emulator.callCount();
    await handler(deleteEvent(LOGGING_CONFIGURATION, physicalId(create.RequestId), V1));

    expect(emulator.callCount()).toBe(calls);
    expect(emulator.loggingConfigurations()).toEqual([]);
    expect(emulator.callCount('CreateLoggingConfiguration')).toBe(1);
  });
});

test('update rollback after UPDATE_FAILED: the configuration returns exactly to its original state, tags included', async () => {
  const handler = loadBundle();
  const arn = await createdConfiguration(handler);
  const [original] = emulator.loggingConfigurations();
  emulator.faults.failLoggingConfigurationState('UPDATE_FAILED');

  const error = await rejectionOf(handler(updateEvent(LOGGING_CONFIGURATION, arn, V2, V1)));
  expect(error.message).toBe(`Logging configuration ${arn} reached state UPDATE_FAILED (the service gives no reason). `
    + 'Check that the destination exists in this account and region and accepts log delivery.');
  expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({ arn, state: 'UPDATE_FAILED' })]);
  // CloudFormation rolls back: the old properties come back as the new ones, the rejected ones as the old.
  await handler(updateEvent(LOGGING_CONFIGURATION, arn, V1, V2));

  expect(emulator.loggingConfigurations().map(configurationState)).toEqual([configurationState(original)]);
});

test('a Create sent twice with the same RequestId, concurrently, to the same execution environment: one configuration', async () => {
  const handler = loadBundle();
  const event = createEvent(LOGGING_CONFIGURATION, V1);

  const [first, second] = await Promise.all([handler(event), handler(event)]);

  expect(second).toEqual(first);
  expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({ arn: first.PhysicalResourceId, ...AS_V1 })]);
  expect(emulator.callCount('CreateLoggingConfiguration')).toBe(1);
});

test('the quota of 10 configurations: the 11th fails with the reason and leaves nothing; its follow-up delete is a no-op', async () => {
  const arns = await Promise.all(Array.from({ length: 10 }, () => createdConfiguration()));
  const handler = loadBundle();
  const eleventh = createEvent(LOGGING_CONFIGURATION, V1);

  const error = await rejectionOf(handler(eleventh));
  await handler(deleteEvent(LOGGING_CONFIGURATION, eleventh.RequestId, V1));

  expect(error.message).toBe('CreateLoggingConfiguration failed: Quota of 10 logging configurations per account and region exceeded '
    + '(ServiceQuotaExceededException, limit 10)');
  await eventually(() => emulator.loggingConfigurations().every(configuration => configuration.state === 'ACTIVE'));
  expect(emulator.loggingConfigurations().map(configuration => configuration.arn).sort()).toEqual([...arns].sort());
  expect(emulator.calls.filter(call => call.operation === 'CreateLoggingConfiguration').map(call => call.status))
    .toEqual([...Array(10).fill(200), 402]);
});
