/**
 * Fault matrix, logging configurations that outlast the Lambda: the bundled handler runs out of time while a
 * create, update or delete is still in progress. Every row asserts the emulator's final state.
 */
import {
  configurationState, Handler, loadBundle, LOGGING_CONFIGURATION, LOGGING_V1 as V1, LOGGING_V2 as V2, noLoggingConfigurationLeft,
} from './support';
import { SAFETY_MARGIN_MS } from '../../lambda/ivschat-provider/waiter';
import { IvsChatEmulator } from '../../local/control-plane';
import { contextWithRemaining, createEvent, deleteEvent, rejectionOf, startEmulator, updateEvent } from '../lambda/support';
import { ManualClock } from '../local/control-plane/support';

/**
 * How long each create, update and delete stays in progress on the emulator's clock, which moves a quarter of it per
 * request: longer than the handler has, whatever the machine's speed.
 */
const CHANGE_MS = 200;
const clock = new ManualClock(CHANGE_MS / 4);
/** Time is up at the first look: the Lambda has only its safety margin left. */
const NO_TIME_LEFT = contextWithRemaining(SAFETY_MARGIN_MS);

let emulator: IvsChatEmulator;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator({
    loggingStateDelays: { creatingMs: CHANGE_MS, updatingMs: CHANGE_MS, deletingMs: CHANGE_MS },
    clock: clock.now,
  });
});
beforeEach(() => {
  emulator.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  process.env = savedEnv;
  await emulator.stop();
});


async function createdConfiguration(handler: Handler): Promise<string> {
  const { PhysicalResourceId } = await handler(createEvent(LOGGING_CONFIGURATION, V1));
  return PhysicalResourceId;
}

test('a timeout while CREATING: the handler deletes the configuration once the service lets it; the follow-up delete is a no-op', async () => {
  const handler = loadBundle();
  const create = createEvent(LOGGING_CONFIGURATION, V1);

  const error = await rejectionOf(handler(create, NO_TIME_LEFT));
  const arn = emulator.calls.find(call => call.operation === 'DeleteLoggingConfiguration')?.resourceArn;
  expect(error.message).toBe(`Timed out after 0 s waiting for logging configuration ${arn} to become ACTIVE (last state: CREATING). `
    + 'The logging configuration has been deleted.');
  await noLoggingConfigurationLeft(emulator);
  const calls = emulator.callCount();
  await handler(deleteEvent(LOGGING_CONFIGURATION, create.RequestId, V1));

  expect(emulator.callCount()).toBe(calls);
  expect(emulator.loggingConfigurations()).toEqual([]);
  // The service refuses to delete while CREATING (409): the handler waited, then deleted.
  expect(emulator.calls.filter(call => call.operation === 'DeleteLoggingConfiguration').map(call => call.status)).toEqual([409, 409, 204]);
});

test('a timeout while UPDATING, then the rollback: it waits for the update to finish and returns to the original state, tags included', async () => {
  const handler = loadBundle();
  const arn = await createdConfiguration(handler);
  const [original] = emulator.loggingConfigurations();

  const error = await rejectionOf(handler(updateEvent(LOGGING_CONFIGURATION, arn, V2, V1), NO_TIME_LEFT));
  expect(error.message).toBe(`Timed out after 0 s waiting for logging configuration ${arn} to become ACTIVE (last state: UPDATING).`);
  // CloudFormation rolls back: the old properties come back as the new ones, the rejected ones as the old.
  await handler(updateEvent(LOGGING_CONFIGURATION, arn, V1, V2));

  expect(emulator.loggingConfigurations().map(configurationState)).toEqual([configurationState(original)]);
  expect(emulator.calls.filter(call => call.operation === 'UpdateLoggingConfiguration').map(call => call.status)).toEqual([200, 409, 409, 200]);
});

test('a timeout while DELETING fails the delete; CloudFormation\'s retry of the delete succeeds and nothing is left', async () => {
  const handler = loadBundle();
  const arn = await createdConfiguration(handler);

  const error = await rejectionOf(handler(deleteEvent(LOGGING_CONFIGURATION, arn), NO_TIME_LEFT));
  expect(error.message).toBe(`Timed out after 0 s waiting for logging configuration ${arn} to be deleted (last state: DELETING).`);
  await handler(deleteEvent(LOGGING_CONFIGURATION, arn));

  expect(emulator.loggingConfigurations()).toEqual([]);
});
