import { CreateLoggingConfigurationCommand, CreateRoomCommand, IvschatClient, UpdateRoomCommand } from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start({
    rejectInactiveLoggingConfigurations: false,
    loggingStateDelays: { creatingMs: 60_000 },
  });
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

describe('with rejectInactiveLoggingConfigurations: false', () => {
  test('a room may reference a configuration that is still CREATING', async () => {
    const { arn, state } = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));
    expect(state).toBe('CREATING');

    const room = await client.send(new CreateRoomCommand({ loggingConfigurationIdentifiers: [arn!] }));
    const updated = await client.send(new UpdateRoomCommand({ identifier: room.arn, loggingConfigurationIdentifiers: [arn!] }));

    expect(updated.loggingConfigurationIdentifiers).toEqual([arn]);
  });

  test('a configuration that does not exist is still rejected with 404', async () => {
    await expect(client.send(new CreateRoomCommand({
      loggingConfigurationIdentifiers: ['arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefghijkl'],
    }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});
