/**
 * The demo (`npx projen demo`) runs the bundled handlers against the emulator: its transcript tells what
 * happened, in order. It runs once: the bundles keep their SDK client, pointed at the demo's emulator, in
 * module state, as a Lambda execution environment does.
 */
import { main } from '../examples/demo';

const ROOM = '(arn:aws:ivschat:us-east-1:123456789012:room/[a-zA-Z0-9]{12})';

let envBefore: NodeJS.ProcessEnv;
let printed: string[];
let transcript: string[];

beforeAll(async () => {
  envBefore = { ...process.env };
  printed = [];
  transcript = await main({ print: line => printed.push(line) });
});

test('the transcript tells, in order: room created, token issued and refused, messages reviewed, moderation, room deleted', () => {
  const expected = [
    `^room created +${ROOM} \\(lobby\\): 300 characters, 20 messages/s, review handler with fallback DENY$`,
    '^token issued +to arn:aws:sts::123456789012:assumed-role/ChatUsers/alice \\(HTTP 200\\): SEND_MESSAGE, 120-minute session, token <redacted, \\d+ characters>$',
    '^token refused +unsigned request \\(HTTP 401\\): Unauthorized: the request is not signed with IAM credentials\\.$',
    '^message allowed +msg000000001 from alice: "hello everyone"$',
    '^message denied +msg000000002 from troll-42: "cheap followers, no scam" \\(deny-list\\)$',
    '^message rewritten +msg000000003 from bob: "darn, I missed the start" -> "\\*\\*\\*\\*, I missed the start"$',
    '^event sent +app:announcement \\{"text":"Welcome to the lobby!"\\}$',
    '^message deleted +msg000000003 \\(off-topic\\)$',
    '^user disconnected +troll-42 \\(spamming\\)$',
    '^vendor logs +2 lines, none holds the token$',
    `^room deleted +${ROOM}: 0 rooms left$`,
  ];

  expect(transcript).toHaveLength(expected.length);
  transcript.forEach((line, i) => expect(line).toMatch(new RegExp(expected[i])));
});

test('the room deleted is the room created', () => {
  const [created, deleted] = [transcript[0], transcript[transcript.length - 1]].map(line => new RegExp(ROOM).exec(line)![1]);

  expect(deleted).toEqual(created);
});

test('prints each line of the transcript', () => {
  expect(printed).toEqual(transcript);
});

test('leaves the environment as it found it', () => {
  expect(process.env).toEqual(envBefore);
});
