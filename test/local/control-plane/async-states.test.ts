import {
  CreateLoggingConfigurationCommand, CreateRoomCommand, DeleteLoggingConfigurationCommand, GetLoggingConfigurationCommand, IvschatClient,
  ListLoggingConfigurationsCommand, LoggingConfigurationState, UpdateLoggingConfigurationCommand,
} from '@aws-sdk/client-ivschat';
import { ManualClock } from './support';
import { IvsChatEmulator } from '../../../local/control-plane';

const DESTINATION = { s3: { bucketName: 'chat-logs' } };
/** How long each create, update and delete stays in progress, on the emulator's clock. */
const CHANGE_MS = 50;

/** The emulator's clock: it moves only when a test advances it. */
const clock = new ManualClock();
let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start({
    loggingStateDelays: { creatingMs: CHANGE_MS, updatingMs: CHANGE_MS, deletingMs: CHANGE_MS },
    clock: clock.now,
  });
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function create(): Promise<string> {
  const created = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: DESTINATION }));
  return created.arn!;
}

/** The state GetLoggingConfiguration answers; 'GONE' for a configuration that no longer exists. */
async function stateOf(identifier: string): Promise<string> {
  return client.send(new GetLoggingConfigurationCommand({ identifier })).then(
    (configuration) => configuration.state as string,
    (error: Error) => error.name === 'ResourceNotFoundException' ? 'GONE' : Promise.reject(error),
  );
}

/**
 * Advances the clock through a change that began at the current time: the configuration must read `from` at its start
 * and 1 ms before its end; answers `from` and the state at its end.
 */
async function statesLeaving(identifier: string, from: LoggingConfigurationState): Promise<string[]> {
  const atStart = await stateOf(identifier);
  clock.advance(CHANGE_MS - 1);
  const justBeforeEnd = await stateOf(identifier);
  clock.advance(1);
  const atEnd = await stateOf(identifier);
  expect([atStart, justBeforeEnd]).toEqual([from, from]);
  return [from, atEnd];
}

async function activeConfiguration(): Promise<string> {
  const arn = await create();
  await statesLeaving(arn, 'CREATING');
  return arn;
}

describe('create', () => {
  test('answers CREATING, then reads CREATING until the configuration becomes ACTIVE', async () => {
    const created = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: DESTINATION }));

    expect(created.state).toBe('CREATING');
    expect(await statesLeaving(created.arn!, 'CREATING')).toEqual(['CREATING', 'ACTIVE']);
  });

  test('ends in CREATE_FAILED when a failure is injected', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');

    const arn = await create();

    expect(await statesLeaving(arn, 'CREATING')).toEqual(['CREATING', 'CREATE_FAILED']);
  });

  test('lists the configuration with its current state', async () => {
    const arn = await create();

    const { loggingConfigurations } = await client.send(new ListLoggingConfigurationsCommand({}));

    expect(loggingConfigurations).toEqual([expect.objectContaining({ arn, state: 'CREATING' })]);
    expect(emulator.loggingConfigurations()[0].state).toBe('CREATING');
  });

  test.each([
    ['UpdateLoggingConfiguration', (identifier: string) => client.send(new UpdateLoggingConfigurationCommand({ identifier, name: 'renamed' }))],
    ['DeleteLoggingConfiguration', (identifier: string) => client.send(new DeleteLoggingConfigurationCommand({ identifier }))],
  ])('%s answers 409 ConflictException while CREATING', async (_operation, call: (identifier: string) => Promise<unknown>) => {
    const arn = await create();

    await expect(call(arn)).rejects.toMatchObject({
      name: 'ConflictException', resourceId: arn, resourceType: 'ROOM', $metadata: { httpStatusCode: 409 },
    });
  });
});

describe('update', () => {
  test('answers UPDATING, then becomes ACTIVE with the new values', async () => {
    const arn = await activeConfiguration();

    const updated = await client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'renamed' }));

    expect(updated).toMatchObject({ state: 'UPDATING', name: 'renamed' });
    expect(await statesLeaving(arn, 'UPDATING')).toEqual(['UPDATING', 'ACTIVE']);
  });

  test('ends in UPDATE_FAILED when a failure is injected', async () => {
    const arn = await activeConfiguration();
    emulator.faults.failLoggingConfigurationState('UPDATE_FAILED');

    await client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'renamed' }));

    expect(await statesLeaving(arn, 'UPDATING')).toEqual(['UPDATING', 'UPDATE_FAILED']);
  });

  test('a second update answers 409 while the first is in progress', async () => {
    const arn = await activeConfiguration();
    await client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'first' }));

    await expect(client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'second' }))).rejects.toMatchObject({
      name: 'ConflictException', $metadata: { httpStatusCode: 409 },
    });
  });

  test('a failed configuration can be updated back to ACTIVE', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');
    const arn = await create();
    await statesLeaving(arn, 'CREATING');

    await client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, destinationConfiguration: DESTINATION }));

    expect(await statesLeaving(arn, 'UPDATING')).toEqual(['UPDATING', 'ACTIVE']);
  });
});

describe('delete', () => {
  test('reads DELETING until the configuration is gone', async () => {
    const arn = await activeConfiguration();

    await client.send(new DeleteLoggingConfigurationCommand({ identifier: arn }));

    expect(await statesLeaving(arn, 'DELETING')).toEqual(['DELETING', 'GONE']);
    expect(emulator.loggingConfigurations()).toEqual([]);
  });

  test('update answers 409 while DELETING', async () => {
    const arn = await activeConfiguration();
    await client.send(new DeleteLoggingConfigurationCommand({ identifier: arn }));

    await expect(client.send(new UpdateLoggingConfigurationCommand({ identifier: arn, name: 'late' }))).rejects.toMatchObject({
      name: 'ConflictException', $metadata: { httpStatusCode: 409 },
    });
  });

  test('a configuration still DELETING counts against the quota', async () => {
    for (let index = 0; index < 9; index++) await create();
    const deleting = await activeConfiguration();
    await client.send(new DeleteLoggingConfigurationCommand({ identifier: deleting }));

    await expect(create()).rejects.toMatchObject({ name: 'ServiceQuotaExceededException', limit: 10 });
    await statesLeaving(deleting, 'DELETING');
    await expect(create()).resolves.toEqual(expect.any(String));
  });
});

describe('rooms referencing a configuration in progress', () => {
  test('CreateRoom answers 409 while the configuration is CREATING and succeeds once it is ACTIVE', async () => {
    const arn = await create();

    await expect(client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [arn] }))).rejects.toMatchObject({
      name: 'ConflictException', resourceId: arn, $metadata: { httpStatusCode: 409 },
    });
    await statesLeaving(arn, 'CREATING');
    await expect(client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [arn] }))).resolves.toMatchObject({
      loggingConfigurationIdentifiers: [arn],
    });
  });
});
