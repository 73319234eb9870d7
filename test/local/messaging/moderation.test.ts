import { DeleteMessageCommand, DisconnectUserCommand, IvschatClient, SendEventCommand } from '@aws-sdk/client-ivschat';
import { DeleteMessageRequest, DisconnectUserRequest } from 'amazon-ivs-chat-messaging';
import {
  allClosed, connectOfficial, connectUsers, Frame, LocalChat, MESSAGE_ID, nextEvent, OfficialClient, officialClient, RawClient, startLocalChat,
} from './support';
import { ChatTokenCapability } from '../../../local/control-plane/model';

let chat: LocalChat;
let sdk: IvschatClient;
let roomArn: string;
const raw: RawClient[] = [];
const official: OfficialClient[] = [];

beforeAll(async () => {
  chat = await startLocalChat();
  sdk = chat.emulator.client({ maxAttempts: 1 });
});
beforeEach(() => {
  chat.emulator.reset();
  roomArn = chat.createRoom();
});
afterEach(async () => {
  official.splice(0).forEach(({ room }) => room.disconnect());
  await Promise.all(raw.splice(0).map((client) => client.close()));
  await allClosed(chat);
});
afterAll(() => chat.stop());

const MODERATOR: ChatTokenCapability[] = ['DELETE_MESSAGE', 'DISCONNECT_USER'];
const ANY_TIME = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);

async function users(...list: Parameters<typeof connectUsers>[2]): Promise<RawClient[]> {
  const clients = await connectUsers(chat, roomArn, list);
  raw.push(...clients);
  return clients;
}

function officialUser(userId: string, capabilities: ChatTokenCapability[] = []): OfficialClient {
  const client = officialClient(chat.url, async () => chat.createToken(roomArn, userId, { capabilities }));
  official.push(client);
  return client;
}

/** Everything the client receives before a control-plane marker event sent now to its room. */
async function framesBeforeMarker(client: RawClient, room = roomArn): Promise<Frame[]> {
  await sdk.send(new SendEventCommand({ roomIdentifier: room, eventName: 'marker' }));
  const frames: Frame[] = [];
  for (let frame = await client.next(); frame.EventName !== 'marker'; frame = await client.next()) frames.push(frame);
  return frames;
}

describe('DELETE_MESSAGE', () => {
  test('every connection receives aws:DELETE_MESSAGE with MessageID and MessageId; the requester\'s copy carries its RequestId', async () => {
    const [moderator, viewer] = await users(['moderator', { capabilities: ['DELETE_MESSAGE'] }], ['viewer']);

    moderator.send({ Action: 'DELETE_MESSAGE', RequestId: 'delete-1', Id: 'ABCDEFGH1234', Reason: 'spam' });

    const event = {
      Type: 'EVENT',
      Id: expect.stringMatching(MESSAGE_ID),
      EventName: 'aws:DELETE_MESSAGE',
      Attributes: { MessageID: 'ABCDEFGH1234', MessageId: 'ABCDEFGH1234', Reason: 'spam' },
      SendTime: ANY_TIME,
    };
    await expect(moderator.next()).resolves.toEqual({ ...event, RequestId: 'delete-1' });
    await expect(viewer.next()).resolves.toEqual(event);
    expect(chat.emulator.deletedMessages).toEqual([{ roomArn, id: 'ABCDEFGH1234', reason: 'spam' }]);
  });

  test('without a Reason the event has none', async () => {
    const [moderator] = await users(['moderator', { capabilities: ['DELETE_MESSAGE'] }]);

    moderator.send({ Action: 'DELETE_MESSAGE', Id: 'ABCDEFGH1234' });

    await expect(moderator.next()).resolves.toMatchObject({ Attributes: { MessageID: 'ABCDEFGH1234', MessageId: 'ABCDEFGH1234' } });
    expect(chat.emulator.deletedMessages).toEqual([{ roomArn, id: 'ABCDEFGH1234' }]);
  });

  test('without the DELETE_MESSAGE capability: ERROR 403, nothing recorded, nobody notified', async () => {
    const [sender, viewer] = await users(['sender', { capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER'] }], ['viewer']);

    sender.send({ Action: 'DELETE_MESSAGE', RequestId: 'delete-1', Id: 'ABCDEFGH1234' });

    await expect(sender.next()).resolves.toEqual({
      Type: 'ERROR',
      Id: expect.stringMatching(MESSAGE_ID),
      RequestId: 'delete-1',
      ErrorCode: 403,
      ErrorMessage: 'The chat token of user sender lacks the DELETE_MESSAGE capability',
    });
    await expect(framesBeforeMarker(viewer)).resolves.toEqual([]);
    expect(chat.emulator.deletedMessages).toEqual([]);
  });

  test('the official client: deleteMessage resolves with the event, the others fire messageDelete', async () => {
    const moderator = officialUser('moderator', ['DELETE_MESSAGE']);
    const viewer = officialUser('viewer');
    await Promise.all([connectOfficial(moderator), connectOfficial(viewer)]);
    const deleted = nextEvent(viewer.room, 'messageDelete');

    const request = new DeleteMessageRequest('ABCDEFGH1234', 'off-topic');
    const answer = await moderator.room.deleteMessage(request);

    expect(answer).toEqual({
      id: expect.stringMatching(MESSAGE_ID),
      messageId: 'ABCDEFGH1234',
      reason: 'off-topic',
      sendTime: expect.any(Date),
      requestId: request.requestId,
      attributes: { MessageID: 'ABCDEFGH1234', MessageId: 'ABCDEFGH1234', Reason: 'off-topic' },
    });
    await expect(deleted).resolves.toEqual([{ ...answer, requestId: undefined }]);
  });
});

describe('DISCONNECT_USER', () => {
  test('the requester and the user\'s connections get aws:DISCONNECT_USER, then the user\'s connections close with 1000', async () => {
    const [moderator, troll, trollAgain, bystander] = await users(
      ['moderator', { capabilities: ['DISCONNECT_USER'] }], ['troll'], ['troll'], ['bystander'],
    );

    moderator.send({ Action: 'DISCONNECT_USER', RequestId: 'kick-1', UserId: 'troll', Reason: 'abuse' });

    const event = {
      Type: 'EVENT', Id: expect.stringMatching(MESSAGE_ID), EventName: 'aws:DISCONNECT_USER', Attributes: { UserId: 'troll', Reason: 'abuse' }, SendTime: ANY_TIME,
    };
    await expect(moderator.next()).resolves.toEqual({ ...event, RequestId: 'kick-1' });
    for (const connection of [troll, trollAgain]) {
      await expect(connection.next()).resolves.toEqual(event);
      await expect(connection.closed).resolves.toEqual({ code: 1000, reason: 'Disconnected by a moderator' });
    }
    await expect(framesBeforeMarker(bystander)).resolves.toEqual([]);
    expect(chat.emulator.disconnections).toEqual([{ roomArn, userId: 'troll', reason: 'abuse' }]);
    expect(chat.emulator.service.sessionsOf(roomArn).map((session) => session.token.userId)).toEqual(['moderator', 'bystander']);
  });

  test('a user of the same id in another room stays connected', async () => {
    const [moderator] = await users(['moderator', { capabilities: ['DISCONNECT_USER'] }]);
    const otherRoom = chat.createRoom();
    const [elsewhere] = await connectUsers(chat, otherRoom, [['troll']]);
    raw.push(elsewhere);

    moderator.send({ Action: 'DISCONNECT_USER', UserId: 'troll' });
    await moderator.next();

    await expect(framesBeforeMarker(elsewhere, otherRoom)).resolves.toEqual([]);
    expect(elsewhere.socket.readyState).toBe(elsewhere.socket.OPEN);
  });

  test('without the DISCONNECT_USER capability: ERROR 403 and the user stays connected', async () => {
    const [sender, troll] = await users(['sender', { capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'] }], ['troll']);

    sender.send({ Action: 'DISCONNECT_USER', RequestId: 'kick-1', UserId: 'troll' });

    await expect(sender.next()).resolves.toEqual({
      Type: 'ERROR',
      Id: expect.stringMatching(MESSAGE_ID),
      RequestId: 'kick-1',
      ErrorCode: 403,
      ErrorMessage: 'The chat token of user sender lacks the DISCONNECT_USER capability',
    });
    await expect(framesBeforeMarker(troll)).resolves.toEqual([]);
    expect(chat.emulator.disconnections).toEqual([]);
  });

  test('a moderator may disconnect itself: one event, then the close', async () => {
    const [moderator] = await users(['moderator', { capabilities: MODERATOR }]);

    moderator.send({ Action: 'DISCONNECT_USER', RequestId: 'leave', UserId: 'moderator' });

    await expect(moderator.next()).resolves.toMatchObject({ EventName: 'aws:DISCONNECT_USER', RequestId: 'leave' });
    await expect(moderator.closed).resolves.toEqual({ code: 1000, reason: 'Disconnected by a moderator' });
    expect(moderator.frames).toHaveLength(1);
  });

  test('the official client: disconnectUser resolves; the user\'s client fires userDisconnect, reports serverDisconnect and does not reconnect', async () => {
    const moderator = officialUser('moderator', ['DISCONNECT_USER']);
    const troll = officialUser('troll');
    await Promise.all([connectOfficial(moderator), connectOfficial(troll)]);
    const notified = nextEvent(troll.room, 'userDisconnect');
    const disconnected = nextEvent(troll.room, 'disconnect');

    const request = new DisconnectUserRequest('troll', 'abuse');
    const answer = await moderator.room.disconnectUser(request);

    expect(answer).toEqual({
      id: expect.stringMatching(MESSAGE_ID),
      userId: 'troll',
      reason: 'abuse',
      sendTime: expect.any(Date),
      requestId: request.requestId,
      attributes: { UserId: 'troll', Reason: 'abuse' },
    });
    await expect(notified).resolves.toEqual([{ ...answer, requestId: undefined }]);
    await expect(disconnected).resolves.toEqual(['serverDisconnect']);
    expect(troll.room.state).toBe('disconnected');
    expect(troll.tokenRequests()).toBe(1);
  });
});

describe('control-plane operations reach the room\'s connections', () => {
  test('SendEvent: every connection of the room receives the event, without RequestId', async () => {
    const [first, second] = await users(['first'], ['second']);
    const otherRoom = chat.createRoom();
    const [elsewhere] = await connectUsers(chat, otherRoom, [['elsewhere']]);
    raw.push(elsewhere);

    const { id } = await sdk.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'app:poll', attributes: { question: 'yes?' } }));

    const event = { Type: 'EVENT', Id: id, EventName: 'app:poll', Attributes: { question: 'yes?' }, SendTime: ANY_TIME };
    await expect(first.next()).resolves.toEqual(event);
    await expect(second.next()).resolves.toEqual(event);
    await expect(framesBeforeMarker(elsewhere, otherRoom)).resolves.toEqual([]);
  });

  test('SendEvent: the official client fires `event`', async () => {
    const viewer = officialUser('viewer');
    await connectOfficial(viewer);
    const received = nextEvent(viewer.room, 'event');

    const { id } = await sdk.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'app:poll' }));

    await expect(received).resolves.toEqual([{ id, eventName: 'app:poll', attributes: {}, sendTime: expect.any(Date), requestId: undefined }]);
  });

  test('DeleteMessage: the room receives aws:DELETE_MESSAGE, whose Id is the operation\'s answer', async () => {
    const [viewer] = await users(['viewer']);

    const { id } = await sdk.send(new DeleteMessageCommand({ roomIdentifier: roomArn, id: 'ABCDEFGH1234', reason: 'spam' }));

    await expect(viewer.next()).resolves.toEqual({
      Type: 'EVENT', Id: id, EventName: 'aws:DELETE_MESSAGE', Attributes: { MessageID: 'ABCDEFGH1234', MessageId: 'ABCDEFGH1234', Reason: 'spam' }, SendTime: ANY_TIME,
    });
  });

  test('DisconnectUser: the user\'s connections get the event and close with 1000; the rest of the room gets nothing', async () => {
    const [troll, bystander] = await users(['troll'], ['bystander']);

    await sdk.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId: 'troll', reason: 'abuse' }));

    await expect(troll.next()).resolves.toEqual({
      Type: 'EVENT', Id: expect.stringMatching(MESSAGE_ID), EventName: 'aws:DISCONNECT_USER', Attributes: { UserId: 'troll', Reason: 'abuse' }, SendTime: ANY_TIME,
    });
    await expect(troll.closed).resolves.toEqual({ code: 1000, reason: 'Disconnected by a moderator' });
    await expect(framesBeforeMarker(bystander)).resolves.toEqual([]);
  });

  test('DisconnectUser: the official client reports serverDisconnect and does not reconnect', async () => {
    const troll = officialUser('troll');
    await connectOfficial(troll);
    const disconnected = nextEvent(troll.room, 'disconnect');

    await sdk.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId: 'troll' }));

    await expect(disconnected).resolves.toEqual(['serverDisconnect']);
    expect(troll.tokenRequests()).toBe(1);
    await allClosed(chat);
    expect(chat.endpoint.connectionCount).toBe(0);
  });
});
