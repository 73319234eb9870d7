/**
 * The bundled handler (assets/ivschat-provider/index.js, what users deploy) driven through a resource's
 * whole life by CloudFormation-shaped events whose properties come from synthesized templates, against
 * the local emulator with the real SDK inside the bundle.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IvsChatEmulator } from '../local/control-plane';
import { FallbackResult, LoggingConfiguration, LoggingDestination, Room, RoomProps } from '../src';
import { createEvent, deleteEvent, LOGGING_CONFIGURATION, RESPONSE_URL, ROOM, updateEvent } from './lambda/support';
import { cfnProperties, Handler, loadBundle } from './reliability/support';

const REVIEW_HANDLER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:review';

let emulator: IvsChatEmulator;
let handler: Handler;
const savedEnv = { ...process.env };

beforeAll(async () => {
  emulator = await IvsChatEmulator.start({ loggingStateDelays: { creatingMs: 150, updatingMs: 150, deletingMs: 150 } });
  Object.assign(process.env, emulator.env());
  handler = loadBundle();
});

beforeEach(() => emulator.reset());

afterAll(async () => {
  process.env = savedEnv;
  await emulator.stop();
});

function roomStack(props: RoomProps, tags: Record<string, string> = {}): Stack {
  const stack = new Stack(new App(), 'Chat', { env: { account: '123456789012', region: 'us-east-1' } });
  const room = new Room(stack, 'Room', props);
  for (const [key, value] of Object.entries(tags)) {
    Tags.of(room).add(key, value);
  }
  return stack;
}

function reviewHandler(stack: Stack): lambda.IFunction {
  return lambda.Function.fromFunctionArn(stack, 'Review', REVIEW_HANDLER_ARN);
}

describe('the bundled handler through a room\'s life', () => {
  test('create, update, no-op update, delete: the emulator holds exactly what the template says', async () => {
    const v1 = roomStack({ roomName: 'lobby', maximumMessageLength: 300 }, { team: 'chat', stage: 'dev' });
    const created = await handler(createEvent(ROOM, cfnProperties(v1, ROOM)));

    const arn = created.PhysicalResourceId;
    expect(arn).toMatch(/^arn:aws:ivschat:us-east-1:123456789012:room\/[a-zA-Z0-9]{12}$/);
    expect(created.Data).toEqual({ Arn: arn, Id: arn.split('/')[1] });
    expect(emulator.rooms()).toEqual([expect.objectContaining({
      arn, name: 'lobby', maximumMessageLength: 300, maximumMessageRatePerSecond: 10, tags: { team: 'chat', stage: 'dev' },
    })]);
    expect(emulator.callCount(['CreateRoom'])).toBe(1);

    const v2 = roomStack({ roomName: 'lobby', maximumMessageLength: 300, maximumMessageRatePerSecond: 80 }, { team: 'video', owner: 'me' });
    const callsBeforeUpdate = emulator.calls.length;
    const updated = await handler(updateEvent(ROOM, arn, cfnProperties(v2, ROOM), cfnProperties(v1, ROOM)));
    expect(updated.PhysicalResourceId).toBe(arn);
    expect(emulator.calls.slice(callsBeforeUpdate).map(call => call.operation).sort()).toEqual(['TagResource', 'UntagResource', 'UpdateRoom']);
    expect(emulator.rooms()).toEqual([expect.objectContaining({
      arn, maximumMessageRatePerSecond: 80, tags: { team: 'video', owner: 'me' },
    })]);

    const callsBeforeNoop = emulator.calls.length;
    const noop = await handler(updateEvent(ROOM, arn, cfnProperties(v2, ROOM), cfnProperties(v2, ROOM)));
    expect(noop).toEqual(updated);
    expect(emulator.calls.length).toBe(callsBeforeNoop);

    await handler(deleteEvent(ROOM, arn, cfnProperties(v2, ROOM)));
    expect(emulator.rooms()).toEqual([]);
  });

  test('the API\'s message rate range (up to 100) and a review handler reach the service', async () => {
    const stack = new Stack(new App(), 'Chat', { env: { account: '123456789012', region: 'us-east-1' } });
    new Room(stack, 'Room', {
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { handler: reviewHandler(stack), fallbackResult: FallbackResult.DENY },
    });
    await handler(createEvent(ROOM, cfnProperties(stack, ROOM)));

    expect(emulator.rooms()).toEqual([expect.objectContaining({
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri: REVIEW_HANDLER_ARN, fallbackResult: 'DENY' },
    })]);
  });

  test('removing the review handler and the name from the template clears them in the room', async () => {
    const before = new Stack(new App(), 'Chat', { env: { account: '123456789012', region: 'us-east-1' } });
    new Room(before, 'Room', { roomName: 'named', messageReviewHandler: { handler: reviewHandler(before) } });
    const after = roomStack({});
    const { PhysicalResourceId: arn } = await handler(createEvent(ROOM, cfnProperties(before, ROOM)));

    await handler(updateEvent(ROOM, arn, cfnProperties(after, ROOM), cfnProperties(before, ROOM)));

    const [room] = emulator.rooms();
    expect(room.name).toBe('');
    expect(room.messageReviewHandler).toBeUndefined();
  });

  test('invalid deployed values are rejected with the property\'s name and no API call', async () => {
    await expect(handler(createEvent(ROOM, { MaximumMessageRatePerSecond: '101' })))
      .rejects.toThrow(/MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 101\./);
    expect(emulator.calls).toEqual([]);
  });

  test('logs name the operation and the ARN, never the presigned ResponseURL or the properties', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const stack = roomStack({ roomName: 'secret-name' });
      const { PhysicalResourceId: arn } = await handler(createEvent(ROOM, cfnProperties(stack, ROOM)));
      await handler(deleteEvent(ROOM, arn));

      const output = log.mock.calls.flat().join('\n');
      expect(output).toContain(arn);
      expect(output).not.toContain(RESPONSE_URL);
      expect(output).not.toContain('SECRETSIGNATURE');
      expect(output).not.toContain('secret-name');
    } finally {
      log.mockRestore();
    }
  });
});

describe('the bundled handler through a logging configuration\'s life', () => {
  function loggingStack(logGroupName: string, roomWithIt = false): Stack {
    const stack = new Stack(new App(), 'Chat', { env: { account: '123456789012', region: 'us-east-1' } });
    const config = new LoggingConfiguration(stack, 'Config', {
      loggingConfigurationName: 'chat-logs',
      destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', logGroupName)),
    });
    if (roomWithIt) {
      new Room(stack, 'Room', { loggingConfigurations: [config] });
    }
    return stack;
  }

  test('create waits for ACTIVE, a room logs to it, a destination change updates in place, delete waits until gone', async () => {
    const v1 = loggingStack('/chat/v1', true);
    const created = await handler(createEvent(LOGGING_CONFIGURATION, cfnProperties(v1, LOGGING_CONFIGURATION)));
    const configArn = created.PhysicalResourceId;
    expect(created.Data).toEqual({ Arn: configArn, Id: configArn.split('/')[1] });
    expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({ arn: configArn, state: 'ACTIVE' })]);

    const configId = Object.keys(Template.fromStack(v1).findResources(LOGGING_CONFIGURATION))[0];
    const room = await handler(createEvent(ROOM, cfnProperties(v1, ROOM, { [configId]: configArn })));
    expect(emulator.rooms()[0].loggingConfigurationIdentifiers).toEqual([configArn]);

    const v2 = loggingStack('/chat/v2');
    const updated = await handler(updateEvent(LOGGING_CONFIGURATION, configArn,
      cfnProperties(v2, LOGGING_CONFIGURATION), cfnProperties(v1, LOGGING_CONFIGURATION)));
    expect(updated.PhysicalResourceId).toBe(configArn);
    expect(emulator.loggingConfigurations()).toEqual([expect.objectContaining({
      state: 'ACTIVE', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/chat/v2' } },
    })]);

    await handler(deleteEvent(ROOM, room.PhysicalResourceId));
    await handler(deleteEvent(LOGGING_CONFIGURATION, configArn));
    expect(emulator.loggingConfigurations()).toEqual([]);
    expect(emulator.rooms()).toEqual([]);
  });
});
