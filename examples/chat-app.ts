/**
 * The example chat app: a room with the reference message review handler, logging to CloudWatch Logs, a
 * token vendor behind an IAM-authenticated function URL for users and one for moderators, a moderation role, and
 * alarms on the chat metrics.
 * `npx projen example` synthesizes it into cdk.out/.
 */
import * as path from 'path';
import { App, CfnOutput, Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as esbuild from 'esbuild';
import {
  ChatMetrics, ChatTokenCapability, ChatTokenVendor, FallbackResult, LoggingConfiguration, LoggingDestination, Room, UserIdSource,
} from '../src';
import { DENY_LIST, MASK_LIST } from './chat-policy';

export class ChatAppStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const reviewHandler = reviewFunction(this, 'ReviewHandler');

    const chatLogs = new logs.LogGroup(this, 'ChatLogs', {
      logGroupName: '/aws/vendedlogs/ivschat/example-chat-app',
      retention: logs.RetentionDays.ONE_MONTH,
    });
    const logging = new LoggingConfiguration(this, 'ChatLogging', {
      loggingConfigurationName: 'example-chat-logs',
      destination: LoggingDestination.cloudWatchLogs(chatLogs),
    });

    const room = new Room(this, 'Lobby', {
      roomName: 'lobby',
      maximumMessageLength: 300,
      maximumMessageRatePerSecond: 20,
      messageReviewHandler: { handler: reviewHandler, fallbackResult: FallbackResult.DENY },
      loggingConfigurations: [logging],
    });
    Tags.of(room).add('app', 'example-chat');

    // Signed-in users (for example the authenticated role of a Cognito identity pool) get their tokens here.
    const tokenVendor = new ChatTokenVendor(this, 'TokenVendor', {
      room,
      capabilities: [ChatTokenCapability.SEND_MESSAGE],
      sessionDuration: Duration.minutes(120),
      userIdSource: UserIdSource.iamPrincipal(),
    });
    // The vendor takes the caller's ARN as the user id; for an assumed role that ends with the session name, which
    // the caller chooses. IAM users of the account may assume this role only with their own user name as the session
    // name, so nobody can get tokens as somebody else. (Cognito identity pool users get their identity ID instead.)
    const ownSessionName = new iam.AccountRootPrincipal().withConditions({ StringLike: { 'sts:RoleSessionName': '${aws:username}' } });
    const chatUsers = new iam.Role(this, 'ChatUsers', { assumedBy: ownSessionName });
    tokenVendor.grantInvokeUrl(chatUsers);

    // Moderators chat with tokens that may also delete messages and disconnect users, and their backend may do both
    // (and send events) through the API.
    const moderators = new iam.Role(this, 'Moderators', { assumedBy: ownSessionName });
    const moderatorTokenVendor = new ChatTokenVendor(this, 'ModeratorTokenVendor', {
      room,
      capabilities: [ChatTokenCapability.SEND_MESSAGE, ChatTokenCapability.DELETE_MESSAGE, ChatTokenCapability.DISCONNECT_USER],
      userIdSource: UserIdSource.iamPrincipal(),
    });
    moderatorTokenVendor.grantInvokeUrl(moderators);
    room.grantModerate(moderators);
    room.grantRead(moderators);

    room.metricReviewHandlerInvocationErrors().createAlarm(this, 'ReviewHandlerErrors', {
      alarmDescription: 'The review handler fails or times out: messages get the fallback result (DENY).',
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    ChatMetrics.concurrentChatConnections().createAlarm(this, 'ConnectionsNearQuota', {
      alarmDescription: 'Concurrent chat connections above 80% of the 50,000 default quota.',
      threshold: 40_000,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, 'TokenVendorUrl', { value: tokenVendor.url });
    new CfnOutput(this, 'ModeratorTokenVendorUrl', { value: moderatorTokenVendor.url });
  }
}

/**
 * The reference review handler, bundled from review-handler.ts by esbuild at synth time into inline code:
 * the handler is plain TypeScript with its own helpers, which `Function.prototype.toString()` would lose,
 * and inline code needs no asset upload (it is about 1 KB).
 */
function reviewFunction(scope: Construct, id: string): lambda.Function {
  const bundle = esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'review-handler.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
  // Its own role: write to its log group and nothing else (no managed policy).
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: lambda.Code.fromInline(bundle.outputFiles[0].text),
    // IVS Chat waits 200 ms; the function's own timeout only bounds a stuck invocation.
    timeout: Duration.seconds(1),
    memorySize: 256,
    environment: { DENY_LIST: DENY_LIST.join(','), MASK_LIST: MASK_LIST.join(',') },
    role,
    logGroup,
  });
}

if (require.main === module) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  new ChatAppStack(app, 'ExampleChatApp');
  app.synth();
}
