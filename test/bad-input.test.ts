/**
 * Bad input: every invalid value the service would reject is rejected at synth with its exact message, and
 * again at deploy time by the bundled handler (as CloudFormation sends it: CloudFormation property names,
 * every scalar a string) with a message naming the property, before any call to the service.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { IvsChatEmulator } from '../local/control-plane';
import { FallbackResult, LoggingConfiguration, LoggingDestination, Room, RoomProps } from '../src';
import { createEvent, LOGGING_CONFIGURATION, rejectionOf, ROOM, startEmulator, updateEvent } from './lambda/support';
import { Handler, loadBundle } from './reliability/support';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const FUNCTION_ARN = (region: string, account: string, name: string) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const CONFIG_ARN = (region: string, account: string, id: string) => `arn:aws:ivschat:${region}:${account}:logging-configuration/${id}`;
const ROOM_ARN = `arn:aws:ivschat:${REGION}:${ACCOUNT}:room/abcdEFGH1234`;
const VALID_CONFIG_ARN = CONFIG_ARN(REGION, ACCOUNT, 'abcdEFGH1234');
const TOO_LONG_FUNCTION_ARN = FUNCTION_ARN(REGION, ACCOUNT, 'f'.repeat(124));
const ARN_USAGE = (label: string) =>
  `${label} must be an IVS Chat logging configuration ARN (arn:<partition>:ivschat:<region>:<account>:logging-configuration/<id>), got:`;
const ROOM_ARN_USAGE = '`roomArn` must be an IVS Chat room ARN (arn:<partition>:ivschat:<region>:<account>:room/<id>), got:';

/** The whole message, exactly. */
function exactly(message: string): RegExp {
  return new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function newStack(): Stack {
  return new Stack(new App(), 'Chat', { env: { account: ACCOUNT, region: REGION } });
}

/** A logging configuration reference of another kind than ours or CfnLoggingConfiguration, with a literal ARN. */
class LiteralLoggingConfigurationRef extends Construct implements ivschat.ILoggingConfigurationRef {
  public readonly env = { account: ACCOUNT, region: REGION };
  public readonly loggingConfigurationRef: ivschat.LoggingConfigurationReference;

  constructor(scope: Construct, id: string, loggingConfigurationArn: string) {
    super(scope, id);
    this.loggingConfigurationRef = { loggingConfigurationArn };
  }
}

interface BadInput {
  /** What is wrong. */
  readonly name: string;
  /** Defines it in a new stack. */
  readonly define: (stack: Stack) => void;
  /**
   * The exact message. Thrown by the constructor, except for checks that need the whole construct tree
   * (tags arrive through aspects, logging configurations through `addLoggingConfiguration`): those are
   * node validations, which fail the synthesis of the construct at `validatedAt`.
   */
  readonly message: string;
  readonly validatedAt?: string;
  /** The same input as the handler receives it, when it reaches deploy time at all. */
  readonly deployed?: { readonly type: string; readonly properties: Record<string, unknown>; readonly message: string };
}

const room = (props: RoomProps) => (stack: Stack) => new Room(stack, 'Room', props);
const roomTags = (tags: Array<[string, string]>) => (stack: Stack) => {
  const tagged = new Room(stack, 'Room');
  tags.forEach(([key, value]) => Tags.of(tagged).add(key, value));
};
const reviewHandler = (arn: string, fallbackResult?: string) => (stack: Stack) => new Room(stack, 'Room', {
  messageReviewHandler: { handler: lambda.Function.fromFunctionArn(stack, 'Review', arn), fallbackResult: fallbackResult as FallbackResult },
});
const configurations = (...arns: string[]) => (stack: Stack) => new Room(stack, 'Room', {
  loggingConfigurations: arns.map((arn, i) => LoggingConfiguration.fromLoggingConfigurationArn(stack, `Config${i}`, arn)),
});
const cloudWatchLogs = (logGroupName: string) => (stack: Stack) => new LoggingConfiguration(stack, 'Config', {
  destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', logGroupName)),
});
const S3_DESTINATION = { DestinationConfiguration: { S3: { BucketName: 'chat-logs' } } };

function deployedRoom(properties: Record<string, unknown>, message: string): BadInput['deployed'] {
  return { type: ROOM, properties, message };
}

function deployedConfiguration(properties: Record<string, unknown>, message: string): BadInput['deployed'] {
  return { type: LOGGING_CONFIGURATION, properties: { ...S3_DESTINATION, ...properties }, message };
}

const FIFTY_ONE_TAGS = Array.from({ length: 51 }, (_, i): [string, string] => [`key${i}`, 'value']);

const BAD_INPUTS: BadInput[] = [
  // Room: names, lengths, rates, non-integers
  {
    name: 'a room name of 129 characters',
    define: room({ roomName: 'r'.repeat(129) }),
    message: '`roomName` must be at most 128 characters, got: 129.',
    deployed: deployedRoom({ Name: 'r'.repeat(129) }, 'Name must be at most 128 characters, got: 129.'),
  },
  {
    name: 'a room name with a space',
    define: room({ roomName: 'lobby room' }),
    message: "`roomName` may contain only letters, digits, hyphens and underscores, got: 'lobby room'.",
    deployed: deployedRoom({ Name: 'lobby room' }, "Name may contain only letters, digits, hyphens and underscores, got: 'lobby room'."),
  },
  {
    name: 'a room name with a letter outside ASCII',
    define: room({ roomName: 'café' }),
    message: "`roomName` may contain only letters, digits, hyphens and underscores, got: 'café'.",
    deployed: deployedRoom({ Name: 'café' }, "Name may contain only letters, digits, hyphens and underscores, got: 'café'."),
  },
  {
    name: 'a maximum message length of 0',
    define: room({ maximumMessageLength: 0 }),
    message: '`maximumMessageLength` must be an integer between 1 and 500, got: 0.',
    deployed: deployedRoom({ MaximumMessageLength: '0' }, 'MaximumMessageLength must be an integer between 1 and 500, got: 0.'),
  },
  {
    name: 'a maximum message length of 501',
    define: room({ maximumMessageLength: 501 }),
    message: '`maximumMessageLength` must be an integer between 1 and 500, got: 501.',
    deployed: deployedRoom({ MaximumMessageLength: '501' }, 'MaximumMessageLength must be an integer between 1 and 500, got: 501.'),
  },
  {
    name: 'a negative maximum message length',
    define: room({ maximumMessageLength: -1 }),
    message: '`maximumMessageLength` must be an integer between 1 and 500, got: -1.',
    deployed: deployedRoom({ MaximumMessageLength: '-1' }, 'MaximumMessageLength must be an integer between 1 and 500, got: -1.'),
  },
  {
    name: 'a maximum message length that is not an integer',
    define: room({ maximumMessageLength: 1.5 }),
    message: '`maximumMessageLength` must be an integer between 1 and 500, got: 1.5.',
    deployed: deployedRoom({ MaximumMessageLength: '1.5' }, 'MaximumMessageLength must be an integer between 1 and 500, got: 1.5.'),
  },
  {
    name: 'a maximum message length that is not a number',
    define: room({ maximumMessageLength: NaN }),
    message: '`maximumMessageLength` must be an integer between 1 and 500, got: NaN.',
    deployed: deployedRoom({ MaximumMessageLength: 'NaN' }, 'MaximumMessageLength must be an integer between 1 and 500, got: NaN.'),
  },
  {
    name: 'a message rate of 0',
    define: room({ maximumMessageRatePerSecond: 0 }),
    message: '`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 0.',
    deployed: deployedRoom({ MaximumMessageRatePerSecond: '0' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 0.'),
  },
  {
    name: 'a message rate of 101 (above the API maximum)',
    define: room({ maximumMessageRatePerSecond: 101 }),
    message: '`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 101.',
    deployed: deployedRoom({ MaximumMessageRatePerSecond: '101' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 101.'),
  },
  {
    name: 'a message rate that is not an integer',
    define: room({ maximumMessageRatePerSecond: 2.5 }),
    message: '`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: 2.5.',
    deployed: deployedRoom({ MaximumMessageRatePerSecond: '2.5' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: 2.5.'),
  },
  {
    name: 'an infinite message rate',
    define: room({ maximumMessageRatePerSecond: Infinity }),
    message: '`maximumMessageRatePerSecond` must be an integer between 1 and 100, got: Infinity.',
    deployed: deployedRoom({ MaximumMessageRatePerSecond: 'Infinity' }, 'MaximumMessageRatePerSecond must be an integer between 1 and 100, got: Infinity.'),
  },

  // LoggingConfiguration: names and destination names
  {
    name: 'a logging configuration name of 129 characters',
    define: stack => new LoggingConfiguration(stack, 'Config', {
      loggingConfigurationName: 'l'.repeat(129), destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'chat-logs')),
    }),
    message: '`loggingConfigurationName` must be at most 128 characters, got: 129.',
    deployed: deployedConfiguration({ Name: 'l'.repeat(129) }, 'Name must be at most 128 characters, got: 129.'),
  },
  {
    name: 'a logging configuration name with a slash',
    define: stack => new LoggingConfiguration(stack, 'Config', {
      loggingConfigurationName: 'chat/logs', destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'chat-logs')),
    }),
    message: "`loggingConfigurationName` may contain only letters, digits, hyphens and underscores, got: 'chat/logs'.",
    deployed: deployedConfiguration({ Name: 'chat/logs' }, "Name may contain only letters, digits, hyphens and underscores, got: 'chat/logs'."),
  },
  {
    name: 'an S3 bucket name with capitals and an underscore (legacy names the API refuses)',
    define: stack => new LoggingConfiguration(stack, 'Config', { destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'Bucket', 'Chat_Logs')) }),
    message: "`bucket.bucketName` must be 3-63 characters of lowercase letters, digits, hyphens and dots, got: 'Chat_Logs'.",
    deployed: deployedConfiguration({ DestinationConfiguration: { S3: { BucketName: 'Chat_Logs' } } },
      "DestinationConfiguration.S3.BucketName must be 3-63 characters of lowercase letters, digits, hyphens and dots, got: 'Chat_Logs'."),
  },
  {
    name: 'a log group name with a space',
    define: cloudWatchLogs('chat logs'),
    message: "`logGroup.logGroupName` must be 1-512 characters of letters, digits and '.-_/#', got: 'chat logs'.",
    deployed: deployedConfiguration({ DestinationConfiguration: { CloudWatchLogs: { LogGroupName: 'chat logs' } } },
      "DestinationConfiguration.CloudWatchLogs.LogGroupName must be 1-512 characters of letters, digits and '.-_/#', got: 'chat logs'."),
  },
  {
    name: 'a log group name with a colon',
    define: cloudWatchLogs('/chat:logs'),
    message: "`logGroup.logGroupName` must be 1-512 characters of letters, digits and '.-_/#', got: '/chat:logs'.",
    deployed: deployedConfiguration({ DestinationConfiguration: { CloudWatchLogs: { LogGroupName: '/chat:logs' } } },
      "DestinationConfiguration.CloudWatchLogs.LogGroupName must be 1-512 characters of letters, digits and '.-_/#', got: '/chat:logs'."),
  },
  {
    name: 'a log group name of 513 characters',
    define: cloudWatchLogs(`/${'g'.repeat(512)}`),
    message: `\`logGroup.logGroupName\` must be 1-512 characters of letters, digits and '.-_/#', got: '/${'g'.repeat(512)}'.`,
    deployed: deployedConfiguration({ DestinationConfiguration: { CloudWatchLogs: { LogGroupName: `/${'g'.repeat(512)}` } } },
      `DestinationConfiguration.CloudWatchLogs.LogGroupName must be 1-512 characters of letters, digits and '.-_/#', got: '/${'g'.repeat(512)}'.`),
  },
  {
    name: 'a Firehose stream name of 65 characters',
    define: stack => new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 's'.repeat(65))),
    }),
    message: `\`deliveryStream.deliveryStreamName\` must be 1-64 characters of letters, digits and '_.-', got: '${'s'.repeat(65)}'.`,
    deployed: deployedConfiguration({ DestinationConfiguration: { Firehose: { DeliveryStreamName: 's'.repeat(65) } } },
      `DestinationConfiguration.Firehose.DeliveryStreamName must be 1-64 characters of letters, digits and '_.-', got: '${'s'.repeat(65)}'.`),
  },
  {
    name: 'a Firehose stream name with a slash',
    define: stack => new LoggingConfiguration(stack, 'Config', {
      destination: LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'chat/stream')),
    }),
    message: "`deliveryStream.deliveryStreamName` must be 1-64 characters of letters, digits and '_.-', got: 'chat/stream'.",
    deployed: deployedConfiguration({ DestinationConfiguration: { Firehose: { DeliveryStreamName: 'chat/stream' } } },
      "DestinationConfiguration.Firehose.DeliveryStreamName must be 1-64 characters of letters, digits and '_.-', got: 'chat/stream'."),
  },

  // Imports: a room ARN is never an input of the handler; a logging configuration ARN reaches it through a room.
  {
    name: 'a room import from something that is not an ARN',
    define: stack => Room.fromRoomArn(stack, 'Imported', 'lobby'),
    message: `${ROOM_ARN_USAGE} 'lobby'.`,
  },
  {
    name: 'a room import from a logging configuration ARN',
    define: stack => Room.fromRoomArn(stack, 'Imported', VALID_CONFIG_ARN),
    message: `${ROOM_ARN_USAGE} '${VALID_CONFIG_ARN}'.`,
  },
  {
    name: 'a room import from an IVS (not IVS Chat) ARN',
    define: stack => Room.fromRoomArn(stack, 'Imported', ROOM_ARN.replace(':ivschat:', ':ivs:')),
    message: `${ROOM_ARN_USAGE} '${ROOM_ARN.replace(':ivschat:', ':ivs:')}'.`,
  },
  {
    name: 'a room import with an 11-character id',
    define: stack => Room.fromRoomArn(stack, 'Imported', ROOM_ARN.slice(0, -1)),
    message: `${ROOM_ARN_USAGE} '${ROOM_ARN.slice(0, -1)}'.`,
  },
  {
    name: 'a room import with a 5-digit account',
    define: stack => Room.fromRoomArn(stack, 'Imported', ROOM_ARN.replace(ACCOUNT, '12345')),
    message: `${ROOM_ARN_USAGE} '${ROOM_ARN.replace(ACCOUNT, '12345')}'.`,
  },
  {
    name: 'a logging configuration import from a room ARN',
    define: stack => LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Imported', ROOM_ARN),
    message: `${ARN_USAGE('`loggingConfigurationArn`')} '${ROOM_ARN}'.`,
    deployed: deployedRoom({ LoggingConfigurationIdentifiers: [ROOM_ARN] }, `${ARN_USAGE('LoggingConfigurationIdentifiers[0]')} '${ROOM_ARN}'.`),
  },
  {
    name: 'a logging configuration import from an ARN without an id',
    define: stack => LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Imported', CONFIG_ARN(REGION, ACCOUNT, '')),
    message: `${ARN_USAGE('`loggingConfigurationArn`')} '${CONFIG_ARN(REGION, ACCOUNT, '')}'.`,
    deployed: deployedRoom({ LoggingConfigurationIdentifiers: [CONFIG_ARN(REGION, ACCOUNT, '')] },
      `${ARN_USAGE('LoggingConfigurationIdentifiers[0]')} '${CONFIG_ARN(REGION, ACCOUNT, '')}'.`),
  },

  // A room's logging configurations: count, kind, account and region.
  {
    name: 'a room with 4 logging configurations',
    define: configurations(...[1, 2, 3, 4].map(i => CONFIG_ARN(REGION, ACCOUNT, `abcdEFGH123${i}`))),
    message: 'A room can have at most 3 logging configurations, got: 4.',
    deployed: deployedRoom({ LoggingConfigurationIdentifiers: Array(4).fill(VALID_CONFIG_ARN) }, 'A room can have at most 3 logging configurations, got: 4.'),
  },
  {
    name: 'a room with a logging configuration of another region',
    define: configurations(CONFIG_ARN('eu-west-1', ACCOUNT, 'abcdEFGH1234')),
    message: "`loggingConfigurations[0]` must be in the room's region (us-east-1), got: eu-west-1.",
    deployed: deployedRoom({ LoggingConfigurationIdentifiers: [CONFIG_ARN('eu-west-1', ACCOUNT, 'abcdEFGH1234')] },
      "LoggingConfigurationIdentifiers[0] must be in the room's region (us-east-1), got: eu-west-1."),
  },
  {
    name: 'a room with a logging configuration of another account',
    define: configurations(VALID_CONFIG_ARN, CONFIG_ARN(REGION, '999999999999', 'abcdEFGH1234')),
    message: "`loggingConfigurations[1]` must be in the room's account (123456789012), got: 999999999999.",
    deployed: deployedRoom({ LoggingConfigurationIdentifiers: [VALID_CONFIG_ARN, CONFIG_ARN(REGION, '999999999999', 'abcdEFGH1234')] },
      "LoggingConfigurationIdentifiers[1] must be in the room's account (123456789012), got: 999999999999."),
  },
  {
    name: 'a room with a logging configuration reference whose ARN is not one',
    define: stack => new Room(stack, 'Room', { loggingConfigurations: [new LiteralLoggingConfigurationRef(stack, 'Config', 'chat-logs')] }),
    message: `${ARN_USAGE('`loggingConfigurations[0]`')} 'chat-logs'.`,
    deployed: deployedRoom({ LoggingConfigurationIdentifiers: ['chat-logs'] }, `${ARN_USAGE('LoggingConfigurationIdentifiers[0]')} 'chat-logs'.`),
  },

  // Tags: count, key length, the aws: prefix, value length
  {
    name: '51 tags on a room',
    define: roomTags(FIFTY_ONE_TAGS),
    message: 'An IVS Chat resource can have at most 50 tags, got: 51.',
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: FIFTY_ONE_TAGS.map(([Key, Value]) => ({ Key, Value })) }, 'An IVS Chat resource can have at most 50 tags, got: 51.'),
  },
  {
    name: '51 tags on a logging configuration',
    define: stack => {
      const config = cloudWatchLogs('/chat')(stack);
      FIFTY_ONE_TAGS.forEach(([key, value]) => Tags.of(config).add(key, value));
    },
    message: 'An IVS Chat resource can have at most 50 tags, got: 51.',
    validatedAt: 'Chat/Config',
    deployed: deployedConfiguration({ Tags: FIFTY_ONE_TAGS.map(([Key, Value]) => ({ Key, Value })) }, 'An IVS Chat resource can have at most 50 tags, got: 51.'),
  },
  {
    name: 'an empty tag key',
    define: roomTags([['', 'value']]),
    message: "Tag keys must be 1-128 characters, got 0 characters: ''.",
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: [{ Key: '', Value: 'value' }] }, "Tag keys must be 1-128 characters, got 0 characters: ''."),
  },
  {
    name: 'a tag key of 129 characters',
    define: roomTags([['k'.repeat(129), 'value']]),
    message: `Tag keys must be 1-128 characters, got 129 characters: '${'k'.repeat(129)}'.`,
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: [{ Key: 'k'.repeat(129), Value: 'value' }] }, `Tag keys must be 1-128 characters, got 129 characters: '${'k'.repeat(129)}'.`),
  },
  {
    name: 'a tag key with the aws: prefix',
    define: roomTags([['aws:team', 'chat']]),
    message: "Tag keys must not start with 'aws:' (reserved for AWS), got: 'aws:team'.",
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: [{ Key: 'aws:team', Value: 'chat' }] }, "Tag keys must not start with 'aws:' (reserved for AWS), got: 'aws:team'."),
  },
  {
    name: 'a tag key with the AWS: prefix in capitals',
    define: roomTags([['AWS:team', 'chat']]),
    message: "Tag keys must not start with 'aws:' (reserved for AWS), got: 'AWS:team'.",
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: [{ Key: 'AWS:team', Value: 'chat' }] }, "Tag keys must not start with 'aws:' (reserved for AWS), got: 'AWS:team'."),
  },
  {
    name: 'a tag value of 257 characters',
    define: roomTags([['team', 'v'.repeat(257)]]),
    message: "The value of tag 'team' must be at most 256 characters, got: 257.",
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: [{ Key: 'team', Value: 'v'.repeat(257) }] }, "The value of tag 'team' must be at most 256 characters, got: 257."),
  },
  {
    name: 'a tag value of 257 emoji (counted in characters)',
    define: roomTags([['team', '😀'.repeat(257)]]),
    message: "The value of tag 'team' must be at most 256 characters, got: 257.",
    validatedAt: 'Chat/Room',
    deployed: deployedRoom({ Tags: [{ Key: 'team', Value: '😀'.repeat(257) }] }, "The value of tag 'team' must be at most 256 characters, got: 257."),
  },

  // Review handlers: account, region, ARN length, fallback
  {
    name: 'a review handler in another region',
    define: reviewHandler(FUNCTION_ARN('eu-west-1', ACCOUNT, 'review')),
    message: "`messageReviewHandler.handler` must be in the room's region (us-east-1), got: eu-west-1.",
    deployed: deployedRoom({ MessageReviewHandler: { Uri: FUNCTION_ARN('eu-west-1', ACCOUNT, 'review'), FallbackResult: 'ALLOW' } },
      "MessageReviewHandler.Uri must be in the room's region (us-east-1), got: eu-west-1."),
  },
  {
    name: 'a review handler in another account',
    define: reviewHandler(FUNCTION_ARN(REGION, '999999999999', 'review')),
    message: "`messageReviewHandler.handler` must be in the room's account (123456789012), got: 999999999999.",
    deployed: deployedRoom({ MessageReviewHandler: { Uri: FUNCTION_ARN(REGION, '999999999999', 'review'), FallbackResult: 'ALLOW' } },
      "MessageReviewHandler.Uri must be in the room's account (123456789012), got: 999999999999."),
  },
  {
    name: 'a review handler ARN of 171 characters',
    define: reviewHandler(TOO_LONG_FUNCTION_ARN),
    message: '`messageReviewHandler.handler` must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) '
      + `of at most 170 characters, got: '${TOO_LONG_FUNCTION_ARN}'.`,
    deployed: deployedRoom({ MessageReviewHandler: { Uri: TOO_LONG_FUNCTION_ARN, FallbackResult: 'ALLOW' } },
      'MessageReviewHandler.Uri must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) '
      + `of at most 170 characters, got: '${TOO_LONG_FUNCTION_ARN}'.`),
  },
  {
    name: 'a review fallback that is neither ALLOW nor DENY',
    define: reviewHandler(FUNCTION_ARN(REGION, ACCOUNT, 'review'), 'MAYBE'),
    message: "`messageReviewHandler.fallbackResult` must be one of ALLOW, DENY, got: 'MAYBE'.",
    deployed: deployedRoom({ MessageReviewHandler: { Uri: FUNCTION_ARN(REGION, ACCOUNT, 'review'), FallbackResult: 'MAYBE' } },
      "MessageReviewHandler.FallbackResult must be one of ALLOW, DENY, got: 'MAYBE'."),
  },
  {
    name: 'a review fallback in lowercase',
    define: reviewHandler(FUNCTION_ARN(REGION, ACCOUNT, 'review'), 'deny'),
    message: "`messageReviewHandler.fallbackResult` must be one of ALLOW, DENY, got: 'deny'.",
    deployed: deployedRoom({ MessageReviewHandler: { Uri: FUNCTION_ARN(REGION, ACCOUNT, 'review'), FallbackResult: 'deny' } },
      "MessageReviewHandler.FallbackResult must be one of ALLOW, DENY, got: 'deny'."),
  },
];

const DEPLOYED = BAD_INPUTS.filter(input => input.deployed !== undefined);

test('the table holds distinct inputs, at least 30, most of them also checked at deploy time', () => {
  expect(new Set(BAD_INPUTS.map(input => input.name)).size).toBe(BAD_INPUTS.length);
  expect(new Set(DEPLOYED.map(input => JSON.stringify(input.deployed))).size).toBe(DEPLOYED.length);
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
  expect(DEPLOYED.length).toBeGreaterThanOrEqual(30);
});

describe('rejected at synth with the exact message', () => {
  test.each(BAD_INPUTS.filter(input => input.validatedAt === undefined))('$name', ({ define, message }) => {
    expect(() => define(newStack())).toThrow(exactly(message));
  });

  test.each(BAD_INPUTS.filter(input => input.validatedAt !== undefined))('$name (a node validation)', ({ define, message, validatedAt }) => {
    const stack = newStack();
    define(stack);
    expect(() => Template.fromStack(stack)).toThrow(exactly(`Validation failed with the following errors:\n  [${validatedAt}] ${message}`));
  });
});

describe('rejected at deploy time by the bundled handler, naming the property, before any call', () => {
  let emulator: IvsChatEmulator;
  let handler: Handler;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    emulator = await startEmulator();
    handler = loadBundle();
  });
  beforeEach(() => emulator.reset());
  afterAll(async () => {
    process.env = savedEnv;
    await emulator.stop();
  });

  test.each(DEPLOYED)('$name', async ({ deployed }) => {
    const { type, properties, message } = deployed!;
    const physicalId = type === ROOM ? ROOM_ARN : VALID_CONFIG_ARN;
    const valid = type === ROOM ? {} : S3_DESTINATION;

    const created = await rejectionOf(handler(createEvent(type, properties)));
    const updated = await rejectionOf(handler(updateEvent(type, physicalId, properties, valid)));

    expect(created.message).toBe(message);
    expect(updated.message).toBe(message);
    expect(emulator.writeCallCount()).toBe(0);
    expect(emulator.callCount()).toBe(0);
  });
});

describe('values at the limits are accepted by the constructs, the handler and the service alike', () => {
  let emulator: IvsChatEmulator;
  let handler: Handler;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    emulator = await startEmulator();
    handler = loadBundle();
  });
  beforeEach(() => {
    emulator.reset();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    process.env = savedEnv;
    await emulator.stop();
  });

  test.each([
    ['a name of 128 characters', room({ roomName: 'r'.repeat(128) }), { Name: 'r'.repeat(128) }, { name: 'r'.repeat(128) }],
    ['the extremes of length and rate', room({ maximumMessageLength: 500, maximumMessageRatePerSecond: 100 }),
      { MaximumMessageLength: '500', MaximumMessageRatePerSecond: '100' }, { maximumMessageLength: 500, maximumMessageRatePerSecond: 100 }],
    ['a tag key of 128 emoji and a value of 256 emoji', roomTags([['🔑'.repeat(128), '😀'.repeat(256)]]),
      { Tags: [{ Key: '🔑'.repeat(128), Value: '😀'.repeat(256) }] }, { tags: { ['🔑'.repeat(128)]: '😀'.repeat(256) } }],
    ['an empty tag value', roomTags([['team', '']]), { Tags: [{ Key: 'team', Value: '' }] }, { tags: { team: '' } }],
    ['a review handler ARN of 170 characters', reviewHandler(FUNCTION_ARN(REGION, ACCOUNT, 'f'.repeat(123))),
      { MessageReviewHandler: { Uri: FUNCTION_ARN(REGION, ACCOUNT, 'f'.repeat(123)), FallbackResult: 'ALLOW' } },
      { messageReviewHandler: { uri: FUNCTION_ARN(REGION, ACCOUNT, 'f'.repeat(123)), fallbackResult: 'ALLOW' } }],
  ])('%s', async (_, define, properties, expected) => {
    const stack = newStack();
    define(stack);
    expect(() => Template.fromStack(stack)).not.toThrow();

    await handler(createEvent(ROOM, properties));

    expect(emulator.rooms()).toEqual([expect.objectContaining(expected)]);
  });
});
