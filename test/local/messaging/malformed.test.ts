import * as http from 'http';
import { allClosed, LocalChat, MESSAGE_ID, RawClient, Refusal, startLocalChat } from './support';
import { MAX_FRAME_BYTES, MAX_PAYLOAD_BYTES } from '../../../local/messaging';
import { ManualClock } from '../control-plane/support';

const clock = new ManualClock();
let chat: LocalChat;
let roomArn: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  chat = await startLocalChat({ clock: clock.now });
});
beforeEach(() => {
  // A new second for the room's message rate: each test sends its own messages.
  clock.advance(1000);
  roomArn = chat.createRoom({ maximumMessageRatePerSecond: 100 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await allClosed(chat);
});
afterAll(() => chat.stop());

async function connect(): Promise<RawClient> {
  const token = chat.createToken(roomArn, 'client', { capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'] });
  const client = await RawClient.connect(chat.url, token.token);
  clients.push(client);
  return client;
}

/** The client can still send: a message comes back as its echo. */
async function expectUsable(client: RawClient): Promise<void> {
  client.send({ Action: 'SEND_MESSAGE', RequestId: 'still-usable', Content: 'still here' });
  await expect(client.next()).resolves.toMatchObject({ Type: 'MESSAGE', RequestId: 'still-usable', Content: 'still here' });
}

/** The service's validation message for one member, as the control plane words it. */
function invalid(value: string, member: string, constraint: string): string {
  return `1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: ${constraint}`;
}

const ACTIONS = 'Member must satisfy enum value set: [SEND_MESSAGE, DELETE_MESSAGE, DISCONNECT_USER]';
const LARGE_ATTRIBUTES = { note: 'x'.repeat(1021) };
const LONG_USER_ID = 'u'.repeat(129);
const OVERSIZED = JSON.stringify({ Action: 'SEND_MESSAGE', RequestId: 'big', Content: 'x'.repeat(MAX_FRAME_BYTES) });

describe('a malformed frame answers ERROR 400 and leaves the connection usable', () => {
  test.each<[string, object | string, string, string | undefined]>([
    ['text that is not JSON', '{oops', 'Frame is not valid JSON', undefined],
    ['an empty text frame', '', 'Frame is not valid JSON', undefined],
    ['JSON that breaks off', '{"Action":"SEND_MESSAGE","RequestId":"r"', 'Frame is not valid JSON', undefined],
    ['a JSON array', '[{"Action":"SEND_MESSAGE"}]', 'Frame must be a JSON object', undefined],
    ['a JSON string', '"SEND_MESSAGE"', 'Frame must be a JSON object', undefined],
    ['JSON null', 'null', 'Frame must be a JSON object', undefined],
    ['a JSON number', '42', 'Frame must be a JSON object', undefined],
    ['no Action', { RequestId: 'r' }, invalid('null', 'Action', 'Member must not be null'), 'r'],
    ['an unknown Action', { Action: 'SEND_EVENT', RequestId: 'r' }, invalid("'SEND_EVENT'", 'Action', ACTIONS), 'r'],
    ['a lowercase Action', { Action: 'send_message', RequestId: 'r', Content: 'hi' }, invalid("'send_message'", 'Action', ACTIONS), 'r'],
    ['a numeric Action', { Action: 1, RequestId: 'r' }, invalid('1', 'Action', 'Member must be a string'), 'r'],
    ['a numeric RequestId, which the ERROR cannot carry', { Action: 'SEND_MESSAGE', RequestId: 7, Content: 'hi' }, invalid('7', 'RequestId', 'Member must be a string'), undefined],
    ['SEND_MESSAGE without Content', { Action: 'SEND_MESSAGE', RequestId: 'r' }, invalid('null', 'Content', 'Member must not be null'), 'r'],
    ['SEND_MESSAGE with null Content', { Action: 'SEND_MESSAGE', RequestId: 'r', Content: null }, invalid('null', 'Content', 'Member must not be null'), 'r'],
    ['SEND_MESSAGE with numeric Content', { Action: 'SEND_MESSAGE', RequestId: 'r', Content: 5 }, invalid('5', 'Content', 'Member must be a string'), 'r'],
    ['SEND_MESSAGE with object Content', { Action: 'SEND_MESSAGE', RequestId: 'r', Content: { text: 'hi' } }, invalid('{"text":"hi"}', 'Content', 'Member must be a string'), 'r'],
    ['Attributes that are a list', { Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi', Attributes: ['a'] }, invalid('["a"]', 'Attributes', 'Member must be a map'), 'r'],
    ['an attribute that is not a string', { Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi', Attributes: { a: 1 } },
      invalid('{"a":1}', 'Attributes', 'Map members must satisfy constraint: [Member must be a string]'), 'r'],
    ['Attributes over 1 KB', { Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi', Attributes: LARGE_ATTRIBUTES },
      invalid(JSON.stringify(LARGE_ATTRIBUTES), 'Attributes', 'Member must have a total length of keys and values less than or equal to 1024 bytes'), 'r'],
    ['DELETE_MESSAGE without Id', { Action: 'DELETE_MESSAGE', RequestId: 'r' }, invalid('null', 'Id', 'Member must not be null'), 'r'],
    ['DELETE_MESSAGE with a short Id', { Action: 'DELETE_MESSAGE', RequestId: 'r', Id: 'short' },
      invalid("'short'", 'Id', 'Member must have length greater than or equal to 12'), 'r'],
    ['DELETE_MESSAGE with a non-alphanumeric Id', { Action: 'DELETE_MESSAGE', RequestId: 'r', Id: 'ABCDEFGH123!' },
      invalid("'ABCDEFGH123!'", 'Id', 'Member must satisfy regular expression pattern: ^[a-zA-Z0-9]+$'), 'r'],
    ['DELETE_MESSAGE with an empty Reason', { Action: 'DELETE_MESSAGE', RequestId: 'r', Id: 'ABCDEFGH1234', Reason: '' },
      invalid("''", 'Reason', 'Member must have length greater than or equal to 1'), 'r'],
    ['DISCONNECT_USER without UserId', { Action: 'DISCONNECT_USER', RequestId: 'r' }, invalid('null', 'UserId', 'Member must not be null'), 'r'],
    ['DISCONNECT_USER with a UserId of 129 characters', { Action: 'DISCONNECT_USER', RequestId: 'r', UserId: LONG_USER_ID },
      invalid(`'${LONG_USER_ID}'`, 'UserId', 'Member must have length less than or equal to 128'), 'r'],
    ['DISCONNECT_USER with a numeric Reason', { Action: 'DISCONNECT_USER', RequestId: 'r', UserId: 'troll', Reason: 3 },
      invalid('3', 'Reason', 'Member must be a string'), 'r'],
    ['two invalid members at once', { Action: 'DELETE_MESSAGE', RequestId: 'r', Id: 5, Reason: 5 },
      '2 validation errors detected: Value 5 at \'Id\' failed to satisfy constraint: Member must be a string; '
      + 'Value 5 at \'Reason\' failed to satisfy constraint: Member must be a string', 'r'],
    [`a text frame over ${MAX_FRAME_BYTES} bytes, answered unread`, OVERSIZED,
      `Frame of ${Buffer.byteLength(OVERSIZED)} bytes exceeds the limit of ${MAX_FRAME_BYTES} bytes`, undefined],
  ])('%s', async (_name, frame, message, requestId) => {
    const client = await connect();

    client.send(frame);

    await expect(client.next()).resolves.toEqual({
      Type: 'ERROR', Id: expect.stringMatching(MESSAGE_ID), ...requestId && { RequestId: requestId }, ErrorCode: 400, ErrorMessage: message,
    });
    await expectUsable(client);
  });

  test('a binary frame, even of valid JSON', async () => {
    const client = await connect();

    client.send(Buffer.from(JSON.stringify({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi' })), { binary: true });

    await expect(client.next()).resolves.toEqual({
      Type: 'ERROR', Id: expect.stringMatching(MESSAGE_ID), ErrorCode: 400, ErrorMessage: 'Binary frames are not supported: send JSON text frames',
    });
    await expectUsable(client);
  });

  test('members the action does not define are ignored', async () => {
    const client = await connect();

    client.send({ Action: 'SEND_MESSAGE', RequestId: 'r', Content: 'hi', Extra: { nested: true } });

    await expect(client.next()).resolves.toMatchObject({ Type: 'MESSAGE', RequestId: 'r', Content: 'hi' });
  });
});

/** A hand-made upgrade request: what a refused handshake answers, or 101. */
async function handshake(method: string, headers: Record<string, string>): Promise<Refusal> {
  return new Promise((resolve, reject) => {
    const request = http.request(chat.emulator.endpoint, { method, headers, agent: false });
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.once('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: '' });
    });
    request.once('error', reject);
    request.end();
  });
}

function upgradeHeaders(token: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'Connection': 'Upgrade',
    'Upgrade': 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Protocol': token,
    ...overrides,
  };
}

describe('a malformed handshake is refused and leaves the token unused and the server usable', () => {
  test.each<[string, (token: string) => Promise<Refusal>, Refusal]>([
    ['no subprotocol', () => RawClient.refusal(chat.url, []), { status: 401, body: 'Missing chat token: pass it as the only WebSocket subprotocol' }],
    ['the token and another subprotocol', (token) => RawClient.refusal(chat.url, [token, 'chat']),
      { status: 400, body: 'The chat token must be the only WebSocket subprotocol, got 2 subprotocols' }],
    ['a subprotocol that is no token', () => RawClient.refusal(chat.url, 'abc'), { status: 401, body: 'Unknown chat token' }],
    ['a malformed Sec-WebSocket-Protocol header', (token) => handshake('GET', upgradeHeaders(`${token} x`)),
      { status: 400, body: 'Invalid Sec-WebSocket-Protocol header' }],
    ['a POST upgrade', (token) => handshake('POST', upgradeHeaders(token)), { status: 405, body: 'Invalid HTTP method' }],
    ['no Sec-WebSocket-Key', (token) => handshake('GET', upgradeHeaders(token, { 'Sec-WebSocket-Key': '' })),
      { status: 400, body: 'Missing or invalid Sec-WebSocket-Key header' }],
    ['an unsupported Sec-WebSocket-Version', (token) => handshake('GET', upgradeHeaders(token, { 'Sec-WebSocket-Version': '12' })),
      { status: 400, body: 'Missing or invalid Sec-WebSocket-Version header' }],
    ['an upgrade to another protocol', (token) => handshake('GET', upgradeHeaders(token, { Upgrade: 'h2c' })), { status: 400, body: 'Invalid Upgrade header' }],
  ])('%s', async (_name, attempt, refusal) => {
    const token = chat.createToken(roomArn, 'client').token;

    await expect(attempt(token)).resolves.toEqual(refusal);

    const client = await RawClient.connect(chat.url, token);
    clients.push(client);
    expect(chat.endpoint.connectionCount).toBe(1);
  });
});

describe('the server survives what no client should send', () => {
  test(`a frame over the ${MAX_PAYLOAD_BYTES}-byte payload limit closes that connection with 1009; the others carry on`, async () => {
    const [abuser, bystander] = [await connect(), await connect()];

    abuser.send('x'.repeat(MAX_PAYLOAD_BYTES + 1));

    await expect(abuser.closed).resolves.toEqual({ code: 1009, reason: '' });
    await expectUsable(bystander);
    expect(chat.log).toContain(`connection of user client in ${roomArn} failed: Max payload size exceeded`);
  });

  test('a text frame of invalid UTF-8 closes that connection with 1007', async () => {
    const abuser = await connect();

    abuser.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });

    await expect(abuser.closed).resolves.toEqual({ code: 1007, reason: '' });
    await expectUsable(await connect());
  });

  test('a flood of 1000 frames is answered frame by frame, in order, with the room\'s rate applied', async () => {
    const client = await connect();
    for (let index = 0; index < 500; index++) {
      client.send(`not json ${index}`);
      client.send({ Action: 'SEND_MESSAGE', RequestId: `message-${index}`, Content: `${index}` });
    }

    const answers = await client.take(1000);

    const errors = answers.filter((_frame, index) => index % 2 === 0);
    const replies = answers.filter((_frame, index) => index % 2 === 1);
    expect(new Set(errors.map((frame) => `${frame.ErrorCode} ${frame.ErrorMessage}`))).toEqual(new Set(['400 Frame is not valid JSON']));
    expect(replies.map((frame) => frame.RequestId)).toEqual(Array.from({ length: 500 }, (_value, index) => `message-${index}`));
    expect(replies.slice(0, 100).every((frame) => frame.Type === 'MESSAGE')).toBe(true);
    expect(replies.slice(100).every((frame) => frame.ErrorCode === 429)).toBe(true);
    clock.advance(1000);
    await expectUsable(client);
  });
});
