import { allClosed, connectUsers, Frame, LocalChat, MESSAGE_ID, RawClient, startLocalChat } from './support';

const CONNECTIONS = 200;
const SENDERS = 20;

// A bound on a broken run, not an assertion on speed: 200 connections on a busy 2-core machine take a while.
jest.setTimeout(60_000);

const isMarker = (frame: Frame) => frame.EventName === 'marker';

let chat: LocalChat;
let clients: RawClient[] = [];

beforeAll(async () => {
  chat = await startLocalChat();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await allClosed(chat);
  await chat.stop();
});

test(`${CONNECTIONS} connections in one room: every message reaches every connection exactly once`, async () => {
  const roomArn = chat.createRoom({ maximumMessageRatePerSecond: 100 });
  clients = await connectUsers(chat, roomArn, Array.from({ length: CONNECTIONS }, (_value, index) => [
    `user-${index}`, index < SENDERS ? { capabilities: ['SEND_MESSAGE'] } : {},
  ]));
  expect(chat.endpoint.connectionCount).toBe(CONNECTIONS);

  clients.slice(0, SENDERS).forEach((client, index) => client.send({ Action: 'SEND_MESSAGE', RequestId: `request-${index}`, Content: `message ${index}` }));
  const echoes = await Promise.all(clients.slice(0, SENDERS).map(async (client, index) => {
    for (let frame = await client.next(); ; frame = await client.next()) {
      if (frame.RequestId === `request-${index}`) return frame;
    }
  }));
  // Sent after every message was delivered, so each connection has read all of them once it reads the marker.
  chat.emulator.service.sendEvent({ roomIdentifier: roomArn, eventName: 'marker' }, Date.now());

  const messageIds = echoes.map((frame) => frame.Id as string).sort();
  expect(new Set(messageIds).size).toBe(SENDERS);
  expect(messageIds.every((id) => MESSAGE_ID.test(id))).toBe(true);
  const received = await Promise.all(clients.map(async (client) => {
    // Each read takes one frame the connection received: the loop ends with the marker, or the connection's end.
    while (!client.frames.some(isMarker)) await client.next();
    return client.frames;
  }));
  for (const [index, frames] of received.entries()) {
    expect(frames.at(-1)).toMatchObject({ Type: 'EVENT', EventName: 'marker' });
    const messages = frames.slice(0, -1);
    expect(messages.map((frame) => frame.Id).sort()).toEqual(messageIds);
    expect(messages.filter((frame) => frame.RequestId !== undefined)).toEqual(index < SENDERS ? [expect.objectContaining({ RequestId: `request-${index}` })] : []);
  }
  expect(chat.emulator.service.messages).toHaveLength(SENDERS);
});
