import { IResource, ITaggable, Names, Resource, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { ChatResourceProps } from './chat-resource-props';
import { ChatMetrics } from './metrics';
import { ChatResourceElement, importChatResource, renderTags, tagManagerOf } from './private/chat-resource';
import { addResourceDependency } from './private/dependencies';
import { MessageReviewHandlerProperty, RoomResourceProperties } from './private/resource-properties';
import * as rules from './private/service-rules';
import { fail, validate, validateIntegerRange, validateSameEnvironment } from './private/synth-validation';
import { RoomGrants } from './room-grants';

/**
 * An Amazon IVS Chat room.
 */
export interface IRoom extends IResource, ivschat.IRoomRef {
  /**
   * The room's ARN, for example `arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6`.
   *
   * @attribute
   */
  readonly roomArn: string;

  /**
   * The room's ID, the last part of its ARN (12 characters).
   *
   * @attribute
   */
  readonly roomId: string;

  /**
   * Grants on this room, all scoped to its ARN.
   */
  readonly grants: RoomGrants;

  /**
   * Grants `ivschat:CreateChatToken` on this room.
   */
  grantCreateChatToken(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:SendEvent` on this room.
   */
  grantSendEvent(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:DeleteMessage` on this room.
   */
  grantDeleteMessage(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:DisconnectUser` on this room.
   */
  grantDisconnectUser(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants moderation on this room: `ivschat:DeleteMessage`, `ivschat:DisconnectUser`, `ivschat:SendEvent`.
   */
  grantModerate(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `ivschat:GetRoom` and `ivschat:ListTagsForResource` on this room.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/**
 * What the room does with a message when its review handler fails, times out (200 ms) or answers
 * something invalid.
 */
export enum FallbackResult {
  /** Deliver the message. */
  ALLOW = 'ALLOW',
  /** Drop the message. */
  DENY = 'DENY',
}

/**
 * A Lambda function that reviews every message before it is delivered: it can allow, deny or
 * rewrite it. It must be in the room's account and region and answer within 200 ms.
 */
export interface MessageReviewHandler {
  /**
   * The function. The room grants `ivschat.amazonaws.com` permission to invoke it, for rooms of this
   * stack's account and region.
   */
  readonly handler: lambda.IFunction;

  /**
   * What to do with a message when the handler fails.
   *
   * @default FallbackResult.ALLOW
   */
  readonly fallbackResult?: FallbackResult;
}

/**
 * Properties of a `Room`.
 */
export interface RoomProps extends ChatResourceProps {
  /**
   * The room's name: up to 128 letters, digits, hyphens and underscores. Not unique: the ARN identifies the room.
   *
   * @default - the service leaves it empty
   */
  readonly roomName?: string;

  /**
   * The maximum number of characters in a single message (1-500), counted in Unicode code points: most emojis
   * count as 1, composed ones (skin tones, joined sequences) as several.
   *
   * @default 500
   */
  readonly maximumMessageLength?: number;

  /**
   * The maximum number of messages per second that the room accepts from all its clients (1-100).
   *
   * The CloudFormation resource `AWS::IVSChat::Room` caps this at 10; this construct calls the API,
   * which allows up to 100.
   *
   * @default 10
   */
  readonly maximumMessageRatePerSecond?: number;

  /**
   * A Lambda function that reviews messages before they are delivered.
   *
   * @default - messages are delivered without review
   */
  readonly messageReviewHandler?: MessageReviewHandler;

  /**
   * Where the room's messages are logged: at most 3 logging configurations, ours or `CfnLoggingConfiguration`s.
   * More can be added with `addLoggingConfiguration`.
   *
   * @default - messages are not logged
   */
  readonly loggingConfigurations?: ivschat.ILoggingConfigurationRef[];

}

/**
 * What every room, owned or imported, offers: grants and the `IRoomRef` reference.
 */
abstract class RoomBase extends Resource implements IRoom {
  public abstract readonly roomArn: string;
  public abstract readonly roomId: string;

  /**
   * Grants on this room, all scoped to its ARN.
   */
  public readonly grants: RoomGrants = RoomGrants.fromRoom(this);

  /**
   * A reference to this room, for APIs that take an `IRoomRef`.
   */
  public get roomRef(): ivschat.RoomReference {
    return { roomArn: this.roomArn };
  }

  public grantCreateChatToken(grantee: iam.IGrantable): iam.Grant {
    return this.grants.createChatToken(grantee);
  }

  public grantSendEvent(grantee: iam.IGrantable): iam.Grant {
    return this.grants.sendEvent(grantee);
  }

  public grantDeleteMessage(grantee: iam.IGrantable): iam.Grant {
    return this.grants.deleteMessage(grantee);
  }

  public grantDisconnectUser(grantee: iam.IGrantable): iam.Grant {
    return this.grants.disconnectUser(grantee);
  }

  public grantModerate(grantee: iam.IGrantable): iam.Grant {
    return this.grants.moderate(grantee);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grants.read(grantee);
  }
}

/**
 * An Amazon IVS Chat room, created through the IVS Chat API by the stack's custom-resource provider.
 *
 * Unlike `CfnRoom`, it reaches the API's full message rate (up to 100 per second), grants
 * least-privilege access, and sets up its review handler's invoke permission.
 *
 * @resource Custom::IvsChatRoom
 */
export class Room extends RoomBase implements ITaggable {
  /**
   * Imports an existing room by its ARN.
   */
  public static fromRoomArn(scope: Construct, id: string, roomArn: string): IRoom {
    return importChatResource(RoomBase, scope, id, 'room', '`roomArn`', roomArn, roomId => ({ roomArn, roomId }));
  }

  /**
   * The room's tags, set with `Tags.of(room).add(key, value)`.
   */
  public readonly tags: TagManager = tagManagerOf('room');

  private readonly loggingConfigurations: ivschat.ILoggingConfigurationRef[] = [];
  private readonly messageReviewHandler?: MessageReviewHandler;
  private readonly resource: ChatResourceElement;

  constructor(scope: Construct, id: string, props: RoomProps = {}) {
    super(scope, id);
    this.messageReviewHandler = props.messageReviewHandler;
    validate(rules.checkName, '`roomName`', props.roomName);
    validateIntegerRange('`maximumMessageLength`', props.maximumMessageLength, rules.MESSAGE_LENGTH_RANGE);
    validateIntegerRange('`maximumMessageRatePerSecond`', props.maximumMessageRatePerSecond, rules.MESSAGE_RATE_RANGE);
    // Checked here, so that the stack trace of a fourth configuration points at the user's line.
    for (const config of props.loggingConfigurations ?? []) {
      this.addLoggingConfiguration(config);
    }

    // The values as validated: a later change to `props` changes nothing.
    const { roomName, maximumMessageLength, maximumMessageRatePerSecond } = props;
    const reviewHandler = props.messageReviewHandler && this.reviewHandlerProperty(props.messageReviewHandler);
    this.resource = new ChatResourceElement(this, {
      type: 'room',
      // Tags and logging configurations as they are at synthesis, so that those added later are included.
      properties: (): RoomResourceProperties => ({
        Name: roomName,
        MaximumMessageLength: maximumMessageLength,
        MaximumMessageRatePerSecond: maximumMessageRatePerSecond,
        MessageReviewHandler: reviewHandler,
        LoggingConfigurationIdentifiers: this.loggingConfigurationArns(),
        Tags: renderTags(this.tags),
      }),
      removalPolicy: props.removalPolicy,
    });
    if (props.messageReviewHandler) {
      addResourceDependency(this.resource, this.invokePermission(props.messageReviewHandler.handler));
    }
  }

  public get roomArn(): string {
    return this.resource.attrArn;
  }

  public get roomId(): string {
    return this.resource.attrId;
  }

  /**
   * Logs the room's messages to this logging configuration as well: at most 3 per room, each once. The room refers
   * to it, so CloudFormation creates it first and deletes it last. The library accepts only configurations of the
   * room's account and region (checked here where known at synth time, otherwise by the handler).
   */
  public addLoggingConfiguration(config: ivschat.ILoggingConfigurationRef): void {
    const label = `\`loggingConfigurations[${this.loggingConfigurations.length}]\``;
    const arn = config.loggingConfigurationRef.loggingConfigurationArn;
    fail(rules.checkLoggingConfigurationCount(this.loggingConfigurations.length + 1));
    validate((l, v: string) => rules.checkIvsChatArn(l, v, 'logging-configuration'), label, arn);
    if (!Token.isUnresolved(arn)) {
      validateSameEnvironment(this, label, rules.environmentOfArn(arn));
    }
    if (this.loggingConfigurations.some(existing => existing === config || existing.loggingConfigurationRef.loggingConfigurationArn === arn)) {
      throw new Error(`${label} is already a logging configuration of this room: ${Token.isUnresolved(arn) ? config.node.path : arn}.`);
    }
    this.loggingConfigurations.push(config);
  }

  /**
   * `InvocationErrors` of the room's message review handler: invocations that failed or timed out (200 ms),
   * each answered with the room's fallback result. IVS Chat reports it per function (dimension `Uri`), so
   * it covers every room that shares the function.
   *
   * Sum over 5 minutes. Unlike most metric helpers, it throws when the room has no review handler: without one there
   * is no `Uri` to measure, and a metric that can never have data would leave its alarms in INSUFFICIENT_DATA.
   */
  public metricReviewHandlerInvocationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const reviewHandler = this.reviewHandlerFor('metricReviewHandlerInvocationErrors');
    return ChatMetrics.reviewHandlerInvocationErrors({ ...props, reviewHandler }).attachTo(this);
  }

  /**
   * `ResponseValidationErrors` of the room's message review handler: answers that were not a valid review
   * response, each replaced by the room's fallback result. IVS Chat reports it per function (dimension
   * `Uri`), so it covers every room that shares the function.
   *
   * Sum over 5 minutes. Throws when the room has no review handler, like `metricReviewHandlerInvocationErrors`.
   */
  public metricReviewHandlerResponseValidationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const reviewHandler = this.reviewHandlerFor('metricReviewHandlerResponseValidationErrors');
    return ChatMetrics.reviewHandlerResponseValidationErrors({ ...props, reviewHandler }).attachTo(this);
  }

  private loggingConfigurationArns(): string[] | undefined {
    const arns = this.loggingConfigurations.map(config => config.loggingConfigurationRef.loggingConfigurationArn);
    return arns.length > 0 ? arns : undefined;
  }

  private reviewHandlerFor(method: string): lambda.IFunction {
    if (!this.messageReviewHandler) {
      throw new Error(`\`${method}()\` measures the room's message review handler, and room '${this.node.path}' has none: set \`messageReviewHandler\`.`);
    }
    return this.messageReviewHandler.handler;
  }

  private reviewHandlerProperty(reviewHandler: MessageReviewHandler): MessageReviewHandlerProperty {
    const uri = reviewHandler.handler.functionArn;
    const fallback = reviewHandler.fallbackResult ?? FallbackResult.ALLOW;
    // jsii languages can pass any string where TypeScript sees the enum.
    fail(rules.checkFallbackResult('`messageReviewHandler.fallbackResult`', fallback));
    validate(rules.checkReviewHandlerUri, '`messageReviewHandler.handler`', uri);
    validateSameEnvironment(this, '`messageReviewHandler.handler`', reviewHandler.handler.env);
    return { Uri: uri, FallbackResult: fallback };
  }

  /**
   * One invoke permission per function and stack, whatever the number of rooms that share the function:
   * its SourceArn is the stack's `room/*` (a room's own ARN would be a circular dependency), and a
   * Lambda resource policy is limited to 20 KB.
   */
  private invokePermission(handler: lambda.IFunction): lambda.CfnPermission {
    const stack = Stack.of(this);
    const id = `IvsChatInvoke${Names.uniqueId(handler)}`;
    const existing = stack.node.tryFindChild(id);
    if (existing instanceof lambda.CfnPermission) {
      return existing;
    }
    return new lambda.CfnPermission(stack, id, {
      action: 'lambda:InvokeFunction',
      functionName: handler.functionArn,
      principal: 'ivschat.amazonaws.com',
      sourceAccount: stack.account,
      sourceArn: stack.formatArn({ service: 'ivschat', resource: 'room', resourceName: '*' }),
    });
  }
}
