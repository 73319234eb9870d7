import { SendMessageRequest } from 'amazon-ivs-chat-messaging';
import { allClosed, connectOfficial, connectUsers, Frame, LocalChat, MESSAGE_ID, officialClient, RawClient, startLocalChat } from './support';
import { FallbackResult } from '../../../local/control-plane/model';
import { LocalFunction } from '../../../local/functions/local-function';
import { ReviewRequest } from '../../../local/messaging';
import { ManualClock } from '../control-plane/support';

const HANDLER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:review';

/** A local function answering with `answer`, recording its invocations. */
interface FakeFunction extends LocalFunction {
  readonly invocations: Array<[unknown, number]>;
}

function fakeFunction(answer: (request: ReviewRequest) => unknown): FakeFunction {
  const invocations: Array<[unknown, number]> = [];
  return {
    arn: HANDLER_ARN,
    invocations,
    invoke: async (event, timeoutMs) => {
      invocations.push([event, timeoutMs]);
      return answer(event as ReviewRequest);
    },
  };
}

const functions = new Map<string, LocalFunction>();
// Time stands still for the rooms' message rate: only the rate test sends more than one message per room.
const clock = new ManualClock();
let chat: LocalChat;
const raw: RawClient[] = [];

beforeAll(async () => {
  chat = await startLocalChat({ clock: clock.now, reviewHandler: (uri) => functions.get(uri) });
});
beforeEach(() => {
  chat.emulator.reset();
  chat.log.length = 0;
  functions.clear();
});
afterEach(async () => {
  await Promise.all(raw.splice(0).map((client) => client.close()));
  await allClosed(chat);
});
afterAll(() => chat.stop());

function reviewedRoom(fallbackResult: FallbackResult, maximumMessageLength = 500): string {
  return chat.createRoom({ maximumMessageLength, messageReviewHandler: { uri: HANDLER_ARN, fallbackResult } });
}

/** The sender alice (with attributes) and the bystander bob. */
async function aliceAndBob(roomArn: string): Promise<RawClient[]> {
  const clients = await connectUsers(chat, roomArn, [
    ['alice', { capabilities: ['SEND_MESSAGE'], attributes: { displayName: 'Alice' } }], ['bob'],
  ]);
  raw.push(...clients);
  return clients;
}

function send(client: RawClient, content = 'hello'): void {
  client.send({ Action: 'SEND_MESSAGE', RequestId: 'request-1', Content: content, Attributes: { color: 'red' } });
}

/** Everything the client receives before a control-plane marker event sent now. */
async function framesBeforeMarker(client: RawClient, roomArn: string): Promise<Frame[]> {
  chat.emulator.service.sendEvent({ roomIdentifier: roomArn, eventName: 'marker' }, clock.now());
  const frames: Frame[] = [];
  for (let frame = await client.next(); frame.EventName !== 'marker'; frame = await client.next()) frames.push(frame);
  return frames;
}

function denied(why: string): Frame {
  return { Type: 'ERROR', Id: expect.stringMatching(MESSAGE_ID), RequestId: 'request-1', ErrorCode: 406, ErrorMessage: `Message denied: ${why}` };
}

describe('the room\'s review handler', () => {
  test('receives each message as the documented request, with a 200 ms timeout', async () => {
    const roomArn = reviewedRoom('DENY');
    const handler = fakeFunction(() => ({ ReviewResult: 'ALLOW' }));
    functions.set(HANDLER_ARN, handler);
    const [alice] = await aliceAndBob(roomArn);

    send(alice);

    const echo = await alice.next();
    expect(handler.invocations).toEqual([[{
      Content: 'hello',
      MessageId: echo.Id,
      RoomArn: roomArn,
      Attributes: { color: 'red' },
      Sender: { Attributes: { displayName: 'Alice' }, UserId: 'alice', Ip: '127.0.0.1' },
    }, 200]]);
  });

  test('ALLOW delivers the message as sent', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, fakeFunction(() => ({ ReviewResult: 'ALLOW' })));
    const [alice, bob] = await aliceAndBob(roomArn);

    send(alice);

    const message = {
      Type: 'MESSAGE',
      Id: expect.stringMatching(MESSAGE_ID),
      Content: 'hello',
      Attributes: { color: 'red' },
      SendTime: expect.any(String),
      Sender: { UserId: 'alice', Attributes: { displayName: 'Alice' } },
    };
    await expect(alice.next()).resolves.toEqual({ ...message, RequestId: 'request-1' });
    await expect(bob.next()).resolves.toEqual(message);
    expect(chat.log).toContainEqual(expect.stringMatching(
      new RegExp(`^review of message [a-zA-Z0-9]{12} from user alice in ${roomArn}: ALLOW \\(the review handler answered ALLOW\\)$`),
    ));
  });

  test('ALLOW with Content and Attributes delivers the rewritten message, to the sender as to the others', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, fakeFunction((request) => ({
      ReviewResult: 'ALLOW', Content: request.Content.toUpperCase(), Attributes: { reviewed: 'yes' },
    })));
    const [alice, bob] = await aliceAndBob(roomArn);

    send(alice);

    const rewritten = { Content: 'HELLO', Attributes: { reviewed: 'yes' } };
    await expect(alice.next()).resolves.toMatchObject({ ...rewritten, RequestId: 'request-1' });
    await expect(bob.next()).resolves.toMatchObject(rewritten);
    expect(chat.emulator.service.messages.map(({ content, attributes }) => ({ content, attributes }))).toEqual([{ content: 'HELLO', attributes: { reviewed: 'yes' } }]);
  });

  test('DENY: the sender gets ERROR 406 and nobody the message', async () => {
    const roomArn = reviewedRoom('ALLOW');
    functions.set(HANDLER_ARN, fakeFunction(() => ({ ReviewResult: 'DENY', Content: 'ignored' })));
    const [alice, bob] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toEqual(denied('the review handler answered DENY'));
    await expect(framesBeforeMarker(bob, roomArn)).resolves.toEqual([]);
    expect(chat.emulator.service.messages).toEqual([]);
  });

  test('a denied message still counts toward the room\'s maximumMessageRatePerSecond: the rate is taken before review', async () => {
    const roomArn = chat.createRoom({ maximumMessageRatePerSecond: 1, messageReviewHandler: { uri: HANDLER_ARN, fallbackResult: 'ALLOW' } });
    functions.set(HANDLER_ARN, fakeFunction(() => ({ ReviewResult: 'DENY' })));
    const [alice] = await aliceAndBob(roomArn);

    send(alice);
    await expect(alice.next()).resolves.toMatchObject({ ErrorCode: 406 });
    send(alice);

    await expect(alice.next()).resolves.toMatchObject({ ErrorCode: 429 });
  });

  test('members the contract does not name are ignored', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, fakeFunction(() => ({ ReviewResult: 'ALLOW', Reason: 'fine' })));
    const [alice] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toMatchObject({ Type: 'MESSAGE', Content: 'hello' });
  });
});

describe('the room\'s fallbackResult', () => {
  const invalidAnswers: Array<[string, unknown, string]> = [
    ['nothing', undefined, 'expected a JSON object, got: undefined'],
    ['null', null, 'expected a JSON object, got: null'],
    ['a string', 'ALLOW', 'expected a JSON object, got: "ALLOW"'],
    ['a list', [{ ReviewResult: 'ALLOW' }], 'expected a JSON object, got: [{"ReviewResult":"ALLOW"}]'],
    ['no ReviewResult', { Content: 'hello' },
      '1 validation error detected: Value null at \'ReviewResult\' failed to satisfy constraint: Member must not be null'],
    ['a lowercase ReviewResult', { ReviewResult: 'allow' },
      '1 validation error detected: Value \'allow\' at \'ReviewResult\' failed to satisfy constraint: Member must satisfy enum value set: [ALLOW, DENY]'],
    ['numeric Content', { ReviewResult: 'ALLOW', Content: 5 },
      '1 validation error detected: Value 5 at \'Content\' failed to satisfy constraint: Member must be a string'],
    ['Content over the room\'s maximumMessageLength', { ReviewResult: 'ALLOW', Content: 'x'.repeat(11) },
      `1 validation error detected: Value '${'x'.repeat(11)}' at 'Content' failed to satisfy constraint: Member must have length less than or equal to 10`],
    ['an attribute that is not a string', { ReviewResult: 'ALLOW', Attributes: { score: 1 } },
      '1 validation error detected: Value {"score":1} at \'Attributes\' failed to satisfy constraint: Map members must satisfy constraint: [Member must be a string]'],
  ];

  test.each(invalidAnswers)('an invalid answer (%s) with DENY: ERROR 406 naming the problem', async (_name, answer, problem) => {
    const roomArn = reviewedRoom('DENY', 10);
    functions.set(HANDLER_ARN, fakeFunction(() => answer));
    const [alice, bob] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toEqual(denied(`the review handler answered an invalid response: ${problem}; the room's fallbackResult DENY applies`));
    await expect(framesBeforeMarker(bob, roomArn)).resolves.toEqual([]);
  });

  test.each(invalidAnswers)('an invalid answer (%s) with ALLOW: the message is delivered as sent', async (_name, answer) => {
    const roomArn = reviewedRoom('ALLOW', 10);
    functions.set(HANDLER_ARN, fakeFunction(() => answer));
    const [alice, bob] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toMatchObject({ Type: 'MESSAGE', RequestId: 'request-1', Content: 'hello', Attributes: { color: 'red' } });
    await expect(bob.next()).resolves.toMatchObject({ Type: 'MESSAGE', Content: 'hello' });
  });

  test('a handler that throws: the fallback applies', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, fakeFunction(() => {
      throw new Error('boom');
    }));
    const [alice] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toEqual(denied('the review handler failed: boom; the room\'s fallbackResult DENY applies'));
  });

  test('a handler that rejects with something other than an Error: the fallback applies, naming it', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, { arn: HANDLER_ARN, invoke: () => Promise.reject('out of memory') });
    const [alice] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toEqual(denied('the review handler failed: out of memory; the room\'s fallbackResult DENY applies'));
  });

  test('no answer within 200 ms (the function gives up at its timeout): the fallback applies', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, {
      arn: HANDLER_ARN,
      invoke: (_event, timeoutMs) => new Promise((_resolve, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)),
    });
    const [alice] = await aliceAndBob(roomArn);

    send(alice);

    await expect(alice.next()).resolves.toEqual(denied('the review handler failed: timed out after 200 ms; the room\'s fallbackResult DENY applies'));
  });

  test.each<[FallbackResult, string]>([['DENY', 'a denial'], ['ALLOW', 'the message']])(
    'a handler no local function serves, with %s: %s, and the log says why',
    async (fallbackResult) => {
      const roomArn = reviewedRoom(fallbackResult);
      const [alice] = await aliceAndBob(roomArn);

      send(alice);

      const why = `no local function serves the review handler ${HANDLER_ARN}; the room's fallbackResult ${fallbackResult} applies`;
      await expect(alice.next()).resolves.toMatchObject(fallbackResult === 'DENY' ? denied(why) : { Type: 'MESSAGE', Content: 'hello' });
      expect(chat.log).toContainEqual(expect.stringMatching(
        new RegExp(`^review of message [a-zA-Z0-9]{12} from user alice in ${roomArn}: ${fallbackResult} \\(${why.replace(/[()]/g, '\\$&')}\\)$`),
      ));
    },
  );

  test('an endpoint given no reviewHandler lookup applies the fallback to reviewed rooms', async () => {
    const bare = await startLocalChat();
    const roomArn = bare.createRoom({ messageReviewHandler: { uri: HANDLER_ARN, fallbackResult: 'DENY' } });
    const alice = await RawClient.connect(bare.url, bare.createToken(roomArn, 'alice', { capabilities: ['SEND_MESSAGE'] }).token);

    send(alice);

    await expect(alice.next()).resolves.toEqual(denied(`no local function serves the review handler ${HANDLER_ARN}; the room's fallbackResult DENY applies`));
    await alice.close();
    await bare.stop();
  });
});

describe('a fault of the server itself', () => {
  test('a review handler lookup that throws answers ERROR 500 and is logged; the connection stays usable', async () => {
    const broken = await startLocalChat({
      reviewHandler: () => {
        throw new Error('lookup broke');
      },
    });
    const roomArn = broken.createRoom({ messageReviewHandler: { uri: HANDLER_ARN, fallbackResult: 'DENY' } });
    const alice = await RawClient.connect(broken.url, broken.createToken(roomArn, 'alice', { capabilities: ['SEND_MESSAGE', 'DELETE_MESSAGE'] }).token);

    send(alice);

    await expect(alice.next()).resolves.toEqual({
      Type: 'ERROR', Id: expect.stringMatching(MESSAGE_ID), RequestId: 'request-1', ErrorCode: 500, ErrorMessage: 'Internal error',
    });
    expect(broken.log).toContainEqual(expect.stringMatching(/^internal error: Error: lookup broke\n/));
    alice.send({ Action: 'DELETE_MESSAGE', RequestId: 'after', Id: 'ABCDEFGH1234' });
    await expect(alice.next()).resolves.toMatchObject({ EventName: 'aws:DELETE_MESSAGE', RequestId: 'after' });
    await alice.close();
    await broken.stop();
  });
});

describe('the official client', () => {
  test('a denied message rejects sendMessage with 406; a rewritten one resolves with the rewritten content', async () => {
    const roomArn = reviewedRoom('DENY');
    functions.set(HANDLER_ARN, fakeFunction((request) => request.Content.includes('spam')
      ? { ReviewResult: 'DENY' }
      : { ReviewResult: 'ALLOW', Content: request.Content.replace('heck', '****') }));
    const client = officialClient(chat.url, async () => chat.createToken(roomArn, 'alice', { capabilities: ['SEND_MESSAGE'] }));
    await connectOfficial(client);

    const spam = new SendMessageRequest('buy spam');
    await expect(client.room.sendMessage(spam)).rejects.toEqual({
      id: expect.stringMatching(MESSAGE_ID), errorCode: 406, errorMessage: 'Message denied: the review handler answered DENY', requestId: spam.requestId,
    });
    await expect(client.room.sendMessage(new SendMessageRequest('oh heck'))).resolves.toMatchObject({ content: 'oh ****' });
    client.room.disconnect();
  });
});
