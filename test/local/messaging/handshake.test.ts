import { allClosed, connectOfficial, LocalChat, nextEvent, officialClient, RawClient, startLocalChat } from './support';
import { ChatTokenRecord } from '../../../local/control-plane';
import { ManualClock } from '../control-plane/support';

const clock = new ManualClock();
let chat: LocalChat;
let roomArn: string;
const clients: RawClient[] = [];

beforeAll(async () => {
  chat = await startLocalChat({ clock: clock.now });
});
beforeEach(() => {
  chat.emulator.reset();
  chat.log.length = 0;
  roomArn = chat.createRoom();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await allClosed(chat);
});
afterAll(() => chat.stop());

async function connect(token: ChatTokenRecord): Promise<RawClient> {
  const client = await RawClient.connect(chat.url, token.token);
  clients.push(client);
  return client;
}

describe('the token is the only subprotocol', () => {
  test('the server echoes it as the accepted subprotocol and the connection joins the room', async () => {
    const token = chat.createToken(roomArn, 'viewer');

    const client = await connect(token);

    expect(client.socket.protocol).toBe(token.token);
    expect(chat.endpoint.connectionCount).toBe(1);
    expect(chat.emulator.service.sessionsOf(roomArn).map((session) => session.token)).toEqual([token]);
    expect(chat.log).toEqual([`connected user viewer in ${roomArn} (1 open in the room)`]);
  });

  test('any path of the shared port serves WebSocket upgrades', async () => {
    const client = await RawClient.connect(`${chat.url}/any/path?query=1`, chat.createToken(roomArn, 'viewer').token);
    clients.push(client);

    expect(chat.endpoint.connectionCount).toBe(1);
  });
});

describe('tokens the handshake refuses', () => {
  test('an unknown token: 401', async () => {
    await expect(RawClient.refusal(chat.url, 'not-a-token')).resolves.toEqual({ status: 401, body: 'Unknown chat token' });

    expect(chat.log).toEqual(['refused a connection from 127.0.0.1: 401 Unknown chat token']);
    expect(chat.endpoint.connectionCount).toBe(0);
  });

  test('a token opens one connection: the second handshake gets 401 and the first connection carries on', async () => {
    const token = chat.createToken(roomArn, 'viewer');
    const first = await connect(token);

    await expect(RawClient.refusal(chat.url, token.token)).resolves.toEqual({
      status: 401, body: 'Chat token already used: each token opens one connection',
    });

    chat.emulator.service.sendEvent({ roomIdentifier: roomArn, eventName: 'still-here' }, clock.now());
    await expect(first.next()).resolves.toMatchObject({ Type: 'EVENT', EventName: 'still-here' });
  });

  test('a token whose connection closed cannot open another', async () => {
    const token = chat.createToken(roomArn, 'viewer');
    await (await RawClient.connect(chat.url, token.token)).close();

    await expect(RawClient.refusal(chat.url, token.token)).resolves.toMatchObject({ status: 401 });
  });

  test('an expired token: 401 naming the expiry, while it is still accepted at its expiration time', async () => {
    const expired = chat.createToken(roomArn, 'late', { sessionDurationInMinutes: 1 });
    const onTime = chat.createToken(roomArn, 'on-time', { sessionDurationInMinutes: 1 });
    clock.advance(60_000);

    await connect(onTime);
    clock.advance(1);
    await expect(RawClient.refusal(chat.url, expired.token)).resolves.toEqual({
      status: 401, body: `Chat token expired at ${expired.tokenExpirationTime.toISOString()}`,
    });
  });

  test('a token of a deleted room: 404, as the messaging API answers for a room that does not exist', async () => {
    const token = chat.createToken(roomArn, 'viewer');
    chat.emulator.service.deleteRoom(roomArn, clock.now());

    await expect(RawClient.refusal(chat.url, token.token)).resolves.toEqual({ status: 404, body: `Resource not found: ${roomArn}` });
  });

  test('the official client retries a refused token maxReconnectAttempts times, then reports socketError', async () => {
    const used = chat.createToken(roomArn, 'viewer');
    await (await RawClient.connect(chat.url, used.token)).close();
    const client = officialClient(chat.url, async () => used);
    client.room.maxReconnectAttempts = 2;

    const disconnected = nextEvent(client.room, 'disconnect');
    client.room.connect();

    await expect(disconnected).resolves.toEqual(['socketError']);
    expect(client.tokenRequests()).toBe(3);
    expect(client.room.state).toBe('disconnected');
  });

  test('the official client connects with a token from the control plane', async () => {
    const client = officialClient(chat.url, async () => chat.createToken(roomArn, 'viewer'));

    await connectOfficial(client);

    expect(client.room.state).toBe('connected');
    expect(chat.endpoint.connectionCount).toBe(1);
    client.room.disconnect();
  });
});
