import { createEvent, ROOM, startEmulator } from './support';
import { handler } from '../../lambda/ivschat-provider';
import { IvsChatEmulator } from '../../local/control-plane';

// Its own file: the handler's client (one per module registry, so per file) keeps the adaptive rate it learns here.
let emulator: IvsChatEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
beforeEach(() => {
  emulator.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => emulator.stop());

test('throttled CreateRoom calls are retried by the SDK: every concurrent create succeeds, once', async () => {
  emulator.faults.throttle('room', 2);
  const names = ['a', 'b', 'c', 'd'].map(letter => `room-${letter}`);

  const responses = await Promise.all(names.map(name => handler(createEvent(ROOM, { Name: name }))));

  expect(emulator.calls.filter(call => call.errorType === 'ThrottlingException').length).toBeGreaterThan(0);
  const rooms = emulator.rooms();
  expect(rooms.map(room => room.name).sort()).toEqual(names);
  expect(responses.map(response => response.PhysicalResourceId).sort()).toEqual(rooms.map(room => room.arn).sort());
  expect(emulator.calls.filter(call => call.operation === 'CreateRoom' && call.status === 200)).toHaveLength(names.length);
});
