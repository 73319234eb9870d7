/**
 * The chat app, offline (`npx projen demo`): the example app (chat-app.ts) is synthesized and served by the local chat
 * server, as `cdk-ivs-chat-local` serves it, and deploys nothing. Three users get tokens from the app's own token vendor
 * and chat with the official client over WebSockets; the app's own review handler, run locally, reviews every message;
 * a moderator backend calls the control plane with the AWS SDK. The transcript is what the clients received.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DeleteMessageCommand, DisconnectUserCommand, GetRoomCommand, IvschatClient, SendEventCommand } from '@aws-sdk/client-ivschat';
import { ChatMessage, ChatRoom, SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { App } from 'aws-cdk-lib';
import { WebSocket } from 'ws';
import { ChatAppStack } from './chat-app';
import { LocalChatServer } from '../local/server';
import { PRINCIPAL_HEADER } from '../local/token-vendors';

/** The example app's IAM users assume ChatUsers with their own name as the session name (chat-app.ts). */
const CHAT_USER = (name: string) => `arn:aws:sts::123456789012:assumed-role/ChatUsers/${name}`;

export interface DemoOptions {
  /**
   * Where transcript lines go.
   *
   * @default - standard output
   */
  readonly print?: (line: string) => void;
}

/** Runs the demo; returns the transcript it printed. */
export async function main(options: DemoOptions = {}): Promise<string[]> {
  const transcript: string[] = [];
  const say = (what: string, details: string) => {
    const line = `${what.padEnd(18)} ${details}`;
    transcript.push(line);
    (options.print ?? (text => process.stdout.write(`${text}\n`)))(line);
  };
  // The official client uses the global WebSocket, which Node 20 lacks.
  Object.assign(globalThis, { WebSocket });

  const server = await LocalChatServer.start({ assembly: synthesizeExample(), functionLog: () => undefined });
  const ready = server.readyLine();
  const rooms: ChatRoom[] = [];
  const moderator = new IvschatClient({
    region: ready.region, endpoint: ready.controlPlane, credentials: { accessKeyId: 'AKIALOCAL', secretAccessKey: 'local' },
  });
  try {
    say('local server', `${ready.controlPlane} (control plane), ${ready.messaging} (messaging)`);
    const [{ arn: roomArn }] = ready.rooms;
    const room = await moderator.send(new GetRoomCommand({ identifier: roomArn }));
    say('room', `${roomArn} (${room.name}): ${room.maximumMessageLength} characters, ${room.maximumMessageRatePerSecond} messages/s, `
      + `review handler with fallback ${room.messageReviewHandler?.fallbackResult}`);

    const vendorUrl = ready.tokenVendors[0].url;
    const refused = await fetch(vendorUrl, { method: 'POST' });
    say('token refused', `no caller (HTTP ${refused.status}): ${JSON.stringify(await refused.json())}`);
    const tokenFor = async (name: string) => {
      const response = await fetch(vendorUrl, { method: 'POST', headers: { [PRINCIPAL_HEADER]: CHAT_USER(name) } });
      const { token, sessionExpirationTime } = await response.json() as { token: string; sessionExpirationTime: string };
      return { token, sessionExpirationTime: new Date(sessionExpirationTime) };
    };

    const [alice, bob, troll] = await Promise.all(['alice', 'bob', 'troll-42'].map(async name => {
      const client = new ChatRoom({ regionOrUrl: ready.messaging, tokenProvider: () => tokenFor(name) });
      client.logLevel = 'error';
      client.logger = { debug: () => undefined, info: () => undefined, error: () => undefined };
      rooms.push(client);
      await new Promise<void>(resolve => {
        client.addListener('connect', () => resolve());
        void client.connect();
      });
      return client;
    }));
    say('connected', 'alice, bob and troll-42, each with a token from the app\'s vendor');

    const seenByBob: ChatMessage[] = [];
    bob.addListener('message', message => {
      seenByBob.push(message);
      say('bob received', `${message.id} from ${nameOf(message.sender.userId)}: "${message.content}"`);
    });
    bob.addListener('event', event => say('bob received', `event ${event.eventName} ${JSON.stringify(event.attributes)}`));
    bob.addListener('messageDelete', event => say('bob received', `message ${event.messageId} deleted (${event.reason})`));
    troll.addListener('disconnect', reason => say('troll-42', `disconnected: ${reason}`));

    // Each step waits for what the clients receive, so that the transcript's order is the order of the chat.
    await alice.sendMessage(new SendMessageRequest('hello everyone'));
    await until(() => seenByBob.length === 1);
    const denied = await troll.sendMessage(new SendMessageRequest('cheap followers, no scam')).then(() => undefined, (error: { errorCode: number; errorMessage: string }) => error);
    say('troll-42 refused', denied ? `${denied.errorCode}: ${denied.errorMessage}` : 'nothing: the message went through');
    await bob.sendMessage(new SendMessageRequest('darn, I missed the start'));
    await until(() => seenByBob.length === 2);

    await moderator.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'app:announcement', attributes: { text: 'Welcome to the lobby!' } }));
    await until(() => transcript.some(line => line.includes('event app:announcement')));
    await moderator.send(new DeleteMessageCommand({ roomIdentifier: roomArn, id: seenByBob[1].id, reason: 'off-topic' }));
    await until(() => transcript.some(line => line.includes('deleted (off-topic)')));
    await moderator.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId: CHAT_USER('troll-42'), reason: 'spamming' }));
    await until(() => troll.state === 'disconnected');
    return transcript;
  } finally {
    rooms.forEach(client => client.state !== 'disconnected' && client.disconnect());
    moderator.destroy();
    await server.close();
  }
}

/** The example app, synthesized as `npx projen example` does (with its cdk.json's feature flags), into a temporary folder. */
function synthesizeExample(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-demo-'));
  const { context } = JSON.parse(fs.readFileSync(path.join(__dirname, 'cdk.json'), 'utf8'));
  const app = new App({ outdir, context: { ...context, 'aws:cdk:disable-creation-stack-traces': true } });
  new ChatAppStack(app, 'ExampleChatApp');
  app.synth();
  return outdir;
}

function nameOf(userId: string): string {
  return userId.split('/').pop()!;
}

/** Waits for what the clients receive over their sockets, at most 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) {
      throw new Error('the demo waited 10 s for its clients');
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
