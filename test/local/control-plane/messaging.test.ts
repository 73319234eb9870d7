import {
  CreateChatTokenCommand, CreateRoomCommand, DeleteMessageCommand, DeleteRoomCommand, DisconnectUserCommand, IvschatClient, SendEventCommand,
} from '@aws-sdk/client-ivschat';
import { IvsChatEmulator } from '../../../local/control-plane';

const UNKNOWN_ROOM = 'arn:aws:ivschat:us-east-1:123456789012:room/abcdefghijkl';

let emulator: IvsChatEmulator;
let client: IvschatClient;
let roomArn: string;

beforeAll(async () => {
  emulator = await IvsChatEmulator.start();
  client = emulator.client({ maxAttempts: 1 });
});
beforeEach(async () => {
  emulator.reset();
  roomArn = (await client.send(new CreateRoomCommand({ name: 'chat' }))).arn!;
});
afterAll(() => emulator.stop());

describe('CreateChatToken', () => {
  test('defaults to a 60-minute session without capabilities and records the token', async () => {
    const answer = await client.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: 'viewer-1' }));

    expect(answer.token).toEqual(expect.any(String));
    expect(answer.tokenExpirationTime).toBeInstanceOf(Date);
    expect(answer.sessionExpirationTime).toBeInstanceOf(Date);
    expect(emulator.chatTokens).toEqual([{
      roomArn,
      userId: 'viewer-1',
      capabilities: [],
      sessionDurationInMinutes: 60,
      attributes: {},
      token: answer.token,
      tokenExpirationTime: answer.tokenExpirationTime,
      sessionExpirationTime: answer.sessionExpirationTime,
    }]);
  });

  test('records the capabilities, session duration and attributes it is given', async () => {
    const answer = await client.send(new CreateChatTokenCommand({
      roomIdentifier: roomArn,
      userId: 'moderator',
      capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'],
      sessionDurationInMinutes: 180,
      attributes: { displayName: 'Mod' },
    }));

    expect(emulator.chatTokens[0]).toMatchObject({
      capabilities: ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'], sessionDurationInMinutes: 180, attributes: { displayName: 'Mod' },
    });
    expect(answer.sessionExpirationTime!.getTime()).toBeGreaterThan(answer.tokenExpirationTime!.getTime());
  });

  test('the token never outlives the session', async () => {
    const answer = await client.send(new CreateChatTokenCommand({ roomIdentifier: roomArn, userId: 'brief', sessionDurationInMinutes: 1 }));

    expect(answer.tokenExpirationTime).toEqual(answer.sessionExpirationTime);
  });
});

describe('SendEvent', () => {
  test('answers a 12-character event id and records the event', async () => {
    const { id } = await client.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'app:poll', attributes: { question: 'yes?' } }));

    expect(id).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(emulator.events).toEqual([{ roomArn, id, eventName: 'app:poll', attributes: { question: 'yes?' } }]);
  });
});

describe('DeleteMessage', () => {
  test('answers an operation id and records the deletion with its reason', async () => {
    const { id } = await client.send(new DeleteMessageCommand({ roomIdentifier: roomArn, id: 'ABCDEFGH1234', reason: 'spam' }));

    expect(id).toMatch(/^[a-zA-Z0-9]{12}$/);
    expect(emulator.deletedMessages).toEqual([{ roomArn, id: 'ABCDEFGH1234', reason: 'spam' }]);
  });

  test('records a deletion without a reason', async () => {
    await client.send(new DeleteMessageCommand({ roomIdentifier: roomArn, id: 'ABCDEFGH1234' }));

    expect(emulator.deletedMessages).toEqual([{ roomArn, id: 'ABCDEFGH1234' }]);
  });
});

describe('DisconnectUser', () => {
  test('answers an empty body and records the disconnection', async () => {
    const answer = await client.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId: 'troll', reason: 'abuse' }));

    expect(answer.$metadata.httpStatusCode).toBe(200);
    expect(emulator.disconnections).toEqual([{ roomArn, userId: 'troll', reason: 'abuse' }]);
  });
});

describe('messaging operations require the room to exist', () => {
  test.each([
    ['CreateChatToken', () => client.send(new CreateChatTokenCommand({ roomIdentifier: UNKNOWN_ROOM, userId: 'u' }))],
    ['SendEvent', () => client.send(new SendEventCommand({ roomIdentifier: UNKNOWN_ROOM, eventName: 'e' }))],
    ['DeleteMessage', () => client.send(new DeleteMessageCommand({ roomIdentifier: UNKNOWN_ROOM, id: 'ABCDEFGH1234' }))],
    ['DisconnectUser', () => client.send(new DisconnectUserCommand({ roomIdentifier: UNKNOWN_ROOM, userId: 'u' }))],
  ])('%s answers 404 and records nothing', async (_operation, call: () => Promise<unknown>) => {
    await expect(call()).rejects.toMatchObject({
      name: 'ResourceNotFoundException', resourceId: UNKNOWN_ROOM, $metadata: { httpStatusCode: 404 },
    });
    expect([emulator.chatTokens, emulator.events, emulator.deletedMessages, emulator.disconnections]).toEqual([[], [], [], []]);
  });

  test('records survive the deletion of their room', async () => {
    await client.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'bye' }));

    await client.send(new DeleteRoomCommand({ identifier: roomArn }));

    expect(emulator.events).toHaveLength(1);
  });
});
