/**
 * An app as a user of the published package writes it: it imports `cdk-ivs-chat` from node_modules (the npm
 * tarball) and uses every public construct. test/consumer/run.ts installs it next to the minimum and the newest
 * aws-cdk-lib, type-checks it, synthesizes it and lints the templates.
 */
import { App, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ChatMetrics, ChatTokenCapability, ChatTokenVendor, FallbackResult, LoggingConfiguration, LoggingDestination,
  MessagingAction, Room, RoomGrants, UserIdSource,
} from 'cdk-ivs-chat';

const app = new App();
const stack = new Stack(app, 'ConsumerChatApp');

const reviewHandler = new lambda.Function(stack, 'ReviewHandler', {
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async (request) => ({ ReviewResult: "ALLOW", Content: request.Content });'),
  timeout: Duration.seconds(1),
});

// The three destination kinds, owned and imported, L2 and L1.
const bucket = new s3.Bucket(stack, 'ChatArchive', {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
});
const logGroup = new logs.LogGroup(stack, 'ChatLogs', { retention: logs.RetentionDays.ONE_MONTH });
const streamBucket = new s3.Bucket(stack, 'StreamBucket', { enforceSSL: true });
const stream = new firehose.DeliveryStream(stack, 'ChatStream', {
  destination: new firehose.S3Bucket(streamBucket),
});
const streamRole = new iam.Role(stack, 'L1StreamRole', { assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com') });
streamBucket.grantReadWrite(streamRole);
const l1Stream = new firehose.CfnDeliveryStream(stack, 'L1ChatStream', {
  deliveryStreamType: 'DirectPut',
  s3DestinationConfiguration: { bucketArn: streamBucket.bucketArn, roleArn: streamRole.roleArn },
});

const toS3 = new LoggingConfiguration(stack, 'ToS3', {
  loggingConfigurationName: 'to-s3',
  destination: LoggingDestination.s3(bucket),
});
const toLogs = new LoggingConfiguration(stack, 'ToLogs', { destination: LoggingDestination.cloudWatchLogs(logGroup) });
const toFirehose = new LoggingConfiguration(stack, 'ToFirehose', { destination: LoggingDestination.firehose(stream) });
const toL1Firehose = new LoggingConfiguration(stack, 'ToL1Firehose', {
  destination: LoggingDestination.firehose(l1Stream),
  removalPolicy: RemovalPolicy.RETAIN,
});
new LoggingConfiguration(stack, 'ToImportedBucket', {
  destination: LoggingDestination.s3(s3.Bucket.fromBucketName(stack, 'ImportedBucket', 'existing-chat-archive')),
});
new LoggingConfiguration(stack, 'ToImportedLogGroup', {
  destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'ImportedLogs', 'existing-chat-logs')),
});
new LoggingConfiguration(stack, 'ToImportedStream', {
  destination: LoggingDestination.firehose(firehose.DeliveryStream.fromDeliveryStreamName(stack, 'ImportedStream', 'existing-chat-stream')),
});
Tags.of(toS3).add('team', 'chat');

const lobby = new Room(stack, 'Lobby', {
  roomName: 'lobby',
  maximumMessageLength: 300,
  maximumMessageRatePerSecond: 50,
  messageReviewHandler: { handler: reviewHandler, fallbackResult: FallbackResult.DENY },
  loggingConfigurations: [toS3, toLogs],
});
lobby.addLoggingConfiguration(toFirehose);
Tags.of(lobby).add('app', 'consumer');

const l1Config = new ivschat.CfnLoggingConfiguration(stack, 'L1Logging', {
  destinationConfiguration: { cloudWatchLogs: { logGroupName: logGroup.logGroupName } },
});
new Room(stack, 'Side', { loggingConfigurations: [toL1Firehose, l1Config], removalPolicy: RemovalPolicy.RETAIN });
const l1Room = new ivschat.CfnRoom(stack, 'L1Room', { maximumMessageRatePerSecond: 5 });

// Imports, grants and metrics.
const imported = Room.fromRoomArn(stack, 'Imported', 'arn:aws:ivschat:us-east-1:123456789012:room/g1H2I3j4k5L6');
const importedConfig = LoggingConfiguration.fromLoggingConfigurationArn(stack, 'ImportedConfig',
  'arn:aws:ivschat:us-east-1:123456789012:logging-configuration/a1B2c3D4e5F6');

const moderators = new iam.Role(stack, 'Moderators', { assumedBy: new iam.AccountRootPrincipal() });
lobby.grantModerate(moderators);
lobby.grantRead(moderators);
lobby.grantSendEvent(moderators);
lobby.grantDeleteMessage(moderators);
lobby.grantDisconnectUser(moderators);
lobby.grants.actions(moderators, ['ivschat:GetRoom'], { resourceArns: [lobby.roomArn] });
imported.grantRead(moderators);
toLogs.grantRead(moderators);
importedConfig.grantRead(moderators);
RoomGrants.fromRoom(l1Room).createChatToken(moderators);

const vendor = new ChatTokenVendor(stack, 'TokenVendor', {
  room: lobby,
  capabilities: [ChatTokenCapability.SEND_MESSAGE, ChatTokenCapability.DELETE_MESSAGE],
  sessionDuration: Duration.minutes(30),
  userIdSource: UserIdSource.iamPrincipal(),
  attributes: { tier: 'consumer' },
});
const chatUsers = new iam.Role(stack, 'ChatUsers', { assumedBy: new iam.AccountRootPrincipal() });
vendor.grantInvokeUrl(chatUsers);
new ChatTokenVendor(stack, 'L1RoomVendor', { room: l1Room, capabilities: [] });

lobby.metricReviewHandlerInvocationErrors().createAlarm(stack, 'ReviewErrors', {
  threshold: 1,
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});
ChatMetrics.concurrentChatConnections().createAlarm(stack, 'ConnectionsNearQuota', { threshold: 40_000, evaluationPeriods: 1 });
ChatMetrics.requests({ action: MessagingAction.SEND_MESSAGE }).createAlarm(stack, 'Busy', { threshold: 10_000, evaluationPeriods: 1 });
toLogs.metricLogDestinationErrors().createAlarm(stack, 'LogErrors', { threshold: 1, evaluationPeriods: 1 });

app.synth();
