/**
 * The example chat app: a room with a message review handler, logging to CloudWatch Logs, a backend
 * that vends chat tokens and a moderation role. `npx projen example` synthesizes it into cdk.out/.
 */
import { App, Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FallbackResult, LoggingConfiguration, LoggingDestination, Room } from '../src';

/** Denies messages that contain a word of the deny-list; answers well within the 200 ms limit. */
const REVIEW_HANDLER_CODE = `
const DENY_LIST = (process.env.DENY_LIST || '').split(',').filter(Boolean);
exports.handler = async (event) => {
  const content = String(event.Content || '').toLowerCase();
  const denied = DENY_LIST.some((word) => content.includes(word));
  return { ReviewResult: denied ? 'DENY' : 'ALLOW', Content: event.Content, Attributes: event.Attributes };
};`;

export class ChatAppStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const reviewHandler = nodeFunction(this, 'ReviewHandler', {
      code: REVIEW_HANDLER_CODE,
      timeout: Duration.seconds(1),
      environment: { DENY_LIST: 'spam,scam' },
    });

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

    // The backend that authenticates users and vends chat tokens.
    const tokenVendor = nodeFunction(this, 'TokenVendor', {
      code: 'exports.handler = async () => ({ statusCode: 501 });',
      environment: { ROOM_ARN: room.roomArn },
    });
    room.grantCreateChatToken(tokenVendor);

    const moderators = new iam.Role(this, 'Moderators', { assumedBy: new iam.AccountRootPrincipal() });
    room.grantModerate(moderators);
    room.grantRead(moderators);

  }
}

/** A Node.js function whose role may write to its own log group and nothing else (no managed policy). */
interface NodeFunctionProps {
  readonly code: string;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
}

function nodeFunction(scope: Construct, id: string, props: NodeFunctionProps): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(props.code),
    timeout: props.timeout,
    environment: props.environment,
    role,
    logGroup,
  });
}

if (require.main === module) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  new ChatAppStack(app, 'ExampleChatApp');
  app.synth();
}
