import {
  CreateLoggingConfigurationCommand, DeleteLoggingConfigurationCommand, DestinationConfiguration, GetLoggingConfigurationCommand,
  IvschatClient, ListLoggingConfigurationsCommand, paginateListLoggingConfigurations, ServiceQuotaExceededException,
  UpdateLoggingConfigurationCommand,
} from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

const S3: DestinationConfiguration = { s3: { bucketName: 'chat-logs' } };
const CLOUDWATCH: DestinationConfiguration = { cloudWatchLogs: { logGroupName: '/aws/ivschat/room-logs' } };
const FIREHOSE: DestinationConfiguration = { firehose: { deliveryStreamName: 'chat_stream.1' } };

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start();
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function create(name = 'logs', destinationConfiguration = S3) {
  return client.send(new CreateLoggingConfigurationCommand({ name, destinationConfiguration }));
}

describe('CreateLoggingConfiguration', () => {
  test.each([['s3', S3], ['cloudWatchLogs', CLOUDWATCH], ['firehose', FIREHOSE]])('accepts a %s destination', async (_kind, destination) => {
    const created = await create('logs', destination);

    expect(created).toMatchObject({ name: 'logs', destinationConfiguration: destination, state: 'ACTIVE', tags: {} });
    expect(created.arn).toBe(`arn:aws:ivschat:us-east-1:123456789012:logging-configuration/${created.id}`);
    expect(created.id).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(created.createTime).toBeInstanceOf(Date);
  });

  test('stores its tags', async () => {
    const created = await client.send(new CreateLoggingConfigurationCommand({ destinationConfiguration: S3, tags: { env: 'test' } }));

    expect(created.tags).toEqual({ env: 'test' });
    expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({ arn: created.arn, name: '', tags: { env: 'test' } })]);
  });

  test('answers 402 ServiceQuotaExceededException beyond the quota of 10', async () => {
    for (let index = 0; index < 10; index++) await create(`logs${index}`);

    const error = await create('eleventh').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error).toMatchObject({ limit: 10, resourceType: 'ROOM', $metadata: { httpStatusCode: 402 } });
    expect(emulator.loggingConfigurations()).toHaveLength(10);
  });

  test('counts failed configurations against the quota and frees a slot on delete', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');
    const failed = await create('failed');
    for (let index = 0; index < 9; index++) await create(`logs${index}`);
    await expect(create('over')).rejects.toMatchObject({ name: 'ServiceQuotaExceededException' });

    await client.send(new DeleteLoggingConfigurationCommand({ identifier: failed.arn }));

    await expect(create('fits')).resolves.toMatchObject({ state: 'ACTIVE' });
  });

  test('ends in CREATE_FAILED at once when a failure is injected and there is no delay', async () => {
    emulator.faults.failLoggingConfigurationState('CREATE_FAILED');

    const failed = await create('failed');
    const next = await create('next');

    expect([failed.state, next.state]).toEqual(['CREATE_FAILED', 'ACTIVE']);
  });
});

describe('GetLoggingConfiguration', () => {
  test('answers the configuration as created', async () => {
    const { $metadata: _created, ...created } = await create();

    const { $metadata: _read, ...read } = await client.send(new GetLoggingConfigurationCommand({ identifier: created.arn }));

    expect(read).toEqual(created);
  });

  test('answers 404 for an unknown configuration', async () => {
    const unknown = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefghijkl';

    await expect(client.send(new GetLoggingConfigurationCommand({ identifier: unknown }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException', resourceId: unknown, $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('UpdateLoggingConfiguration', () => {
  test('changes the name and destination it is given', async () => {
    const created = await create('before', S3);

    const updated = await client.send(new UpdateLoggingConfigurationCommand({ identifier: created.arn, name: 'after', destinationConfiguration: FIREHOSE }));

    expect(updated).toMatchObject({ arn: created.arn, name: 'after', destinationConfiguration: FIREHOSE, state: 'ACTIVE', createTime: created.createTime });
  });

  test('leaves omitted fields and the tags unchanged', async () => {
    const created = await client.send(new CreateLoggingConfigurationCommand({ name: 'kept', destinationConfiguration: CLOUDWATCH, tags: { a: 'b' } }));

    const updated = await client.send(new UpdateLoggingConfigurationCommand({ identifier: created.arn }));

    expect(updated).toMatchObject({ name: 'kept', destinationConfiguration: CLOUDWATCH, tags: { a: 'b' } });
  });

  test('answers 404 for an unknown configuration', async () => {
    await expect(client.send(new UpdateLoggingConfigurationCommand({
      identifier: 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdefghijkl', name: 'x',
    }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});

describe('DeleteLoggingConfiguration', () => {
  test('answers 204 and the configuration is gone at once without a delay', async () => {
    const created = await create();

    const deleted = await client.send(new DeleteLoggingConfigurationCommand({ identifier: created.arn }));

    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(emulator.loggingConfigurations()).toEqual([]);
    await expect(client.send(new GetLoggingConfigurationCommand({ identifier: created.arn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('answers 404 for a configuration already deleted', async () => {
    const created = await create();
    await client.send(new DeleteLoggingConfigurationCommand({ identifier: created.arn }));

    await expect(client.send(new DeleteLoggingConfigurationCommand({ identifier: created.arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('ListLoggingConfigurations', () => {
  test('answers full summaries, most recent first', async () => {
    const first = await create('first', S3);
    const second = await create('second', FIREHOSE);

    const { loggingConfigurations, nextToken } = await client.send(new ListLoggingConfigurationsCommand({}));

    expect(nextToken).toBeUndefined();
    expect(loggingConfigurations).toEqual([second, first].map(({ $metadata: _metadata, ...summary }) => summary));
  });

  test('pages through every configuration exactly once', async () => {
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) await create(name);

    const names: string[] = [];
    for await (const page of paginateListLoggingConfigurations({ client, pageSize: 2 }, {})) {
      names.push(...page.loggingConfigurations!.map((configuration) => configuration.name!));
    }

    expect(names).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
  });

  test('rejects an invalid nextToken with 400', async () => {
    await expect(client.send(new ListLoggingConfigurationsCommand({ nextToken: 'bogus' }))).rejects.toMatchObject({
      name: 'ValidationException', $metadata: { httpStatusCode: 400 },
    });
  });
});
