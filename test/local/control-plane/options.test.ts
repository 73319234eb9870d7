import { CreateLoggingConfigurationCommand, CreateRoomCommand, GetRoomCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start({ region: 'eu-west-1', accountId: '111122223333', loggingConfigurationQuota: 1 });
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

test('ARNs name the configured region and account', async () => {
  const room = await client.send(new CreateRoomCommand({}));

  expect(room.arn).toBe(`arn:aws:ivschat:eu-west-1:111122223333:room/${room.id}`);
  expect(emulator.env().AWS_REGION).toBe('eu-west-1');
});

test('identifiers of the default region and account are rejected', async () => {
  await expect(client.send(new GetRoomCommand({ identifier: 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl' }))).rejects.toMatchObject({
    name: 'ValidationException', fieldList: [{ name: 'identifier', message: expect.stringContaining('eu-west-1') }],
  });
});

test('the logging configuration quota is configurable', async () => {
  const destinationConfiguration = { s3: { bucketName: 'chat-logs' } };
  await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration }));

  await expect(client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration }))).rejects.toMatchObject({
    name: 'ServiceQuotaExceededException', limit: 1, $metadata: { httpStatusCode: 402 },
  });
});

test('the clock given is the emulator\'s time: timestamps, call records and state changes follow it', async () => {
  let now = Date.UTC(2030, 5, 1, 12);
  const clocked = await IvsChatEmulator.start({ loggingStateDelays: { creatingMs: 60_000 }, clock: () => now });
  try {
    const clockedClient = clocked.client({ maxAttempts: 1 });

    const room = await clockedClient.send(new CreateRoomCommand({}));
    const configuration = await clockedClient.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: { s3: { bucketName: 'chat-logs' } } }));
    now += 60_000;

    expect(room.createTime).toEqual(new Date(Date.UTC(2030, 5, 1, 12)));
    expect(clocked.calls.map(call => call.time)).toEqual([Date.UTC(2030, 5, 1, 12), Date.UTC(2030, 5, 1, 12)]);
    expect(configuration.state).toBe('CREATING');
    expect(clocked.loggingConfigurations().map(record => record.state)).toEqual(['ACTIVE']);
  } finally {
    await clocked.stop();
  }
});

test.each([
  ['an account id that is not 12 digits', { accountId: '1234' }, '`accountId` must match ^[0-9]{12}$, got: 1234'],
  ['a region with uppercase letters', { region: 'US-EAST-1' }, '`region` must match ^[a-z0-9-]+$, got: US-EAST-1'],
  ['a negative delay', { loggingStateDelays: { creatingMs: -1 } }, '`creatingMs` must be a non-negative integer, got: -1'],
])('start() refuses %s', async (_case, options, message) => {
  await expect(IvsChatEmulator.start(options)).rejects.toThrow(message);
});
