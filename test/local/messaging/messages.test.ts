import { ChatTokenCapability, CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { ChatMessage, SendMessageRequest } from 'amazon-ivs-chat-messaging';
import {
  allClosed, connectOfficial, connectUsers, Frame, LocalChat, MESSAGE_ID, nextEvent, OfficialClient, officialClient, RawClient,
  startLocalChat,
} from './support';
import { ManualClock } from '../control-plane/support';

const clock = new ManualClock();
let chat: LocalChat;
let roomArn: string;
const raw: RawClient[] = [];
const official: OfficialClient[] = [];

beforeAll(async () => {
  chat = await startLocalChat({ clock: clock.now });
});
beforeEach(() => {
  chat.emulator.reset();
  clock.advance(1000);
  roomArn = chat.createRoom();
});
afterEach(async () => {
  official.splice(0).forEach(({ room }) => room.disconnect());
  await Promise.all(raw.splice(0).map((client) => client.close()));
  await allClosed(chat);
});
afterAll(() => chat.stop());

const SEND = ['SEND_MESSAGE'] as const;

async function users(...list: Parameters<typeof connectUsers>[2]): Promise<RawClient[]> {
  const clients = await connectUsers(chat, roomArn, list);
  raw.push(...clients);
  return clients;
}

/** A control-plane event after the frames under test: what a client reads before it is all it received. */
async function framesBeforeMarker(client: RawClient): Promise<Frame[]> {
  chat.emulator.service.sendEvent({ roomIdentifier: roomArn, eventName: 'marker' }, clock.now());
  const frames: Frame[] = [];
  for (let frame = await client.next(); frame.EventName !== 'marker'; frame = await client.next()) frames.push(frame);
  return frames;
}

/** The frame answering this request, skipping what else the client received meanwhile (the room's other messages). */
async function replyTo(client: RawClient, requestId: string): Promise<Frame> {
  for (let frame = await client.next(); ; frame = await client.next()) {
    if (frame.RequestId === requestId) return frame;
  }
}

describe('SEND_MESSAGE', () => {
  test('every connection of the room receives the message; only the sender\'s copy carries its RequestId', async () => {
    const [alice, bob] = await users(['alice', { capabilities: [...SEND], attributes: { displayName: 'Alice' } }], ['bob']);

    alice.send({ Action: 'SEND_MESSAGE', RequestId: 'request-1', Content: 'hello', Attributes: { color: 'red' } });

    const echo = await alice.next();
    const received = await bob.next();
    const expected = {
      Type: 'MESSAGE',
      Id: expect.stringMatching(MESSAGE_ID),
      Content: 'hello',
      Attributes: { color: 'red' },
      SendTime: new Date(clock.now()).toISOString(),
      Sender: { UserId: 'alice', Attributes: { displayName: 'Alice' } },
    };
    expect(echo).toEqual({ ...expected, RequestId: 'request-1' });
    expect(received).toEqual(expected);
    expect(received.Id).toBe(echo.Id);
    expect(chat.emulator.service.messages).toEqual([{
      roomArn,
      id: echo.Id,
      content: 'hello',
      attributes: { color: 'red' },
      sender: { userId: 'alice', attributes: { displayName: 'Alice' } },
      sendTime: new Date(clock.now()),
    }]);
  });

  test('attribute maps are empty when the message and the token have none', async () => {
    const [alice] = await users(['alice', { capabilities: [...SEND] }]);

    alice.send({ Action: 'SEND_MESSAGE', Content: 'plain' });

    await expect(alice.next()).resolves.toEqual({
      Type: 'MESSAGE',
      Id: expect.stringMatching(MESSAGE_ID),
      Content: 'plain',
      Attributes: {},
      SendTime: new Date(clock.now()).toISOString(),
      Sender: { UserId: 'alice', Attributes: {} },
    });
  });

  test('a connection of another room receives nothing', async () => {
    const [alice] = await users(['alice', { capabilities: [...SEND] }]);
    const otherRoom = chat.createRoom();
    const [elsewhere] = await connectUsers(chat, otherRoom, [['carol']]);
    raw.push(elsewhere);

    alice.send({ Action: 'SEND_MESSAGE', Content: 'hello' });
    await alice.next();

    chat.emulator.service.sendEvent({ roomIdentifier: otherRoom, eventName: 'marker' }, clock.now());
    await expect(elsewhere.next()).resolves.toMatchObject({ EventName: 'marker' });
  });

  test('without the SEND_MESSAGE capability: ERROR 403 to the sender, nothing to the room', async () => {
    const [viewer, bob] = await users(['viewer', { capabilities: ['DELETE_MESSAGE'] }], ['bob']);

    viewer.send({ Action: 'SEND_MESSAGE', RequestId: 'request-1', Content: 'hello' });

    await expect(viewer.next()).resolves.toEqual({
      Type: 'ERROR',
      Id: expect.stringMatching(MESSAGE_ID),
      RequestId: 'request-1',
      ErrorCode: 403,
      ErrorMessage: 'The chat token of user viewer lacks the SEND_MESSAGE capability',
    });
    await expect(framesBeforeMarker(bob)).resolves.toEqual([]);
    expect(chat.emulator.service.messages).toEqual([]);
  });

  test('maximumMessageLength counts code points: 5 emoji fit a limit of 5, 6 answer ERROR 413', async () => {
    roomArn = chat.createRoom({ maximumMessageLength: 5 });
    const [alice] = await users(['alice', { capabilities: [...SEND] }]);

    alice.send({ Action: 'SEND_MESSAGE', RequestId: 'fits', Content: '😀😀😀😀😀' });
    alice.send({ Action: 'SEND_MESSAGE', RequestId: 'too-long', Content: '😀😀😀😀😀😀' });

    await expect(alice.take(2)).resolves.toEqual([
      expect.objectContaining({ Type: 'MESSAGE', RequestId: 'fits', Content: '😀😀😀😀😀' }),
      {
        Type: 'ERROR',
        Id: expect.stringMatching(MESSAGE_ID),
        RequestId: 'too-long',
        ErrorCode: 413,
        ErrorMessage: 'Content must be at most 5 characters (the room\'s maximumMessageLength), got: 6',
      },
    ]);
  });

  test('maximumMessageRatePerSecond applies to the whole room over a sliding second; refused messages do not count', async () => {
    roomArn = chat.createRoom({ maximumMessageRatePerSecond: 2 });
    const [alice, bob] = await users(['alice', { capabilities: [...SEND] }], ['bob', { capabilities: [...SEND] }]);
    const send = async (client: RawClient, requestId: string) => {
      client.send({ Action: 'SEND_MESSAGE', RequestId: requestId, Content: requestId });
      return replyTo(client, requestId);
    };

    await expect(send(alice, 'first')).resolves.toMatchObject({ Type: 'MESSAGE' });
    await expect(send(bob, 'second')).resolves.toMatchObject({ Type: 'MESSAGE' });
    await expect(send(alice, 'third')).resolves.toEqual({
      Type: 'ERROR',
      Id: expect.stringMatching(MESSAGE_ID),
      RequestId: 'third',
      ErrorCode: 429,
      ErrorMessage: 'Room rate exceeded: at most 2 messages per second (maximumMessageRatePerSecond)',
    });
    clock.advance(999);
    await expect(send(bob, 'fourth')).resolves.toMatchObject({ Type: 'ERROR', ErrorCode: 429 });
    clock.advance(1);
    await expect(send(bob, 'fifth')).resolves.toMatchObject({ Type: 'MESSAGE', RequestId: 'fifth' });

    const delivered = chat.emulator.service.messages.map((message) => message.content);
    expect(delivered).toEqual(['first', 'second', 'fifth']);
  });

  test('a room\'s new limits apply to connections already open', async () => {
    const [alice] = await users(['alice', { capabilities: [...SEND] }]);
    chat.emulator.service.updateRoom(roomArn, { maximumMessageLength: 1 }, clock.now());

    alice.send({ Action: 'SEND_MESSAGE', Content: 'ab' });

    await expect(alice.next()).resolves.toMatchObject({ ErrorCode: 413 });
  });

  test('a connection to a deleted room stays open and its requests answer ERROR 404', async () => {
    const [alice] = await users(['alice', { capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'] }]);
    chat.emulator.service.deleteRoom(roomArn, clock.now());

    alice.send({ Action: 'SEND_MESSAGE', RequestId: 'message', Content: 'anyone?' });
    alice.send({ Action: 'DELETE_MESSAGE', RequestId: 'delete', Id: 'ABCDEFGH1234' });

    await expect(alice.take(2)).resolves.toEqual(['message', 'delete'].map((requestId) => ({
      Type: 'ERROR', Id: expect.stringMatching(MESSAGE_ID), RequestId: requestId, ErrorCode: 404, ErrorMessage: `Resource not found: ${roomArn}`,
    })));
  });
});

describe('frame ids', () => {
  test('messages, events and errors never share an Id over the life of a room', async () => {
    const [alice] = await users(['alice', { capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'] }]);
    for (let index = 0; index < 20; index++) {
      alice.send({ Action: 'SEND_MESSAGE', Content: `message ${index}` });
      alice.send({ Action: 'DELETE_MESSAGE', Id: 'ABCDEFGH1234' });
      alice.send({ Action: 'DISCONNECT_USER', UserId: 'nobody' });
      chat.emulator.service.sendEvent({ roomIdentifier: roomArn, eventName: 'tick' }, clock.now());
    }

    const ids = (await alice.take(80)).map((frame) => frame.Id as string);

    expect(new Set(ids).size).toBe(80);
    expect(ids.every((id) => MESSAGE_ID.test(id))).toBe(true);
  });

  test('a message id is accepted by the control plane\'s DeleteMessage', async () => {
    const [alice] = await users(['alice', { capabilities: [...SEND] }]);
    alice.send({ Action: 'SEND_MESSAGE', Content: 'delete me' });
    const { Id } = await alice.next();

    chat.emulator.service.deleteMessage({ roomIdentifier: roomArn, id: Id as string }, clock.now());

    await expect(alice.next()).resolves.toMatchObject({ EventName: 'aws:DELETE_MESSAGE', Attributes: { MessageId: Id } });
  });
});

describe('the official client', () => {
  let sdk: IvschatClient;
  beforeAll(() => {
    sdk = chat.emulator.client({ maxAttempts: 1 });
  });

  /** A client whose tokens come from the SDK's CreateChatToken. */
  function client(userId: string, capabilities: ChatTokenCapability[] = []): OfficialClient {
    const created = officialClient(chat.url, async () => {
      const attributes = { displayName: userId.toUpperCase() };
      const answer = await sdk.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId, capabilities, attributes }));
      return { token: answer.token!, sessionExpirationTime: answer.sessionExpirationTime };
    });
    official.push(created);
    return created;
  }

  test('sendMessage resolves with the echo; the other clients fire `message`', async () => {
    const alice = client('alice', ['SEND_MESSAGE']);
    const bob = client('bob');
    await Promise.all([connectOfficial(alice), connectOfficial(bob)]);
    const received = nextEvent(bob.room, 'message');

    const request = new SendMessageRequest('hello', { color: 'red' });
    const sent = await alice.room.sendMessage(request);

    const expected: ChatMessage = {
      id: expect.stringMatching(MESSAGE_ID) as unknown as string,
      content: 'hello',
      attributes: { color: 'red' },
      sendTime: new Date(clock.now()),
      sender: { userId: 'alice', attributes: { displayName: 'ALICE' } },
      requestId: request.requestId,
    };
    expect(sent).toEqual(expected);
    await expect(received).resolves.toEqual([{ ...expected, id: sent.id, requestId: undefined }]);
    expect([alice.errors, bob.errors]).toEqual([[], []]);
  });

  test('sendMessage without the capability rejects with the ERROR\'s code and message', async () => {
    const viewer = client('viewer');
    await connectOfficial(viewer);

    const request = new SendMessageRequest('hello');
    await expect(viewer.room.sendMessage(request)).rejects.toEqual({
      id: expect.stringMatching(MESSAGE_ID),
      errorCode: 403,
      errorMessage: 'The chat token of user viewer lacks the SEND_MESSAGE capability',
      requestId: request.requestId,
    });
  });

  test('content over maximumMessageLength rejects with 413', async () => {
    roomArn = chat.createRoom({ maximumMessageLength: 3 });
    const alice = client('alice', ['SEND_MESSAGE']);
    await connectOfficial(alice);

    await expect(alice.room.sendMessage(new SendMessageRequest('four'))).rejects.toMatchObject({ errorCode: 413 });
  });
});
