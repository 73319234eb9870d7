import * as path from 'path';
import * as esbuild from 'esbuild';
import {
  createMessageReviewer, MessageReviewRequest, policyFromEnvironment,
} from '../examples/review-handler';

const review = createMessageReviewer({ denyList: ['spam', 'scam', 'c++'], maskList: ['darn', 'heck'] });

function message(content: string, attributes?: Record<string, string>): MessageReviewRequest {
  return {
    Content: content,
    MessageId: 'ABCDEFGH1234',
    RoomArn: 'arn:aws:ivschat:us-east-1:123456789012:room/g1H2I3j4k5L6',
    ...attributes && { Attributes: attributes },
    Sender: { UserId: 'alice', Ip: '192.0.2.1', Attributes: { displayName: 'Alice' } },
  };
}

describe('the reference review handler', () => {
  test('allows a clean message unchanged', () => {
    expect(review(message('hello everyone'))).toEqual({ ReviewResult: 'ALLOW', Content: 'hello everyone' });
  });

  test.each(['buy SPAM here', 'Scam!', 'is this a scam?', 'I write C++'])('denies %j: a deny-listed word, any case, whole word', (content) => {
    expect(review(message(content)).ReviewResult).toBe('DENY');
  });

  test.each(['scampi for dinner', 'spammy', 'ascam'])('allows %j: a deny-listed word inside another word does not count', (content) => {
    expect(review(message(content)).ReviewResult).toBe('ALLOW');
  });

  test('rewrites the content, masking each mask-listed word character by character', () => {
    expect(review(message('Darn, what the heck!'))).toEqual({ ReviewResult: 'ALLOW', Content: '****, what the ****!' });
  });

  test('masks with the policy\'s character, one per character even outside the BMP', () => {
    const reviewer = createMessageReviewer({ maskList: ['🍍pizza'], mask: '#' });

    expect(reviewer(message('no 🍍pizza please')).Content).toBe('no ###### please');
  });

  test('a denied message is denied, not masked', () => {
    expect(review(message('darn spam'))).toEqual({ ReviewResult: 'DENY', Content: 'darn spam' });
  });

  test('passes the message attributes through, on ALLOW, rewrite and DENY', () => {
    const attributes = { reply: 'XYZ123456789', color: 'blue' };

    expect(review(message('hi', attributes)).Attributes).toEqual(attributes);
    expect(review(message('heck', attributes)).Attributes).toEqual(attributes);
    expect(review(message('spam', attributes)).Attributes).toEqual(attributes);
  });

  test('keeps no state between messages', () => {
    const results = ['spam', 'spam', 'heck', 'heck'].map(content => review(message(content)));

    expect(results.map(result => [result.ReviewResult, result.Content])).toEqual([
      ['DENY', 'spam'], ['DENY', 'spam'], ['ALLOW', '****'], ['ALLOW', '****'],
    ]);
  });

  test('an empty policy allows everything', () => {
    expect(createMessageReviewer({})(message('spam heck'))).toEqual({ ReviewResult: 'ALLOW', Content: 'spam heck' });
  });

  test('reads its lists from DENY_LIST and MASK_LIST', () => {
    expect(policyFromEnvironment({ DENY_LIST: 'spam, scam,', MASK_LIST: 'darn' })).toEqual({ denyList: ['spam', 'scam'], maskList: ['darn'] });
    expect(policyFromEnvironment({})).toEqual({ denyList: [], maskList: [] });
  });

  test('the Lambda entry point reviews with the lists of its environment', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { DENY_LIST: 'spam', MASK_LIST: 'heck' });
    let handler: typeof import('../examples/review-handler').handler;
    try {
      jest.isolateModules(() => {
        // A fresh module reads the environment at load, as a cold start does.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        handler = require('../examples/review-handler').handler;
      });
      await expect(handler!(message('spam'))).resolves.toEqual({ ReviewResult: 'DENY', Content: 'spam' });
      await expect(handler!(message('oh heck'))).resolves.toEqual({ ReviewResult: 'ALLOW', Content: 'oh ****' });
    } finally {
      process.env = saved;
    }
  });

  describe('answers well within the 200 ms IVS Chat allows', () => {
    test('the review is synchronous: it returns the answer, not a promise', () => {
      const answer: unknown = review(message('hello'));

      expect(answer).not.toBeInstanceOf(Promise);
      expect(answer).toEqual({ ReviewResult: 'ALLOW', Content: 'hello' });
    });

    test('the deployed bundle does no I/O: it requires no module and fetches nothing', () => {
      const bundle = esbuild.buildSync({
        entryPoints: [path.join(__dirname, '..', 'examples', 'review-handler.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
      }).outputFiles[0].text;

      expect(bundle).not.toMatch(/\brequire\(/);
      expect(bundle).not.toMatch(/\b(fetch|import)\(/);
    });
  });
});
