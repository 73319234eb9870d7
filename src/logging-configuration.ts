import {
  IResource,
  ITaggable,
  RemovalPolicy,
  Resource,
  Stack,
  TagManager,
  TagType,
  Tags,
  Token,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';
import { Construct, IDependable } from 'constructs';
import { ChatMetrics } from './metrics';
import { IvsChatProvider } from './private/provider';
import { DestinationConfigurationProperty, LoggingConfigurationResourceProperties } from './private/resource-properties';
import * as rules from './private/rules';
import { parseIvsChatArn, tagErrors, validateName } from './private/validation';

const RESOURCE_TYPE = 'Custom::IvsChatLoggingConfiguration';

/** The service principal that writes chat logs to every destination type (CloudWatch Logs vended delivery). */
const LOG_DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';

/**
 * An Amazon IVS Chat logging configuration: where rooms that reference it log their messages.
 */
export interface ILoggingConfiguration extends IResource, ivschat.ILoggingConfigurationRef {
  /**
   * The logging configuration's ARN.
   *
   * @attribute
   */
  readonly loggingConfigurationArn: string;

  /**
   * The logging configuration's ID, the last part of its ARN (12 characters).
   *
   * @attribute
   */
  readonly loggingConfigurationId: string;

  /**
   * Grants the given IVS Chat actions on this logging configuration.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grants `ivschat:GetLoggingConfiguration` and `ivschat:ListTagsForResource` on this logging configuration.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of this logging configuration (namespace `AWS/IVSChat`, dimension `LoggingConfiguration`).
   *
   * Sum over 5 minutes, unless `props` say otherwise.
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationErrors`: messages that could not be delivered to the destination.
   *
   * Sum over 5 minutes.
   */
  metricDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationAccessDeniedError`: deliveries refused because the destination's policy does not let the
   * log-delivery service write.
   *
   * Sum over 5 minutes.
   */
  metricDestinationAccessDeniedErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationResourceNotFoundErrors`: deliveries to a destination that no longer exists.
   *
   * Sum over 5 minutes.
   */
  metricDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * The destination configuration a `LoggingDestination` renders; exactly one member is set.
 */
export interface LoggingDestinationConfig {
  /**
   * The S3 bucket's name.
   *
   * @default - not an S3 destination
   */
  readonly bucketName?: string;

  /**
   * The CloudWatch Logs log group's name.
   *
   * @default - not a CloudWatch Logs destination
   */
  readonly logGroupName?: string;

  /**
   * The Firehose delivery stream's name.
   *
   * @default - not a Firehose destination
   */
  readonly deliveryStreamName?: string;

  /**
   * What the logging configuration must be created after, such as the destination's resource policy.
   *
   * @default - nothing
   */
  readonly dependables?: IDependable[];
}

/**
 * Where a logging configuration delivers chat logs.
 */
export abstract class LoggingDestination {
  /**
   * An S3 bucket. Logs land under `AWSLogs/<account>/IVSChatLogs/`.
   *
   * For a bucket defined in this CDK app (in any of its stacks), this adds the bucket policy statements that let
   * `delivery.logs.amazonaws.com` write (what the service would otherwise add itself, rewriting a
   * CDK-managed policy and causing drift). For an imported bucket, the service adds them at
   * deployment if the deploying role may (`s3:PutBucketPolicy`), or you add them yourself.
   * Buckets encrypted with a customer managed KMS key also need a key policy for the principal.
   */
  public static s3(bucket: s3.IBucket): LoggingDestination {
    return new S3Destination(bucket);
  }

  /**
   * A CloudWatch Logs log group.
   *
   * For a log group defined in this CDK app (in any of its stacks), this adds a CloudWatch Logs resource policy that lets
   * `delivery.logs.amazonaws.com` create streams and put events in it. An account holds at most 10
   * resource policies per region: for an imported log group, the service adds or extends its own policy.
   */
  public static cloudWatchLogs(logGroup: logs.ILogGroup): LoggingDestination {
    return new CloudWatchLogsDestination(logGroup);
  }

  /**
   * A Kinesis Data Firehose delivery stream.
   *
   * For a delivery stream defined in this CDK app (in any of its stacks), this adds the tag `LogDeliveryEnabled: true`
   * that log delivery requires. For an imported stream, the service tags it at deployment
   * (`firehose:TagDeliveryStream`) or you tag it yourself.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): LoggingDestination {
    return new FirehoseDestination(deliveryStream);
  }

  /**
   * Renders the destination for the given logging configuration, setting up what delivery needs.
   */
  public abstract bind(scope: Construct): LoggingDestinationConfig;
}

class S3Destination extends LoggingDestination {
  constructor(private readonly bucket: s3.IBucket) {
    super();
  }

  public bind(scope: Construct): LoggingDestinationConfig {
    const bucketName = this.bucket.bucketName;
    validateDestinationName(rules.checkBucketName('`bucket.bucketName`', bucketName), bucketName);
    if (!Resource.isOwnedResource(this.bucket)) {
      return { bucketName };
    }
    const conditions = logDeliveryConditions(scope);
    const write = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`AWSLogs/${Stack.of(scope).account}/*`)],
      conditions: {
        StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: conditions.ArnLike,
      },
    }));
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['s3:GetBucketAcl'],
      resources: [this.bucket.bucketArn],
      conditions,
    }));
    return { bucketName, dependables: policyDependables(write) };
  }
}

class CloudWatchLogsDestination extends LoggingDestination {
  constructor(private readonly logGroup: logs.ILogGroup) {
    super();
  }

  public bind(scope: Construct): LoggingDestinationConfig {
    const logGroupName = this.logGroup.logGroupName;
    validateDestinationName(rules.checkLogGroupName('`logGroup.logGroupName`', logGroupName), logGroupName);
    if (!Resource.isOwnedResource(this.logGroup)) {
      return { logGroupName };
    }
    const result = this.logGroup.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
      conditions: logDeliveryConditions(scope),
    }));
    return { logGroupName, dependables: policyDependables(result) };
  }
}

class FirehoseDestination extends LoggingDestination {
  constructor(private readonly deliveryStream: firehose.IDeliveryStream) {
    super();
  }

  public bind(_scope: Construct): LoggingDestinationConfig {
    const deliveryStreamName = this.deliveryStream.deliveryStreamName;
    validateDestinationName(rules.checkDeliveryStreamName('`deliveryStream.deliveryStreamName`', deliveryStreamName), deliveryStreamName);
    if (Resource.isOwnedResource(this.deliveryStream)) {
      Tags.of(this.deliveryStream).add('LogDeliveryEnabled', 'true', { includeResourceTypes: ['AWS::KinesisFirehose::DeliveryStream'] });
    }
    return { deliveryStreamName, dependables: [this.deliveryStream] };
  }
}

/** The resource policy a statement went into, for the logging configuration to be created after it. */
function policyDependables(result: iam.AddToResourcePolicyResult): IDependable[] {
  return result.policyDependable ? [result.policyDependable] : [];
}

/** The confused-deputy guard that CloudWatch Logs vended delivery documents for its service principal. */
function logDeliveryConditions(scope: Construct): { StringEquals: Record<string, string>; ArnLike: Record<string, string> } {
  const stack = Stack.of(scope);
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
  };
}

function validateDestinationName(error: string | undefined, name: string): void {
  if (error !== undefined && !Token.isUnresolved(name)) {
    throw new Error(error);
  }
}

/**
 * Properties of a `LoggingConfiguration`.
 */
export interface LoggingConfigurationProps {
  /**
   * The logging configuration's name: up to 128 letters, digits, hyphens and underscores.
   *
   * @default - the service leaves it empty
   */
  readonly loggingConfigurationName?: string;

  /**
   * Where chat logs are delivered. Changing the destination (even its type) updates the
   * configuration in place: its ARN stays, and rooms keep logging to it.
   */
  readonly destination: LoggingDestination;

  /**
   * What happens to the logging configuration when it is removed from the stack or the stack is deleted.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * What every logging configuration, owned or imported, offers: grants, metrics and the reference.
 */
abstract class LoggingConfigurationBase extends Resource implements ILoggingConfiguration {
  public abstract readonly loggingConfigurationArn: string;
  public abstract readonly loggingConfigurationId: string;

  /**
   * A reference to this logging configuration, for APIs that take an `ILoggingConfigurationRef`.
   */
  public get loggingConfigurationRef(): ivschat.LoggingConfigurationReference {
    return { loggingConfigurationArn: this.loggingConfigurationArn };
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.loggingConfigurationArn] });
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'ivschat:GetLoggingConfiguration', 'ivschat:ListTagsForResource');
  }

  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return ChatMetrics.metric(metricName, {
      ...props,
      dimensionsMap: { ...props.dimensionsMap, LoggingConfiguration: this.loggingConfigurationArn },
    }).attachTo(this);
  }

  public metricDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }

  public metricDestinationAccessDeniedErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationAccessDeniedErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }

  public metricDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationResourceNotFoundErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }
}

/**
 * An Amazon IVS Chat logging configuration, created through the IVS Chat API by the stack's
 * custom-resource provider, which waits until it is ACTIVE.
 *
 * @resource Custom::IvsChatLoggingConfiguration
 */
export class LoggingConfiguration extends LoggingConfigurationBase implements ITaggable {
  /**
   * Imports an existing logging configuration by its ARN.
   */
  public static fromLoggingConfigurationArn(scope: Construct, id: string, loggingConfigurationArn: string): ILoggingConfiguration {
    const parts = parseIvsChatArn('`loggingConfigurationArn`', loggingConfigurationArn, 'logging-configuration');
    class Import extends LoggingConfigurationBase {
      public readonly loggingConfigurationArn = loggingConfigurationArn;
      public readonly loggingConfigurationId = parts.resourceName!;
    }
    return new Import(scope, id, { environmentFromArn: loggingConfigurationArn });
  }

  public readonly loggingConfigurationArn: string;
  public readonly loggingConfigurationId: string;

  /**
   * The state the handler saw last (`ACTIVE` once deployed).
   *
   * @attribute
   */
  public readonly loggingConfigurationState: string;

  /**
   * The logging configuration's tags, set with `Tags.of(config).add(key, value)`.
   */
  public readonly tags: TagManager = new TagManager(TagType.KEY_VALUE, RESOURCE_TYPE);

  constructor(scope: Construct, id: string, props: LoggingConfigurationProps) {
    super(scope, id);
    validateName('`loggingConfigurationName`', props.loggingConfigurationName);

    const provider = IvsChatProvider.of(this);
    const destination = props.destination.bind(this);

    const properties: LoggingConfigurationResourceProperties = {
      Name: props.loggingConfigurationName,
      DestinationConfiguration: destinationProperty(destination),
      Tags: this.tags.renderedTags as any,
    };
    const resource = provider.resource(this, RESOURCE_TYPE, properties, props.removalPolicy ?? RemovalPolicy.DESTROY);
    resource.node.addDependency(provider.loggingConfigurationPolicy(), ...destination.dependables ?? []);

    this.loggingConfigurationArn = Token.asString(resource.getAtt('Arn'));
    this.loggingConfigurationId = Token.asString(resource.getAtt('Id'));
    this.loggingConfigurationState = Token.asString(resource.getAtt('State'));
    this.node.addValidation({ validate: () => tagErrors(this.tags) });
  }
}

function destinationProperty(config: LoggingDestinationConfig): DestinationConfigurationProperty {
  const set = [config.bucketName, config.logGroupName, config.deliveryStreamName].filter(name => name !== undefined);
  if (set.length !== 1) {
    throw new Error(`A logging destination must set exactly one of \`bucketName\`, \`logGroupName\` or \`deliveryStreamName\`, got: ${set.length}.`);
  }
  if (config.bucketName !== undefined) {
    return { S3: { BucketName: config.bucketName } };
  }
  if (config.logGroupName !== undefined) {
    return { CloudWatchLogs: { LogGroupName: config.logGroupName } };
  }
  return { Firehose: { DeliveryStreamName: config.deliveryStreamName! } };
}
