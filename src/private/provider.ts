import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { withoutRedundantRoleDependency } from './dependencies';
import { acknowledgeFindings, nagIvsChatArn } from './nag';

/** The esbuild bundle of lambda/ivschat-provider (built by `npx projen bundle`, shipped in the npm package). */
const HANDLER_ASSET = path.join(__dirname, '..', '..', 'assets', 'ivschat-provider');

/** Holds the package name so that no other library's singleton can collide with ours. */
const PROVIDER_ID = 'cdk-ivs-chat.IvsChatProvider';

const LOGGING_POLICY_ID = 'LoggingConfigurationPolicy';

/** Actions the handler calls on rooms. */
const ROOM_ACTIONS = [
  'ivschat:CreateRoom',
  'ivschat:GetRoom',
  'ivschat:UpdateRoom',
  'ivschat:DeleteRoom',
  'ivschat:TagResource',
  'ivschat:UntagResource',
];

/** Actions the handler calls on logging configurations. */
const LOGGING_CONFIGURATION_ACTIONS = [
  'ivschat:CreateLoggingConfiguration',
  'ivschat:GetLoggingConfiguration',
  'ivschat:UpdateLoggingConfiguration',
  'ivschat:DeleteLoggingConfiguration',
  'ivschat:TagResource',
  'ivschat:UntagResource',
];

/**
 * What IVS Chat does with the caller's permissions to set up, change and remove log delivery, for every destination
 * type (CloudWatch Logs vended logs). IAM defines no resource type for these actions ("permission only"), hence `*`.
 * What each destination type needs besides is scoped to the destination (`LoggingDestination`).
 */
const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
];

/**
 * The one custom-resource provider of a stack, shared by every Room and LoggingConfiguration in it:
 * the 200th room adds one resource, not another Lambda function.
 */
export class IvsChatProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): IvsChatProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    if (existing === undefined) {
      return new IvsChatProvider(stack, PROVIDER_ID);
    }
    if (!(existing instanceof IvsChatProvider)) {
      throw new Error(`Stack ${stack.node.path} already holds a '${PROVIDER_ID}' from another copy of cdk-ivs-chat: `
        + 'the app loads the library twice (two versions in node_modules); make every dependency use one version.');
    }
    return existing;
  }

  /** The Provider framework's entry point (`ServiceToken`). */
  public readonly serviceToken: string;
  private readonly handlerRole: iam.Role;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    if (!fs.existsSync(path.join(HANDLER_ASSET, 'index.js'))) {
      throw new Error(`The cdk-ivs-chat handler bundle is missing at ${HANDLER_ASSET}: run \`npx projen bundle\` (a published package ships it).`);
    }
    const stack = Stack.of(this);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });

    // Own roles (not the AWSLambdaBasicExecutionRole managed policy): write access to this log group only.
    this.handlerRole = this.lambdaRole('HandlerRole', logGroup);
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ROOM_ACTIONS,
      resources: [stack.formatArn({ service: 'ivschat', resource: 'room', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }));

    const handler = new lambda.Function(this, 'Handler', {
      description: 'cdk-ivs-chat: creates, updates and deletes IVS Chat rooms and logging configurations',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(HANDLER_ASSET),
      handler: 'index.handler',
      memorySize: 256,
      // Logging configurations are waited for until ACTIVE or gone; the handler stops before this deadline.
      timeout: Duration.minutes(10),
      role: this.handlerRole,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });

    const frameworkRole = this.lambdaRole('FrameworkRole', logGroup);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole,
      logGroup,
    });
    this.serviceToken = provider.serviceToken;
    withoutRedundantRoleDependency(handler);
    withoutRedundantRoleDependency(provider.node.findChild('framework-onEvent') as lambda.Function);

    acknowledgeFindings(this.handlerRole, {
      [`AwsSolutions-IAM5[Resource::${nagIvsChatArn(this, 'room/*')}]`]:
        'Rooms get their ARNs from CreateRoom, so the provider may manage `room/*` of this account and region only.',
    });
    const handlerLogicalId = stack.resolve(stack.getLogicalId(handler.node.defaultChild as lambda.CfnFunction));
    acknowledgeFindings(frameworkRole, {
      [`AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`]:
        'aws-cdk-lib\'s Provider framework may invoke any version of the handler it fronts: this function only.',
    });
    acknowledgeFindings(provider.node.findChild('framework-onEvent'), {
      'AwsSolutions-L1': 'aws-cdk-lib\'s Provider framework chooses the runtime of its own function (the latest it knows for the region).',
    });
  }

  /**
   * Declares a custom resource served by this provider. A plain `CfnResource` rather than a `CustomResource`:
   * one construct fewer per room, which is most of what a room costs to synthesize beyond a `CfnRoom`.
   */
  public resource(scope: Construct, resourceType: string, properties: object, removalPolicy: RemovalPolicy): CfnResource {
    if (removalPolicy === RemovalPolicy.SNAPSHOT) {
      throw new Error('`removalPolicy` must be DESTROY, RETAIN or RETAIN_ON_UPDATE_OR_DELETE: IVS Chat resources have no snapshots, got: SNAPSHOT.');
    }
    const resource = new CfnResource(scope, 'Resource', {
      type: resourceType,
      properties: { ServiceToken: this.serviceToken, ...properties },
    });
    resource.applyRemovalPolicy(removalPolicy);
    return resource;
  }

  /**
   * Grants what logging configurations need, in a policy of its own that every logging configuration depends on:
   * the IVS Chat actions on this account and region's `logging-configuration/*`, the log-delivery actions, and what
   * `setupPermissions` add for one configuration's destination. Only stacks that own a logging configuration call
   * this, so a room-only stack's role has no log-delivery permission, and a stack without an S3 destination none
   * on buckets. A separate policy, because CloudFormation deletes a removed configuration only after the update
   * that drops the permissions: a dependency on the policy keeps them until the configuration is gone.
   */
  public loggingConfigurationPolicy(setupPermissions: iam.PolicyStatement[]): iam.Policy {
    const policy = this.node.tryFindChild(LOGGING_POLICY_ID) as iam.Policy | undefined ?? this.newLoggingConfigurationPolicy();
    for (const statement of setupPermissions) {
      policy.addStatements(statement);
    }
    return policy;
  }

  private newLoggingConfigurationPolicy(): iam.Policy {
    const stack = Stack.of(this);
    const policy = new iam.Policy(this, LOGGING_POLICY_ID, {
      roles: [this.handlerRole],
      statements: [
        new iam.PolicyStatement({
          actions: LOGGING_CONFIGURATION_ACTIONS,
          resources: [stack.formatArn({
            service: 'ivschat',
            resource: 'logging-configuration',
            resourceName: '*',
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          })],
        }),
        new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: ['*'] }),
      ],
    });
    acknowledgeFindings(policy, {
      [`AwsSolutions-IAM5[Resource::${nagIvsChatArn(this, 'logging-configuration/*')}]`]:
        'Logging configurations get their ARNs from CreateLoggingConfiguration: `logging-configuration/*` of this account and region only.',
      'AwsSolutions-IAM5[Resource::*]':
        'IVS Chat sets up log delivery with the caller\'s permissions: the logs:*LogDelivery* actions, and for CloudWatch Logs destinations '
        + 'logs:PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups, for which IAM defines no resource type.',
    });
    return policy;
  }

  private lambdaRole(id: string, logGroup: logs.ILogGroup): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    return role;
  }
}
