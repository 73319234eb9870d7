/**
 * Load: one stack with 100 rooms. CloudFormation creates them at once, so the Provider framework runs 100
 * invocations of the handler in parallel, each in its own execution environment (its own copy of the bundle,
 * so its own SDK client and retry state), against the service's 5 TPS quota on room operations. The rooms'
 * properties come from one synthesized stack of 100 rooms. The wall time is reported (console and
 * test-reports/load.json), never asserted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { answered, cfnPropertiesByLogicalId, loadBundle, newStack, ROOM } from './support';
import { IvsChatEmulator } from '../../local/control-plane';
import { Room } from '../../src';
import { createEvent, startEmulator } from '../lambda/support';

const ROOMS = 100;
const ROOM_TPS = 5;
const REPORT = path.join(__dirname, '..', '..', 'test-reports', 'load.json');

let emulator: IvsChatEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  process.env = savedEnv;
  await emulator.stop();
});

test(`${ROOMS} rooms created in parallel at ${ROOM_TPS} TPS: all succeed, exactly ${ROOMS} rooms, none duplicated`, async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const stack = newStack();
  for (let i = 0; i < ROOMS; i++) {
    new Room(stack, `Room${i}`, { roomName: `room-${i}` });
  }
  const events = Object.entries(cfnPropertiesByLogicalId(stack, ROOM))
    .map(([logicalId, properties]) => ({ ...createEvent(ROOM, properties), LogicalResourceId: logicalId }));
  const handlers = events.map(() => loadBundle());
  emulator.faults.throttle('room', ROOM_TPS);

  const start = process.hrtime.bigint();
  const responses = await Promise.all(events.map((event, i) => handlers[i](event)));
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  jest.restoreAllMocks();

  const rooms = emulator.rooms();
  expect(rooms).toHaveLength(ROOMS);
  expect(rooms.map(room => room.name).sort()).toEqual(Array.from({ length: ROOMS }, (_, i) => `room-${i}`).sort());
  expect(new Set(responses.map(response => response.PhysicalResourceId))).toEqual(new Set(rooms.map(room => room.arn)));
  expect(emulator.calls.filter(call => call.operation === 'CreateRoom' && call.status === 200)).toHaveLength(ROOMS);

  const result = { rooms: ROOMS, tps: ROOM_TPS, wallSeconds: Number(wallSeconds.toFixed(1)), throttledAnswers: answered(emulator, 'ThrottlingException') };
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, `${JSON.stringify(result, undefined, 2)}\n`);
  console.log(`load: ${result.rooms} rooms at ${result.tps} TPS in ${result.wallSeconds} s, ${result.throttledAnswers} throttled answers`);
}, 180_000);
