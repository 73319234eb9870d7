import { LOGGING_CONFIGURATION_FIELDS } from '../../lambda/ivschat-provider/logging-configuration';
import { ROOM_FIELDS } from '../../lambda/ivschat-provider/room';

const roomChanges = ROOM_FIELDS.changes.bind(ROOM_FIELDS);
const loggingConfigurationChanges = LOGGING_CONFIGURATION_FIELDS.changes.bind(LOGGING_CONFIGURATION_FIELDS);

const REVIEW_HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:review';
const LOGS_A = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/aaaaaaaaaaaa';
const LOGS_B = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/bbbbbbbbbbbb';

describe('roomChanges', () => {
  test('nothing changed is undefined', () => {
    expect(roomChanges({ name: 'a', tags: {} }, { name: 'a', tags: { t: '1' } })).toBeUndefined();
  });

  test('an unset field equals its default', () => {
    expect(roomChanges(
      { tags: {} },
      { name: '', maximumMessageLength: 500, maximumMessageRatePerSecond: 10, messageReviewHandler: { uri: '' }, loggingConfigurationIdentifiers: [], tags: {} },
    )).toBeUndefined();
  });

  test('only the changed fields', () => {
    expect(roomChanges(
      { name: 'a', maximumMessageLength: 100, maximumMessageRatePerSecond: 5, tags: {} },
      { name: 'a', maximumMessageLength: 200, maximumMessageRatePerSecond: 5, tags: {} },
    )).toEqual({ maximumMessageLength: 200 });
  });

  test('removed fields are reset to the defaults', () => {
    expect(roomChanges(
      {
        name: 'a',
        maximumMessageLength: 100,
        maximumMessageRatePerSecond: 5,
        messageReviewHandler: { uri: REVIEW_HANDLER, fallbackResult: 'DENY' },
        loggingConfigurationIdentifiers: [LOGS_A],
        tags: {},
      },
      { tags: {} },
    )).toEqual({ name: '', maximumMessageLength: 500, maximumMessageRatePerSecond: 10, messageReviewHandler: { uri: '' }, loggingConfigurationIdentifiers: [] });
  });

  test('a review handler change sends the fallback too, so that an omitted one resets to ALLOW', () => {
    expect(roomChanges(
      { messageReviewHandler: { uri: REVIEW_HANDLER, fallbackResult: 'DENY' }, tags: {} },
      { messageReviewHandler: { uri: REVIEW_HANDLER }, tags: {} },
    )).toEqual({ messageReviewHandler: { uri: REVIEW_HANDLER, fallbackResult: 'ALLOW' } });
  });

  test('the fallback of an absent handler is no change', () => {
    expect(roomChanges({ messageReviewHandler: { uri: '', fallbackResult: 'DENY' }, tags: {} }, { tags: {} })).toBeUndefined();
  });

  test('logging configuration identifiers are compared as a set', () => {
    const room = (identifiers: string[]) => ({ loggingConfigurationIdentifiers: identifiers, tags: {} });

    expect(roomChanges(room([LOGS_A, LOGS_B]), room([LOGS_B, LOGS_A]))).toBeUndefined();
    expect(roomChanges(room([LOGS_A, LOGS_A]), room([LOGS_A, LOGS_B]))).toEqual({ loggingConfigurationIdentifiers: [LOGS_A, LOGS_B] });
  });

  test('a previous value that was never valid counts as changed', () => {
    expect(roomChanges({ maximumMessageLength: NaN, tags: {} }, { maximumMessageLength: 500, tags: {} })).toEqual({ maximumMessageLength: 500 });
  });
});

describe('loggingConfigurationChanges', () => {
  const s3 = { s3: { bucketName: 'chat-logs' } };

  test('nothing changed is undefined', () => {
    expect(loggingConfigurationChanges({ destinationConfiguration: s3, tags: {} }, { name: '', destinationConfiguration: s3, tags: { a: 'b' } })).toBeUndefined();
  });

  test('a destination of another type is a change of the destination only', () => {
    expect(loggingConfigurationChanges(
      { name: 'logs', destinationConfiguration: s3, tags: {} },
      { name: 'logs', destinationConfiguration: { cloudWatchLogs: { logGroupName: '/ivs/chat' } }, tags: {} },
    )).toEqual({ destinationConfiguration: { cloudWatchLogs: { logGroupName: '/ivs/chat' } } });
  });

  test('a removed name is reset to empty', () => {
    expect(loggingConfigurationChanges({ name: 'logs', destinationConfiguration: s3, tags: {} }, { destinationConfiguration: s3, tags: {} })).toEqual({ name: '' });
  });

  test('a previous destination that was never valid counts as changed', () => {
    expect(loggingConfigurationChanges({ tags: {} }, { destinationConfiguration: s3, tags: {} })).toEqual({ destinationConfiguration: s3 });
  });
});
