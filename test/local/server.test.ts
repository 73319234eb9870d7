/**
 * The local chat server on a synthesized app: every room and logging configuration of every stack (ours and L1s)
 * with its properties, review handlers and token vendors run from the app's own code, and a chat through the official
 * client, end to end: a token from the app's vendor, a message reviewed by the app's handler, delivered to another user.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetRoomCommand, ListLoggingConfigurationsCommand, SendEventCommand } from '@aws-sdk/client-ivschat';
import { ChatRoom, SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { App, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { WebSocket } from 'ws';
import { LocalChatServer, LocalServerError } from '../../local/server';
import { PRINCIPAL_HEADER } from '../../local/token-vendors';
import {
  ChatTokenCapability, ChatTokenVendor, FallbackResult, LoggingConfiguration, LoggingDestination, Room,
} from '../../src';

// The official client uses the global WebSocket, which Node 20 lacks.
Object.assign(globalThis, { WebSocket });

const REVIEW_CODE = `exports.handler = async (request) => request.Content.includes('scam')
  ? { ReviewResult: 'DENY' }
  : { ReviewResult: 'ALLOW', Content: request.Content.replace(/darn/g, '****'), Attributes: { reviewed: 'yes' } };`;

function synthesize(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-server-'));
  const app = new App({ outdir });
  build(app);
  app.synth();
  return outdir;
}

/** Two stacks: an environment-agnostic chat app and a stack with L1 resources. */
function chatApp(app: App): void {
  const stack = new Stack(app, 'ChatApp');
  const reviewHandler = new lambda.Function(stack, 'Review', {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline(REVIEW_CODE), timeout: Duration.seconds(1),
  });
  const logging = new LoggingConfiguration(stack, 'Logging', {
    loggingConfigurationName: 'chat-logs',
    destination: LoggingDestination.cloudWatchLogs(new logs.LogGroup(stack, 'Logs')),
  });
  const room = new Room(stack, 'Lobby', {
    roomName: 'lobby',
    maximumMessageLength: 120,
    maximumMessageRatePerSecond: 50,
    messageReviewHandler: { handler: reviewHandler, fallbackResult: FallbackResult.DENY },
    loggingConfigurations: [logging],
  });
  Tags.of(room).add('team', 'chat');
  new ChatTokenVendor(stack, 'Vendor', { room, capabilities: [ChatTokenCapability.SEND_MESSAGE], sessionDuration: Duration.minutes(30) });

  const l1 = new Stack(app, 'L1Stack');
  const l1Logging = new ivschat.CfnLoggingConfiguration(l1, 'CfnLogging', {
    destinationConfiguration: { s3: { bucketName: new s3.Bucket(l1, 'Archive').bucketName } },
  });
  new ivschat.CfnRoom(l1, 'CfnRoom', { name: 'l1-room', maximumMessageRatePerSecond: 5, loggingConfigurationIdentifiers: [l1Logging.attrArn] });
}

describe('the local chat server on a synthesized app', () => {
  let server: LocalChatServer;
  const logged: string[] = [];

  beforeAll(async () => {
    server = await LocalChatServer.start({ assembly: synthesize(chatApp), log: line => logged.push(line), functionLog: () => undefined });
  });
  afterAll(async () => server.close());

  test('creates every room and logging configuration of every stack, ours and L1s, with their properties', async () => {
    const ready = server.readyLine();
    expect(ready.rooms.map(({ stack, logicalId, name }) => ({ stack, logicalId, name }))).toEqual([
      { stack: 'ChatApp', logicalId: expect.stringMatching(/^Lobby/), name: 'lobby' },
      { stack: 'L1Stack', logicalId: 'CfnRoom', name: 'l1-room' },
    ]);
    expect(ready.loggingConfigurations.map(({ stack, name }) => ({ stack, name }))).toEqual([
      { stack: 'ChatApp', name: 'chat-logs' },
      { stack: 'L1Stack', name: '' },
    ]);
    const client = server.controlPlane.client();
    const lobby = await client.send(new GetRoomCommand({ identifier: ready.rooms[0].arn }));
    expect(lobby).toMatchObject({
      name: 'lobby',
      maximumMessageLength: 120,
      maximumMessageRatePerSecond: 50,
      messageReviewHandler: { uri: expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:ChatApp-Review/), fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: [ready.loggingConfigurations[0].arn],
      tags: { team: 'chat' },
    });
    const l1Room = await client.send(new GetRoomCommand({ identifier: ready.rooms[1].arn }));
    expect(l1Room.loggingConfigurationIdentifiers).toEqual([ready.loggingConfigurations[1].arn]);
    const { loggingConfigurations } = await client.send(new ListLoggingConfigurationsCommand({}));
    expect(loggingConfigurations?.map(config => config.state)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  test('the ready line names the endpoints on 127.0.0.1 and the token vendor with its room', () => {
    const ready = server.readyLine();
    expect(ready.controlPlane).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.messaging).toBe(ready.controlPlane.replace('http', 'ws'));
    expect(ready.tokenVendors).toEqual([{
      stack: 'ChatApp',
      logicalId: expect.stringMatching(/^VendorHandler/),
      url: expect.stringMatching(new RegExp(`^${ready.controlPlane}/token-vendors/ChatApp/VendorHandler[0-9A-F]{8}/$`)),
      roomArn: ready.rooms[0].arn,
    }]);
    expect(logged).toContainEqual(expect.stringMatching(/^token vendor ChatApp\/VendorHandler[0-9A-F]{8}: POST .* \(AWS_IAM: name the caller in the x-cdk-ivs-chat-local-principal header/));
  });

  test('the vendor refuses a caller that names no principal, as a function URL refuses an unsigned request', async () => {
    const response = await fetch(server.readyLine().tokenVendors[0].url, { method: 'POST' });

    expect([response.status, await response.json()]).toEqual([403, { Message: 'Forbidden' }]);
  });

  test('a chat with the official client: tokens from the app\'s vendor, messages reviewed by the app\'s handler', async () => {
    const ready = server.readyLine();
    const tokenFor = async (user: string) => {
      const response = await fetch(ready.tokenVendors[0].url, {
        method: 'POST', headers: { [PRINCIPAL_HEADER]: `arn:aws:sts::123456789012:assumed-role/ChatUsers/${user}` },
      });
      const { token, sessionExpirationTime } = await response.json() as { token: string; sessionExpirationTime: string };
      return { token, sessionExpirationTime: new Date(sessionExpirationTime) };
    };
    const rooms = ['alice', 'bob'].map(user => {
      const room = new ChatRoom({ regionOrUrl: ready.messaging, tokenProvider: () => tokenFor(user) });
      room.logLevel = 'error';
      return room;
    });
    const [alice, bob] = rooms;
    const received: Array<{ sender: string; content: string; attributes: unknown }> = [];
    const events: string[] = [];
    bob.addListener('message', message => received.push({ sender: message.sender.userId, content: message.content, attributes: message.attributes }));
    bob.addListener('event', event => events.push(event.eventName));
    try {
      await Promise.all(rooms.map(room => new Promise<void>(resolve => {
        room.addListener('connect', () => resolve());
        void room.connect();
      })));

      await alice.sendMessage(new SendMessageRequest('well darn it'));
      const denied = await alice.sendMessage(new SendMessageRequest('a cheap scam')).catch((error: unknown) => error);
      await server.controlPlane.client().send(new SendEventCommand({ roomIdentifier: ready.rooms[0].arn, eventName: 'app:announcement' }));
      await waitUntil(() => events.length === 1);

      expect(denied).toMatchObject({ errorCode: 406 });
      expect(received).toEqual([{
        sender: 'arn:aws:sts::123456789012:assumed-role/ChatUsers/alice', content: 'well **** it', attributes: { reviewed: 'yes' },
      }]);
      expect(events).toEqual(['app:announcement']);
    } finally {
      rooms.forEach(room => room.disconnect());
    }
  });
});

describe('what the local server refuses, in one line', () => {
  test('a path that is not a cloud assembly', async () => {
    await expect(LocalChatServer.start({ assembly: path.join(os.tmpdir(), 'no-such-cdk-out') })).rejects.toThrow(/no-such-cdk-out/);
  });

  test('a review handler on a runtime that cannot run locally', async () => {
    const assembly = synthesize(app => {
      const stack = new Stack(app, 'Python');
      const handler = new lambda.Function(stack, 'Review', {
        runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: lambda.Code.fromInline('def handler(event, context): pass'),
      });
      new Room(stack, 'Room', { messageReviewHandler: { handler } });
    });

    const error = await LocalChatServer.start({ assembly }).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(LocalServerError);
    expect((error as Error).message).toMatch(/^Function Python\/Review[0-9A-F]{8} cannot run locally: .*python3\.13/);
    expect((error as Error).message).not.toContain('\n');
  });

  test('a room the service would refuse fails the start, naming the room', async () => {
    const assembly = synthesize(app => {
      const stack = new Stack(app, 'Bad');
      new ivschat.CfnRoom(stack, 'Room', { name: 'no spaces allowed' });
    });

    await expect(LocalChatServer.start({ assembly })).rejects.toThrow(/^Bad\/Room: CreateRoom failed: /);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}
