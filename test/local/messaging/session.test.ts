import { allClosed, connectOfficial, LocalChat, MESSAGE_ID, nextEvent, officialClient, RawClient, startLocalChat } from './support';
import { ManualClock } from '../control-plane/support';

/** How long before its session's end a test connects, so that the end comes soon in real time. */
const SESSION_LEFT_MS = 50;

describe('session expiry', () => {
  const clock = new ManualClock();
  let chat: LocalChat;
  let roomArn: string;

  beforeAll(async () => {
    chat = await startLocalChat({ clock: clock.now });
  });
  beforeEach(() => {
    roomArn = chat.createRoom();
  });
  afterEach(() => allClosed(chat));
  afterAll(() => chat.stop());

  /** A one-minute token, and the clock moved to just before its session ends (the token is still valid). */
  function tokenNearSessionEnd(userId: string): ReturnType<LocalChat['createToken']> {
    const token = chat.createToken(roomArn, userId, { sessionDurationInMinutes: 1 });
    clock.advance(60_000 - SESSION_LEFT_MS);
    return token;
  }

  test('at the token\'s sessionExpirationTime the connection gets ERROR 401, then a clean close', async () => {
    const token = tokenNearSessionEnd('viewer');
    const client = await RawClient.connect(chat.url, token.token);

    await expect(client.closed).resolves.toEqual({ code: 1000, reason: 'Session expired' });
    expect(client.frames).toEqual([{
      Type: 'ERROR', Id: expect.stringMatching(MESSAGE_ID), ErrorCode: 401, ErrorMessage: `Session expired at ${token.sessionExpirationTime.toISOString()}`,
    }]);
    await allClosed(chat);
    expect(chat.emulator.service.sessionsOf(roomArn)).toEqual([]);
    expect(chat.log).toContain(`closed user viewer in ${roomArn} (code 1000)`);
  });

  test('the official client fetches a new token and reconnects, as the SDK guide says it does when the session expires', async () => {
    const tokens = [tokenNearSessionEnd('viewer')];
    const client = officialClient(chat.url, async () => tokens.shift() ?? chat.createToken(roomArn, 'viewer'));
    let connects = 0;
    const reconnected = new Promise<void>((resolve) => client.room.addListener('connect', () => {
      connects += 1;
      if (connects === 2) resolve();
    }));

    client.room.connect();
    await reconnected;

    expect(client.tokenRequests()).toBe(2);
    expect(client.room.state).toBe('connected');
    expect(chat.endpoint.connectionCount).toBe(1);
    client.room.disconnect();
  });

  test('a connection its client closes leaves the room (and its session timer is cleared, or Jest would not exit)', async () => {
    const client = await RawClient.connect(chat.url, chat.createToken(roomArn, 'viewer').token);

    await client.close();

    await allClosed(chat);
    expect(chat.emulator.service.sessionsOf(roomArn)).toEqual([]);
  });
});

describe('close()', () => {
  test('closes every connection with 1001, ends the official client without reconnection, then refuses handshakes with 503', async () => {
    const chat = await startLocalChat();
    const roomArn = chat.createRoom();
    const raw = await Promise.all(['first', 'second'].map((userId) => RawClient.connect(chat.url, chat.createToken(roomArn, userId).token)));
    const official = officialClient(chat.url, async () => chat.createToken(roomArn, 'official'));
    await connectOfficial(official);
    const disconnected = nextEvent(official.room, 'disconnect');
    expect(chat.endpoint.connectionCount).toBe(3);

    await chat.endpoint.close();

    expect(chat.endpoint.connectionCount).toBe(0);
    for (const client of raw) await expect(client.closed).resolves.toEqual({ code: 1001, reason: 'Server shutting down' });
    await expect(disconnected).resolves.toEqual(['serverDisconnect']);
    expect(official.tokenRequests()).toBe(1);
    await expect(RawClient.refusal(chat.url, chat.createToken(roomArn, 'late').token)).resolves.toEqual({
      status: 503, body: 'The messaging endpoint is closed',
    });
    await chat.emulator.stop();
  });

  test('drops a client that does not answer the close frame', async () => {
    const chat = await startLocalChat();
    const roomArn = chat.createRoom();
    const client = await RawClient.connect(chat.url, chat.createToken(roomArn, 'silent').token);
    // The client's TCP socket stops reading, so it never sees, nor answers, the server's close frame.
    (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    await chat.endpoint.close();

    expect(chat.endpoint.connectionCount).toBe(0);
    client.socket.terminate();
    await client.closed;
    await chat.emulator.stop();
  });
});
