/**
 * The demo (`npx projen demo`) serves the example app with the local chat server and chats on it with the official
 * client: its transcript is what the clients received, in order.
 */
import { main } from '../examples/demo';

const ROOM = 'arn:aws:ivschat:us-east-1:123456789012:room/[a-zA-Z0-9]{12}';
const ID = '[a-zA-Z0-9]{12}';

let printed: string[];
let transcript: string[];

beforeAll(async () => {
  printed = [];
  transcript = await main({ print: line => printed.push(line) });
}, 60_000);

test('the transcript tells, in order: the server, the room, a refused and vended tokens, reviewed messages, moderation', () => {
  const expected = [
    '^local server +http://127\\.0\\.0\\.1:\\d+ \\(control plane\\), ws://127\\.0\\.0\\.1:\\d+ \\(messaging\\)$',
    `^room +${ROOM} \\(lobby\\): 300 characters, 20 messages/s, review handler with fallback DENY$`,
    '^token refused +no caller \\(HTTP 403\\): \\{"Message":"Forbidden"\\}$',
    '^connected +alice, bob and troll-42, each with a token from the app\'s vendor$',
    `^bob received +${ID} from alice: "hello everyone"$`,
    '^troll-42 refused +406: Message denied: the review handler answered DENY$',
    `^bob received +${ID} from bob: "\\*\\*\\*\\*, I missed the start"$`,
    '^bob received +event app:announcement \\{"text":"Welcome to the lobby!"\\}$',
    `^bob received +message ${ID} deleted \\(off-topic\\)$`,
    '^troll-42 +disconnected: serverDisconnect$',
  ];

  expect(transcript).toHaveLength(expected.length);
  transcript.forEach((line, i) => expect(line).toMatch(new RegExp(expected[i])));
});

test('the message deleted is bob\'s rewritten one, as every client saw it', () => {
  const rewritten = /^bob received +([a-zA-Z0-9]{12}) from bob/.exec(transcript[6])![1];

  expect(transcript[8]).toContain(`message ${rewritten} deleted`);
});

test('prints each line of the transcript', () => {
  expect(printed).toEqual(transcript);
});
