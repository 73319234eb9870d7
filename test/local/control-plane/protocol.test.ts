import {
  AccessDeniedException, ConflictException, CreateRoomCommand, DeleteRoomCommand, InternalServerException, IvschatClient, IvschatServiceException,
  ListRoomsCommand, PendingVerification, ResourceNotFoundException, ServiceQuotaExceededException, ThrottlingException, ValidationException,
} from '@aws-sdk/client-ivschat';
import { rawRequest, SIGNED } from './support';
import { IvsChatEmulator } from '../../../local/control-plane';

let emulator: IvsChatEmulator;
let client: IvschatClient;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start();
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

test('listens on 127.0.0.1 only', () => {
  expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

describe('errors', () => {
  test.each<[string, number, new (...args: never[]) => IvschatServiceException]>([
    ['AccessDeniedException', 403, AccessDeniedException],
    ['PendingVerification', 403, PendingVerification],
    ['ValidationException', 400, ValidationException],
    ['ResourceNotFoundException', 404, ResourceNotFoundException],
    ['ConflictException', 409, ConflictException],
    ['ServiceQuotaExceededException', 402, ServiceQuotaExceededException],
    ['ThrottlingException', 429, ThrottlingException],
    ['InternalServerException', 500, InternalServerException],
  ])('%s (%i) surfaces in the SDK as its own exception class', async (type, status, exceptionClass) => {
    emulator.faults.failNext('ListRooms', { status, type, message: `scripted ${type}` });

    const error = await client.send(new ListRoomsCommand({})).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(exceptionClass);
    expect(error).toMatchObject({ name: type, message: `scripted ${type}`, $metadata: { httpStatusCode: status } });
  });

  test('carry the shape name in x-amzn-ErrorType and the members in a JSON body', async () => {
    const response = await rawRequest(emulator.endpoint, 'POST', '/GetRoom', {
      headers: { 'Authorization': SIGNED, 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl' }),
    });

    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({
      message: expect.any(String), resourceId: 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl', resourceType: 'ROOM',
    });
  });
});

describe('authentication', () => {
  test('an unsigned SDK request answers 403 AccessDeniedException', async () => {
    const unsigned = emulator.client({ maxAttempts: 1 });
    unsigned.middlewareStack.add((next) => async (args) => {
      delete (args.request as { headers: Record<string, string> }).headers.authorization;
      return next(args);
    }, { step: 'deserialize', name: 'dropAuthorization' });

    const error = await unsigned.send(new ListRoomsCommand({})).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error).toMatchObject({ message: 'Missing Authentication Token', $metadata: { httpStatusCode: 403 } });
    expect(emulator.calls).toEqual([expect.objectContaining({ operation: 'ListRooms', status: 403, errorType: 'AccessDeniedException' })]);
  });

  test.each([
    ['no Authorization header', undefined],
    ['a credential scoped to another service', SIGNED.replace('/ivschat/', '/ivs/')],
    ['a header that is not SigV4', 'Bearer token'],
  ])('a raw request with %s answers 403 and is not processed', async (_case, authorization) => {
    const response = await rawRequest(emulator.endpoint, 'POST', '/CreateRoom', {
      headers: { 'Content-Type': 'application/json', ...authorization && { Authorization: authorization } },
      body: '{}',
    });

    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(emulator.rooms()).toEqual([]);
  });
});

describe('wire format', () => {
  test('timestamps travel as ISO-8601 strings and reach SDK callers as Dates', async () => {
    const raw = await rawRequest(emulator.endpoint, 'POST', '/CreateRoom', { headers: { Authorization: SIGNED }, body: '{}' });
    const viaSdk = await client.send(new CreateRoomCommand({}));

    expect(JSON.parse(raw.body).createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(viaSdk.createTime).toBeInstanceOf(Date);
  });

  test('deletes answer 204 without a body', async () => {
    const room = await client.send(new CreateRoomCommand({}));

    const response = await rawRequest(emulator.endpoint, 'POST', '/DeleteRoom', {
      headers: { Authorization: SIGNED }, body: JSON.stringify({ identifier: room.arn }),
    });

    expect([response.status, response.body, response.headers['content-type']]).toEqual([204, '', undefined]);
  });

  test('every answer carries a request id the SDK exposes', async () => {
    const answer = await client.send(new DeleteRoomCommand({ identifier: (await client.send(new CreateRoomCommand({}))).arn }));

    expect(answer.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('JSON null members count as absent', async () => {
    const response = await rawRequest(emulator.endpoint, 'POST', '/CreateRoom', {
      headers: { Authorization: SIGNED }, body: JSON.stringify({ name: null, maximumMessageLength: null }),
    });

    expect(JSON.parse(response.body)).toMatchObject({ name: '', maximumMessageLength: 500 });
  });

  test.each([
    ['an unknown operation', 'POST', '/CreateChannel'],
    ['a known operation with the wrong method', 'GET', '/CreateRoom'],
    ['tags with an unsupported method', 'PUT', '/tags/arn%3Aaws%3Aivschat%3Aus-east-1%3A123456789012%3Aroom%2Fabcdefghijkl'],
  ])('%s answers 400 ValidationException with reason UNKNOWN_OPERATION', async (_case, method, path) => {
    const response = await rawRequest(emulator.endpoint, method, path, { headers: { Authorization: SIGNED } });

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ reason: 'UNKNOWN_OPERATION', fieldList: [] });
  });

  test.each([['malformed JSON', '{"name":'], ['a JSON array', '[]']])('a body of %s answers 400 ValidationException', async (_case, body) => {
    const response = await rawRequest(emulator.endpoint, 'POST', '/CreateRoom', { headers: { Authorization: SIGNED }, body });

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ reason: 'OTHER' });
    expect(emulator.calls).toEqual([expect.objectContaining({ operation: 'CreateRoom', status: 400, errorType: 'ValidationException' })]);
  });

  test('a member of the wrong JSON type answers 400 naming the member', async () => {
    const response = await rawRequest(emulator.endpoint, 'POST', '/CreateRoom', {
      headers: { Authorization: SIGNED }, body: JSON.stringify({ maximumMessageLength: '10', tags: ['a'] }),
    });

    expect(JSON.parse(response.body).fieldList).toEqual([
      { name: 'maximumMessageLength', message: 'Member must be an integer' },
      { name: 'tags', message: 'Member must be a map' },
    ]);
  });
});

describe('env()', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('points a client built from the environment alone at the emulator', async () => {
    for (const variable of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) delete process.env[variable];
    Object.assign(process.env, emulator.env());
    const fromEnvironment = new IvschatClient({ maxAttempts: 1 });

    const room = await fromEnvironment.send(new CreateRoomCommand({ name: 'from-env' }));
    fromEnvironment.destroy();

    expect(room.arn).toMatch(/^arn:aws:ivschat:us-east-1:123456789012:room\//);
    expect(emulator.rooms().map((created) => created.name)).toEqual(['from-env']);
    expect(Object.keys(emulator.env()).sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL_IVSCHAT', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']);
  });
});
