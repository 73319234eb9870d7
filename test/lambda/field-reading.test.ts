import { InvalidPropertiesError } from '../../lambda/ivschat-provider/fields';
import { LOGGING_CONFIGURATION_FIELDS } from '../../lambda/ivschat-provider/logging-configuration';
import { ROOM_FIELDS } from '../../lambda/ivschat-provider/room';

const roomSettings = ROOM_FIELDS.settings.bind(ROOM_FIELDS);
const previousRoomSettings = ROOM_FIELDS.previousSettings.bind(ROOM_FIELDS);
const loggingConfigurationSettings = LOGGING_CONFIGURATION_FIELDS.settings.bind(LOGGING_CONFIGURATION_FIELDS);
const previousLoggingConfigurationSettings = LOGGING_CONFIGURATION_FIELDS.previousSettings.bind(LOGGING_CONFIGURATION_FIELDS);

const REVIEW_HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:review';
const CONFIG = 'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdEFGH1234';
const ENVIRONMENT = { account: '123456789012', region: 'us-east-1' };

describe('roomSettings', () => {
  test('coerces the strings CloudFormation passes', () => {
    expect(roomSettings({
      Name: 'lobby',
      MaximumMessageLength: '500',
      MaximumMessageRatePerSecond: '100',
      MessageReviewHandler: { Uri: REVIEW_HANDLER, FallbackResult: 'DENY' },
      LoggingConfigurationIdentifiers: ['arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdEFGH1234'],
      Tags: [{ Key: 'team', Value: 'chat' }],
    })).toEqual({
      name: 'lobby',
      maximumMessageLength: 500,
      maximumMessageRatePerSecond: 100,
      messageReviewHandler: { uri: REVIEW_HANDLER, fallbackResult: 'DENY' },
      loggingConfigurationIdentifiers: ['arn:aws:ivschat:us-east-1:123456789012:logging-configuration/abcdEFGH1234'],
      tags: { team: 'chat' },
    });
  });

  test('accepts numbers too (what the construct writes)', () => {
    expect(roomSettings({ MaximumMessageLength: 1, MaximumMessageRatePerSecond: 1 }))
      .toMatchObject({ maximumMessageLength: 1, maximumMessageRatePerSecond: 1 });
  });

  test('leaves unset properties undefined', () => {
    expect(roomSettings(undefined)).toEqual({
      name: undefined,
      maximumMessageLength: undefined,
      maximumMessageRatePerSecond: undefined,
      messageReviewHandler: undefined,
      loggingConfigurationIdentifiers: undefined,
      tags: {},
    });
  });

  test('an empty review handler uri is allowed: it means no handler', () => {
    expect(roomSettings({ MessageReviewHandler: { Uri: '' } }).messageReviewHandler).toEqual({ uri: '', fallbackResult: undefined });
  });

  test.each([
    [{ MaximumMessageLength: '0' }, 'MaximumMessageLength must be an integer between 1 and 500, got: 0.'],
    [{ MaximumMessageLength: '501' }, 'MaximumMessageLength must be an integer between 1 and 500, got: 501.'],
    [{ MaximumMessageLength: 'abc' }, 'MaximumMessageLength must be an integer between 1 and 500, got: abc.'],
    [{ MaximumMessageLength: '' }, 'MaximumMessageLength must be an integer between 1 and 500, got: .'],
    [{ MaximumMessageLength: '$&' }, 'MaximumMessageLength must be an integer between 1 and 500, got: $&.'],
    [{ MaximumMessageRatePerSecond: '0.5' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 0.5.'],
    [{ Name: 'x'.repeat(129) }, 'Name must be at most 128 characters, got: 129.'],
    [{ Name: 42 }, 'Name must be a string, got: 42.'],
    [{ MessageReviewHandler: { Uri: 'arn:aws:lambda:us-east-1:123:function:f' } },
      "MessageReviewHandler.Uri must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) of at most 170 characters, got: 'arn:aws:lambda:us-east-1:123:function:f'."],
    [{ MessageReviewHandler: { Uri: REVIEW_HANDLER, FallbackResult: 'allow' } }, "MessageReviewHandler.FallbackResult must be one of ALLOW, DENY, got: 'allow'."],
    [{ LoggingConfigurationIdentifiers: [CONFIG, CONFIG, CONFIG, CONFIG] }, 'A room can have at most 3 logging configurations, got: 4.'],
    [{ LoggingConfigurationIdentifiers: ['abcdEFGH1234'] },
      "LoggingConfigurationIdentifiers[0] must be an IVS Chat logging configuration ARN (arn:<partition>:ivschat:<region>:<account>:logging-configuration/<id>), got: 'abcdEFGH1234'."],
    [{ Tags: [{ Key: 'k', Value: '😀'.repeat(257) }] }, "The value of tag 'k' must be at most 256 characters, got: 257."],
    [{ LoggingConfigurationIdentifiers: 'a' }, 'LoggingConfigurationIdentifiers must be a list of logging configuration ARNs, got: "a".'],
    [{ Tags: [{ Key: '', Value: 'v' }] }, "Tag keys must be 1-128 characters, got 0 characters: ''."],
    [{ Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }, "The value of tag 'k' must be at most 256 characters, got: 257."],
    [{ Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] }, "Tag key 'k' appears more than once."],
    [{ Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }, 'An IVS Chat resource can have at most 50 tags, got: 51.'],
    [{ Tags: { team: 'chat' } }, 'Tags must be a list of {Key, Value}, got: {"team":"chat"}.'],
  ])('rejects %j', (properties, message) => {
    expect(() => roomSettings(properties as any)).toThrow(new InvalidPropertiesError([message]));
  });

  test('tag keys and values are counted in characters, as the service counts them, not in UTF-16 units', () => {
    const key = '🔑'.repeat(128);
    expect(roomSettings({ Tags: [{ Key: key, Value: '😀'.repeat(256) }] }).tags).toEqual({ [key]: '😀'.repeat(256) });
  });

  test.each([
    [{ MessageReviewHandler: { Uri: 'arn:aws:lambda:eu-west-1:123456789012:function:review' } },
      'MessageReviewHandler.Uri must be in the room\'s region (us-east-1), got: eu-west-1.'],
    [{ MessageReviewHandler: { Uri: 'arn:aws:lambda:us-east-1:999999999999:function:review' } },
      'MessageReviewHandler.Uri must be in the room\'s account (123456789012), got: 999999999999.'],
    [{ LoggingConfigurationIdentifiers: [CONFIG, CONFIG.replace('us-east-1', 'eu-west-1')] },
      'LoggingConfigurationIdentifiers[1] must be in the room\'s region (us-east-1), got: eu-west-1.'],
  ])('with the room\'s account and region, rejects %j', (properties, message) => {
    expect(() => roomSettings(properties, ENVIRONMENT)).toThrow(new InvalidPropertiesError([message]));
    expect(() => roomSettings(properties)).not.toThrow();
  });

  test('reports every problem at once', () => {
    expect(() => roomSettings({ MaximumMessageLength: '0', MaximumMessageRatePerSecond: '0' })).toThrow(
      'MaximumMessageLength must be an integer between 1 and 500, got: 0. MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 0.',
    );
  });
});

describe('previousRoomSettings', () => {
  test('never throws: rejected properties can come back as the old ones of a rollback', () => {
    expect(previousRoomSettings({ MaximumMessageLength: 'abc', Name: 'a b', Tags: 'x' as any })).toEqual({
      name: 'a b',
      maximumMessageLength: NaN,
      maximumMessageRatePerSecond: undefined,
      messageReviewHandler: undefined,
      loggingConfigurationIdentifiers: undefined,
      tags: {},
    });
  });
});

describe('loggingConfigurationSettings', () => {
  test.each([
    [{ S3: { BucketName: 'chat.logs-1' } }, { s3: { bucketName: 'chat.logs-1' } }],
    [{ CloudWatchLogs: { LogGroupName: '/aws/ivs/chat#1' } }, { cloudWatchLogs: { logGroupName: '/aws/ivs/chat#1' } }],
    [{ Firehose: { DeliveryStreamName: 'chat_stream.1' } }, { firehose: { deliveryStreamName: 'chat_stream.1' } }],
  ])('maps destination %j', (destination, expected) => {
    expect(loggingConfigurationSettings({ Name: 'logs', DestinationConfiguration: destination, Tags: [{ Key: 'a', Value: 'b' }] })).toEqual({
      name: 'logs',
      destinationConfiguration: expected,
      tags: { a: 'b' },
    });
  });

  test.each([
    [undefined, 'DestinationConfiguration must have exactly one of S3, CloudWatchLogs or Firehose, got: none.'],
    [{ DestinationConfiguration: {} }, 'DestinationConfiguration must have exactly one of S3, CloudWatchLogs or Firehose, got: none.'],
    [{ DestinationConfiguration: { S3: { BucketName: 'ab' } } },
      "DestinationConfiguration.S3.BucketName must be 3-63 characters of lowercase letters, digits, hyphens and dots, got: 'ab'."],
    [{ DestinationConfiguration: { CloudWatchLogs: {} } },
      "DestinationConfiguration.CloudWatchLogs.LogGroupName must be 1-512 characters of letters, digits and '.-_/#', got: ''."],
  ])('rejects %j', (properties, message) => {
    expect(() => loggingConfigurationSettings(properties as any)).toThrow(new InvalidPropertiesError([message]));
  });

  test('previous settings without a valid destination do not throw', () => {
    expect(previousLoggingConfigurationSettings({ DestinationConfiguration: { S3: null } } as any)).toEqual({
      name: undefined,
      destinationConfiguration: { s3: { bucketName: '' } },
      tags: {},
    });
    expect(previousLoggingConfigurationSettings(undefined).destinationConfiguration).toBeUndefined();
  });
});
