/**
 * The chat token vendor's handler against the emulator, with the real SDK: what it answers, what it asks
 * IVS Chat for, and what it logs.
 */
import { CreateRoomCommand } from '@aws-sdk/client-ivschat';
import { startEmulator } from './support';
import { handler, pseudonym, VendorResponse } from '../../lambda/chat-token-vendor';
import { VendorRequest } from '../../lambda/chat-token-vendor/request';
import { IvsChatEmulator } from '../../local/control-plane';

const USER_ARN = 'arn:aws:sts::123456789012:assumed-role/ChatUsers/alice';
/** `printf %s <USER_ARN> | sha256sum`, its first 16 hex digits. */
const USER_PSEUDONYM = 'sha256:d7ccf646a436e8cf';
const VENDOR_VARIABLES = ['ROOM_ARN', 'CAPABILITIES', 'SESSION_DURATION_MINUTES', 'USER_ID_SOURCE', 'ATTRIBUTES'];

let emulator: IvsChatEmulator;
let roomArn: string;
let logged: jest.SpyInstance[];

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(async () => {
  emulator.reset();
  roomArn = (await emulator.client().send(new CreateRoomCommand({ name: 'lobby' }))).arn!;
  configure({});
  logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map(method => jest.spyOn(console, method).mockImplementation(() => undefined));
});
afterEach(() => {
  jest.restoreAllMocks();
  VENDOR_VARIABLES.forEach(name => delete process.env[name]);
});
afterAll(async () => emulator.stop());

/** The environment the construct sets, with these variables changed. */
function configure(variables: Record<string, string>): void {
  Object.assign(process.env, {
    ROOM_ARN: roomArn, CAPABILITIES: 'SEND_MESSAGE', SESSION_DURATION_MINUTES: '60', USER_ID_SOURCE: 'iam', ...variables,
  });
}

/** A function URL request (payload 2.0) signed by the given IAM identity. */
function iamRequest(iam: Record<string, unknown> = { userArn: USER_ARN, cognitoIdentity: null }): VendorRequest {
  return { headers: {}, requestContext: { http: { method: 'POST' }, authorizer: { iam } } };
}

function bodyOf(response: VendorResponse): any {
  return JSON.parse(response.body);
}

function logLines(): string[] {
  return logged.flatMap(spy => spy.mock.calls.map(args => args.map(String).join(' ')));
}

describe('a valid request', () => {
  test('answers 200 with the token and its expiry times, as JSON nobody may cache', async () => {
    const response = await handler(iamRequest());

    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    const [issued] = emulator.chatTokens;
    expect(bodyOf(response)).toEqual({
      token: issued.token,
      tokenExpirationTime: issued.tokenExpirationTime.toISOString(),
      sessionExpirationTime: issued.sessionExpirationTime.toISOString(),
    });
  });

  test('creates the token for the configured room and the IAM caller', async () => {
    await handler(iamRequest());

    expect(emulator.chatTokens).toHaveLength(1);
    expect(emulator.chatTokens[0]).toMatchObject({ roomArn, userId: USER_ARN });
  });

  test('passes the capabilities through', async () => {
    configure({ CAPABILITIES: 'SEND_MESSAGE,DELETE_MESSAGE,DISCONNECT_USER' });
    await handler(iamRequest());

    expect(emulator.chatTokens[0].capabilities).toEqual(['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']);
  });

  test('no capabilities make a view-only token', async () => {
    configure({ CAPABILITIES: '' });
    await handler(iamRequest());

    expect(emulator.chatTokens[0].capabilities).toEqual([]);
  });

  test('passes the session duration, which sets the session expiry', async () => {
    configure({ SESSION_DURATION_MINUTES: '15' });
    const before = Date.now();
    const response = await handler(iamRequest());

    expect(emulator.chatTokens[0].sessionDurationInMinutes).toBe(15);
    const sessionExpiry = Date.parse(bodyOf(response).sessionExpirationTime);
    expect(sessionExpiry).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(sessionExpiry).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });

  test('passes the attributes', async () => {
    configure({ ATTRIBUTES: '{"badge":"founder"}' });
    await handler(iamRequest());

    expect(emulator.chatTokens[0].attributes).toEqual({ badge: 'founder' });
  });

  test('never logs the token nor the user id: one line with a pseudonym of the user, the capabilities and the outcome', async () => {
    const response = await handler(iamRequest());
    const { token } = bodyOf(response);

    expect(token.length).toBeGreaterThan(20);
    expect(logLines().filter(line => line.includes(token) || line.includes('alice'))).toEqual([]);
    expect(logLines().map(line => JSON.parse(line))).toEqual([
      { outcome: 'issued', user: USER_PSEUDONYM, capabilities: ['SEND_MESSAGE'], sessionDurationInMinutes: 60 },
    ]);
  });

  test('the pseudonym is the first 16 hex digits of the user id\'s SHA-256, the same for every request of that user', () => {
    expect(pseudonym(USER_ARN)).toBe(USER_PSEUDONYM);
    expect(pseudonym('bob')).toBe('sha256:81b637d8fcd2c6da');
  });
});

describe('where the user id comes from', () => {
  test('the Cognito identity id, for callers with identity pool credentials (they share the role)', async () => {
    await handler(iamRequest({ userArn: 'arn:aws:sts::123456789012:assumed-role/Cognito_Auth/CognitoIdentityCredentials', cognitoIdentity: { identityId: 'us-east-1:1234-abcd' } }));

    expect(emulator.chatTokens[0].userId).toBe('us-east-1:1234-abcd');
  });

  test('a REST API with IAM authorization: requestContext.identity', async () => {
    await handler({ httpMethod: 'POST', headers: {}, requestContext: { identity: { userArn: USER_ARN, cognitoIdentityId: null } } });

    expect(emulator.chatTokens[0].userId).toBe(USER_ARN);
  });

  test('a header, looked up case-insensitively', async () => {
    configure({ USER_ID_SOURCE: 'header:X-User-Id' });
    await handler({ headers: { 'x-user-id': 'bob' }, requestContext: { http: { method: 'POST' } } });

    expect(emulator.chatTokens[0].userId).toBe('bob');
  });

  test.each([
    ['an HTTP API JWT authorizer', { jwt: { claims: { sub: 'carol' }, scopes: null } }],
    ['a REST API Cognito authorizer', { claims: { sub: 'carol' } }],
    ['an HTTP API Lambda authorizer', { lambda: { sub: 'carol' } }],
    ['a REST API Lambda authorizer', { sub: 'carol', principalId: 'p' }],
  ])('a claim of %s', async (_name, authorizer) => {
    configure({ USER_ID_SOURCE: 'claim:sub' });
    await handler({ headers: {}, requestContext: { http: { method: 'POST' }, authorizer } });

    expect(emulator.chatTokens[0].userId).toBe('carol');
  });
});

describe('a request without a user id', () => {
  test.each([
    ['iam', 401, 'Unauthorized: the request is not signed with IAM credentials.', iamRequest({})],
    ['header:x-user-id', 400, "Missing user id: send it in the 'x-user-id' header.", { headers: { 'x-user-id': '' }, requestContext: { http: { method: 'POST' } } }],
    ['claim:sub', 401, "Unauthorized: the request carries no 'sub' claim from an authorizer.", { headers: {}, requestContext: { http: { method: 'POST' }, authorizer: { jwt: { claims: {} } } } }],
  ] as const)('with source %s answers %i and a JSON error, and creates no token', async (source, status, error, request) => {
    configure({ USER_ID_SOURCE: source });
    const response = await handler(request);

    expect(response.statusCode).toBe(status);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(bodyOf(response)).toEqual({ error });
    expect(emulator.callCount('CreateChatToken')).toBe(0);
    expect(logLines().map(line => JSON.parse(line))).toEqual([{ outcome: 'refused', status, reason: error }]);
  });

  test('a user id over 128 characters answers 400', async () => {
    configure({ USER_ID_SOURCE: 'header:x-user-id' });
    const response = await handler({ headers: { 'x-user-id': 'u'.repeat(129) }, requestContext: { http: { method: 'POST' } } });

    expect([response.statusCode, bodyOf(response)]).toEqual([400, { error: 'The user id must be 1-128 characters, got: 129.' }]);
    expect(emulator.callCount('CreateChatToken')).toBe(0);
  });

  test('a user id of 128 characters outside the BMP is accepted: the service counts characters', async () => {
    configure({ USER_ID_SOURCE: 'header:x-user-id' });
    const response = await handler({ headers: { 'x-user-id': '😀'.repeat(128) }, requestContext: { http: { method: 'POST' } } });

    expect(response.statusCode).toBe(200);
    expect(emulator.chatTokens[0].userId).toBe('😀'.repeat(128));
  });
});

test('a method other than POST answers 405', async () => {
  const response = await handler({ headers: {}, requestContext: { http: { method: 'GET' } } });

  expect([response.statusCode, response.headers.Allow, bodyOf(response)]).toEqual([405, 'POST', { error: 'Method GET not allowed: POST to get a chat token.' }]);
  expect(emulator.callCount('CreateChatToken')).toBe(0);
});

test('a failure of IVS Chat answers 500 and logs the error, without a token', async () => {
  configure({ ROOM_ARN: 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl' });
  const response = await handler(iamRequest());

  expect([response.statusCode, bodyOf(response)]).toEqual([500, { error: 'Could not create a chat token.' }]);
  expect(JSON.parse(logLines()[0])).toMatchObject({ outcome: 'failed', user: USER_PSEUDONYM, error: 'ResourceNotFoundException' });
});

test('throttling answers 429', async () => {
  // The SDK's standard retry makes 3 attempts.
  emulator.faults.failNext('CreateChatToken', { type: 'ThrottlingException', status: 429 }, 3);
  const response = await handler(iamRequest());

  expect([response.statusCode, bodyOf(response)]).toEqual([429, { error: 'Too many requests: try again shortly.' }]);
});

test.each([
  [{ ROOM_ARN: 'room-1' }, "ROOM_ARN must be an IVS Chat room ARN, got: 'room-1'."],
  [{ CAPABILITIES: 'SEND_MESSAGE,BAN' }, "CAPABILITIES may hold only SEND_MESSAGE, DISCONNECT_USER, DELETE_MESSAGE, got: 'BAN'."],
  [{ SESSION_DURATION_MINUTES: '181' }, 'SESSION_DURATION_MINUTES must be an integer between 1 and 180, got: 181.'],
  [{ USER_ID_SOURCE: 'cookie:id' }, "USER_ID_SOURCE must be 'iam', 'header:<name>' or 'claim:<name>', got: 'cookie:id'."],
  [{ ATTRIBUTES: '["a"]' }, 'ATTRIBUTES must be a JSON object of strings.'],
])('a misconfiguration %j answers 500 and logs why', async (variables, reason) => {
  configure(variables);
  const response = await handler(iamRequest());

  expect([response.statusCode, bodyOf(response)]).toEqual([500, { error: 'The token vendor is misconfigured: see its logs.' }]);
  expect(logLines().map(line => JSON.parse(line))).toEqual([{ outcome: 'misconfigured', reason }]);
  expect(emulator.callCount('CreateChatToken')).toBe(0);
});
