/**
 * The chat app, run locally against the IVS Chat emulator (`npx projen demo`): deploys nothing.
 *
 * It drives the bundled handlers users deploy (assets/): the custom-resource provider creates the room from
 * a CloudFormation-shaped event, the token vendor vends tokens from function URL requests. Then it reviews a
 * few messages with the reference review handler and moderates with the SDK, as a moderator backend would,
 * and prints a transcript built from what the emulator recorded.
 */
import * as path from 'path';
import { DeleteMessageCommand, DisconnectUserCommand, SendEventCommand } from '@aws-sdk/client-ivschat';
import { DENY_LIST, MASK_LIST } from './chat-policy';
import { createMessageReviewer } from './review-handler';
import { IvsChatEmulator } from '../local/control-plane';

const ASSETS = path.join(__dirname, '..', 'assets');
const ROOM_TYPE = 'Custom::IvsChatRoom';
const ACCOUNT = '123456789012';
const REVIEW_HANDLER_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:example-review-handler`;
const SIGNED_IN_USER = `arn:aws:sts::${ACCOUNT}:assumed-role/ChatUsers/alice`;

type ProviderHandler = (event: unknown, context: unknown) => Promise<{ PhysicalResourceId: string }>;
type VendorHandler = (request: unknown) => Promise<{ statusCode: number; body: string }>;

export interface DemoOptions {
  /**
   * Where transcript lines go.
   *
   * @default - standard output
   */
  readonly print?: (line: string) => void;
}

/**
 * Runs the demo; returns the transcript it printed. Once per process: the bundles keep their SDK client, pointed
 * at this run's emulator, in module state (as a Lambda execution environment does).
 */
export async function main(options: DemoOptions = {}): Promise<string[]> {
  const transcript: string[] = [];
  const say = (what: string, details: string) => {
    const line = `${what.padEnd(18)} ${details}`;
    transcript.push(line);
    (options.print ?? (text => process.stdout.write(`${text}\n`)))(line);
  };

  const emulator = await IvsChatEmulator.start({ accountId: ACCOUNT });
  const savedEnv = { ...process.env };
  const handlerLogs = captureConsole();
  try {
    Object.assign(process.env, emulator.env());
    const provider = load<ProviderHandler>('ivschat-provider');

    const roomArn = (await provider(providerEvent('Create'), { getRemainingTimeInMillis: () => 60_000 })).PhysicalResourceId;
    const [room] = emulator.rooms();
    say('room created', `${roomArn} (${room.name}): ${room.maximumMessageLength} characters, ${room.maximumMessageRatePerSecond} messages/s, `
      + `review handler with fallback ${room.messageReviewHandler?.fallbackResult}`);

    Object.assign(process.env, {
      ROOM_ARN: roomArn, CAPABILITIES: 'SEND_MESSAGE', SESSION_DURATION_MINUTES: '120', USER_ID_SOURCE: 'iam',
    });
    const vendor = load<VendorHandler>('chat-token-vendor');
    const issued = await vendor(functionUrlRequest({ userArn: SIGNED_IN_USER, cognitoIdentity: null }));
    const [token] = emulator.chatTokens;
    say('token issued', `to ${token.userId} (HTTP ${issued.statusCode}): ${token.capabilities.join(',')}, `
      + `${token.sessionDurationInMinutes}-minute session, token <redacted, ${token.token.length} characters>`);
    const refused = await vendor(functionUrlRequest(undefined));
    say('token refused', `unsigned request (HTTP ${refused.statusCode}): ${JSON.parse(refused.body).error}`);

    const review = createMessageReviewer({ denyList: DENY_LIST, maskList: MASK_LIST });
    const messages = [
      ['alice', 'msg000000001', 'hello everyone'],
      ['troll-42', 'msg000000002', 'cheap followers, no scam'],
      ['bob', 'msg000000003', 'darn, I missed the start'],
    ];
    for (const [userId, id, content] of messages) {
      const result = review({ Content: content, MessageId: id, RoomArn: roomArn, Sender: { UserId: userId } });
      if (result.ReviewResult === 'DENY') {
        say('message denied', `${id} from ${userId}: "${content}" (deny-list)`);
      } else if (result.Content !== content) {
        say('message rewritten', `${id} from ${userId}: "${content}" -> "${result.Content}"`);
      } else {
        say('message allowed', `${id} from ${userId}: "${content}"`);
      }
    }

    const moderator = emulator.client();
    await moderator.send(new SendEventCommand({ roomIdentifier: roomArn, eventName: 'app:announcement', attributes: { text: 'Welcome to the lobby!' } }));
    await moderator.send(new DeleteMessageCommand({ roomIdentifier: roomArn, id: 'msg000000003', reason: 'off-topic' }));
    await moderator.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId: 'troll-42', reason: 'spamming' }));
    for (const event of emulator.events) {
      say('event sent', `${event.eventName} ${JSON.stringify(event.attributes)}`);
    }
    for (const deleted of emulator.deletedMessages) {
      say('message deleted', `${deleted.id} (${deleted.reason})`);
    }
    for (const disconnection of emulator.disconnections) {
      say('user disconnected', `${disconnection.userId} (${disconnection.reason})`);
    }
    const vendorLines = handlerLogs.lines.filter(line => line.includes('"outcome":"issued"') || line.includes('"outcome":"refused"'));
    const leaks = handlerLogs.lines.filter(line => line.includes(token.token)).length;
    say('vendor logs', `${vendorLines.length} lines, ${leaks === 0 ? 'none holds the token' : `${leaks} hold the token`}`);

    await provider(providerEvent('Delete', roomArn), { getRemainingTimeInMillis: () => 60_000 });
    say('room deleted', `${roomArn}: ${emulator.rooms().length} rooms left`);
    return transcript;
  } finally {
    handlerLogs.restore();
    process.env = savedEnv;
    await emulator.stop();
  }
}

/** A handler bundle of assets/, plain JavaScript loaded at run time. */
function load<T>(name: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ASSETS, name, 'index.js')).handler;
}

/** The event CloudFormation sends the provider for the example's room (every scalar a string, as CloudFormation sends them). */
function providerEvent(requestType: 'Create' | 'Delete', physicalResourceId?: string): Record<string, unknown> {
  return {
    RequestType: requestType,
    ServiceToken: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:provider-framework-onEvent`,
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/demo',
    StackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/ExampleChatApp/00000000-0000-0000-0000-000000000000`,
    RequestId: '00000000-0000-0000-0000-000000000001',
    LogicalResourceId: 'LobbyResource',
    ResourceType: ROOM_TYPE,
    ...physicalResourceId && { PhysicalResourceId: physicalResourceId },
    ResourceProperties: {
      ServiceToken: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:provider-framework-onEvent`,
      Name: 'lobby',
      MaximumMessageLength: '300',
      MaximumMessageRatePerSecond: '20',
      MessageReviewHandler: { Uri: REVIEW_HANDLER_ARN, FallbackResult: 'DENY' },
      Tags: [{ Key: 'app', Value: 'example-chat' }],
    },
  };
}

/** A function URL request (payload 2.0), signed by this IAM identity or unsigned. */
function functionUrlRequest(iam: Record<string, unknown> | undefined): Record<string, unknown> {
  return {
    version: '2.0',
    rawPath: '/',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/' }, ...iam && { authorizer: { iam } } },
    isBase64Encoded: false,
  };
}

/** Keeps the handlers' log lines out of the transcript, and available to inspect. */
function captureConsole(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map(method => console[method]);
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
  }
  return { lines, restore: () => methods.forEach((method, i) => console[method] = originals[i]) };
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
