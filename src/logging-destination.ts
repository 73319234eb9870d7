import { ArnFormat, CfnResource, Resource, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct, IDependable } from 'constructs';
import { ResourcePermissions } from './private/provider';
import { DestinationConfigurationProperty } from './private/resource-properties';
import * as rules from './private/service-rules';
import { validate } from './private/synth-validation';

/** The service principal that writes chat logs to every destination type (CloudWatch Logs vended delivery). */
const LOG_DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';

/** The service-linked role that vended log delivery creates on the first delivery to a Firehose stream. */
const LOG_DELIVERY_ROLE = 'aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery';

/**
 * What IVS Chat calls with the caller's permissions to set up, change and remove log delivery, for every destination
 * type (CloudWatch Logs vended logs). IAM defines no resource type for these actions ("permission only"), hence `*`.
 */
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
];

/** Why the provider's statements on `*` are needed: IAM scopes none of these actions to a resource. */
const WILDCARD_REASON = 'IVS Chat sets up log delivery with the caller\'s permissions: the logs:*LogDelivery* actions, and for CloudWatch Logs '
  + 'destinations logs:PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups; IAM defines no resource type for any of them.';

/**
 * What a destination gives the logging configuration it is bound to.
 *
 * @internal
 */
export interface DestinationBinding {
  /** The `DestinationConfiguration` property of the custom resource. */
  readonly property: DestinationConfigurationProperty;
  /** What the configuration must be created after: the resource policies that let log delivery write. */
  readonly dependables: IDependable[];
  /**
   * What the caller of Create/Update/DeleteLoggingConfiguration needs so that the service can set up delivery to this
   * destination (CloudWatch Logs vended logs, "Logs sent to ..." pages), scoped to the destination where IAM allows.
   */
  readonly setupPermissions: ResourcePermissions;
}

/**
 * Where a logging configuration delivers chat logs: an S3 bucket, a CloudWatch Logs log group or a Firehose
 * delivery stream, the three destination types of IVS Chat.
 */
export class LoggingDestination {
  /**
   * An S3 bucket. Logs land under `AWSLogs/<account>/IVSChatLogs/`.
   *
   * For a bucket defined in this CDK app (in any of its stacks), this adds the bucket policy statements that let
   * `delivery.logs.amazonaws.com` write (what the service would otherwise add itself, rewriting a CDK-managed
   * policy and causing drift). For an imported bucket, the service adds them at deployment, which is why the
   * stack's provider may call `s3:GetBucketPolicy` and `s3:PutBucketPolicy` on this bucket (and no other).
   * Buckets encrypted with a customer managed KMS key also need a key policy for the principal.
   */
  public static s3(bucket: s3.IBucket): LoggingDestination {
    return new LoggingDestination(scope => {
      const bucketName = bucket.bucketName;
      validate(rules.checkBucketName, '`bucket.bucketName`', bucketName);
      const setupPermissions = logDeliveryPermissions(new iam.PolicyStatement({
        actions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy'],
        resources: [bucket.bucketArn],
      }));
      const property = { S3: { BucketName: bucketName } };
      if (!Resource.isOwnedResource(bucket)) {
        return { property, dependables: [], setupPermissions };
      }
      const conditions = logDeliveryConditions(scope);
      const write = bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AWSLogDeliveryWrite',
        principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`AWSLogs/${Stack.of(scope).account}/*`)],
        conditions: {
          StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
          ArnLike: conditions.ArnLike,
        },
      }));
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AWSLogDeliveryAclCheck',
        principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions,
      }));
      return { property, dependables: policyDependables(write), setupPermissions };
    });
  }

  /**
   * A CloudWatch Logs log group.
   *
   * For a log group defined in this CDK app (in any of its stacks), this adds a CloudWatch Logs resource policy
   * that lets `delivery.logs.amazonaws.com` create streams and put events in it. For an imported log group, the
   * service sets up a resource policy itself at deployment, which is why the stack's provider may call
   * `logs:PutResourcePolicy`, `logs:DescribeResourcePolicies` and `logs:DescribeLogGroups` (these actions have no
   * resource-level permissions).
   */
  public static cloudWatchLogs(logGroup: logs.ILogGroup): LoggingDestination {
    return new LoggingDestination(scope => {
      const logGroupName = logGroup.logGroupName;
      validate(rules.checkLogGroupName, '`logGroup.logGroupName`', logGroupName);
      const setupPermissions = logDeliveryPermissions(new iam.PolicyStatement({
        actions: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        resources: ['*'],
      }));
      const property = { CloudWatchLogs: { LogGroupName: logGroupName } };
      if (!Resource.isOwnedResource(logGroup)) {
        return { property, dependables: [], setupPermissions };
      }
      const result = logGroup.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AWSLogDeliveryWrite',
        principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
        conditions: logDeliveryConditions(scope),
      }));
      return { property, dependables: policyDependables(result), setupPermissions };
    });
  }

  /**
   * A Firehose delivery stream: a `DeliveryStream`, an imported one, or an L1 `CfnDeliveryStream`.
   *
   * Log delivery writes only to streams tagged `LogDeliveryEnabled: true`. A stream defined in this CDK app (in any
   * of its stacks, L2 or L1) gets that tag here. For an imported stream, the service tags it at deployment, which is
   * why the stack's provider may call `firehose:TagDeliveryStream` on this stream (and no other), and create the
   * log-delivery service-linked role (`AWSServiceRoleForLogDelivery`) if the account does not have it yet.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStreamRef): LoggingDestination {
    return new LoggingDestination(scope => {
      const { deliveryStreamName, deliveryStreamArn } = deliveryStream.deliveryStreamRef;
      validate(rules.checkDeliveryStreamName, '`deliveryStream.deliveryStreamName`', deliveryStreamName);
      if (isDefinedInApp(deliveryStream)) {
        Tags.of(deliveryStream).add('LogDeliveryEnabled', 'true', { includeResourceTypes: ['AWS::KinesisFirehose::DeliveryStream'] });
      }
      const stack = Stack.of(scope);
      return {
        property: { Firehose: { DeliveryStreamName: deliveryStreamName } },
        // The name refers to the stream, so the configuration is created after it, tag included.
        dependables: [],
        setupPermissions: logDeliveryPermissions(
          new iam.PolicyStatement({ actions: ['firehose:TagDeliveryStream'], resources: [deliveryStreamArn] }),
          new iam.PolicyStatement({
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [stack.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName: LOG_DELIVERY_ROLE,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            })],
            conditions: { StringEquals: { 'iam:AWSServiceName': LOG_DELIVERY_PRINCIPAL } },
          }),
        ),
      };
    });
  }

  private constructor(private readonly binder: (scope: Construct) => DestinationBinding) {}

  /**
   * Sets up what delivery to this destination needs, for the logging configuration `scope`.
   *
   * @internal
   */
  public _bind(scope: Construct): DestinationBinding {
    return this.binder(scope);
  }
}

/** The log-delivery actions every destination needs, and what this destination type needs besides. */
function logDeliveryPermissions(...destinationStatements: iam.PolicyStatement[]): ResourcePermissions {
  return {
    statements: [new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: ['*'] }), ...destinationStatements],
    acknowledgments: { 'AwsSolutions-IAM5[Resource::*]': WILDCARD_REASON },
  };
}

/** A construct of this CDK app, L2 or L1, rather than an import. */
function isDefinedInApp(construct: IConstruct): boolean {
  return Resource.isOwnedResource(construct) || CfnResource.isCfnResource(construct);
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
