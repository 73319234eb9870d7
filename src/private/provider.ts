import { ArnFormat, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { bundledHandlerCode } from './bundles';
import { withoutRedundantRoleDependency } from './dependencies';
import { withLogicalIdOnce } from './logical-id';
import { acknowledgeFindings, nagIvsChatArn } from './nag';
import { RESOURCE_TYPES, ResourceTypeName } from './resource-types';


/** Holds the package name so that no other library's singleton can collide with ours. */
const PROVIDER_ID = 'cdk-ivs-chat.IvsChatProvider';

/** What a construct adds to the provider's permissions for its resource (beyond the type's own IVS Chat actions). */
export interface ResourcePermissions {
  readonly statements: iam.PolicyStatement[];
  /** cdk-nag findings these statements raise, each with its reason. */
  readonly acknowledgments?: Record<string, string>;
}

/** The handler's policy for one resource type. */
interface TypePolicy {
  readonly policy: iam.Policy;
  /** Its CfnPolicy, for a resource-level dependency. */
  readonly resource: CfnResource;
  /** The cdk-nag findings acknowledged on it, so that each is recorded once. */
  readonly acknowledged: Set<string>;
}

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

  private readonly handlerRole: iam.Role;
  private readonly policies = new Map<ResourceTypeName, TypePolicy>();
  private readonly frameworkFunction: lambda.CfnFunction;
  private frameworkLogicalId?: string;

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    // No creation stack for the provider's own resources: each would record the same trace (the first chat resource's
    // constructor, then this library), at a cost that is most of their construction. `cdk synth --debug` (CDK_DEBUG)
    // records them all the same.
    this.node.setContext(cxapi.DISABLE_CREATION_STACK_TRACES, true);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });

    // Own roles (not the AWSLambdaBasicExecutionRole managed policy): write access to this log group only. What the
    // handler may do in IVS Chat comes with each resource type a stack uses (`permissionsFor`).
    this.handlerRole = this.lambdaRole('HandlerRole', logGroup);

    const handler = new lambda.Function(this, 'Handler', {
      description: 'cdk-ivs-chat: creates, updates and deletes IVS Chat rooms and logging configurations',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: bundledHandlerCode('ivschat-provider'),
      handler: 'index.handler',
      memorySize: 256,
      // Logging configurations are waited for until ACTIVE or gone; the handler stops before this deadline.
      timeout: Duration.minutes(10),
      role: this.handlerRole,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });
    withoutRedundantRoleDependency(handler);

    // What aws-cdk-lib's Provider grants its function (`addPermissions`: invoke the handler, any version, and read
    // it), written into the role up front and the role handed over immutable, so that neither role needs a policy
    // resource of its own (test/provider.test.ts compares this with what the Provider adds to a role it may change).
    const frameworkRole = this.lambdaRole('FrameworkRole', logGroup,
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [handler.functionArn, `${handler.functionArn}:*`] }),
      new iam.PolicyStatement({ actions: ['lambda:GetFunction'], resources: [handler.functionArn] }));
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole.withoutPolicyUpdates(),
      logGroup,
    });
    const frameworkFunction = provider.node.findChild('framework-onEvent') as lambda.Function;
    this.frameworkFunction = frameworkFunction.node.defaultChild as lambda.CfnFunction;
    withoutRedundantRoleDependency(frameworkFunction, frameworkRole);

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
   * The Provider framework's entry point (`ServiceToken`) as the template has it, `Fn::GetAtt` of its function's `Arn`:
   * a new object for each resource (what reads the template may change it) around the function's logical id, resolved
   * once for the stack the first time a resource asks (when the template is first rendered, renames and overrides
   * made). The provider is in the resources' own stack, so the reference needs no export.
   */
  public renderServiceToken(): object {
    this.frameworkLogicalId ??= Stack.of(this).resolve(this.frameworkFunction.logicalId) as string;
    return { 'Fn::GetAtt': [this.frameworkLogicalId, 'Arn'] };
  }

  /**
   * The handler's permissions for one resource type, in a policy of its own that every resource of the type depends
   * on, created with the first such resource: a stack without logging configurations grants nothing for them, and
   * a stack without an S3 destination nothing on buckets. A policy of its own, because CloudFormation deletes a
   * resource removed from the template only after the update that would drop its permissions: the dependency keeps
   * them until the resource is gone (in the handler role's default policy, the last room removed from a stack could
   * not be deleted). Returns the policy's CfnPolicy, for a resource-level dependency (cheaper to synthesize than a
   * construct-level one, which aws-cdk-lib resolves by walking the construct's subtree).
   */
  public permissionsFor(type: ResourceTypeName, permissions?: ResourcePermissions): CfnResource {
    const typePolicy = this.policies.get(type) ?? this.typePolicy(type);
    if (permissions) {
      typePolicy.policy.addStatements(...permissions.statements);
      const unacknowledged = Object.entries(permissions.acknowledgments ?? {}).filter(([id]) => !typePolicy.acknowledged.has(id));
      if (unacknowledged.length > 0) {
        acknowledgeFindings(typePolicy.policy, Object.fromEntries(unacknowledged));
        unacknowledged.forEach(([id]) => typePolicy.acknowledged.add(id));
      }
    }
    return typePolicy.resource;
  }

  /** Creates the policy of a resource type, with the type's own IVS Chat actions on its resources in this account and region. */
  private typePolicy(type: ResourceTypeName): TypePolicy {
    const { arnResource, operations, policyId } = RESOURCE_TYPES[type];
    const policy = new iam.Policy(this, policyId, {
      roles: [this.handlerRole],
      statements: [new iam.PolicyStatement({
        actions: operations.map(operation => `ivschat:${operation}`),
        resources: [Stack.of(this).formatArn({ service: 'ivschat', resource: arnResource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
      })],
    });
    acknowledgeFindings(policy, {
      [`AwsSolutions-IAM5[Resource::${nagIvsChatArn(this, `${arnResource}/*`)}]`]:
        `IVS Chat names a ${arnResource} when it creates it, so the provider may manage \`${arnResource}/*\` of this account and region only.`,
    });
    const typePolicy = { policy, resource: withLogicalIdOnce(policy.node.defaultChild as CfnResource), acknowledged: new Set<string>() };
    this.policies.set(type, typePolicy);
    return typePolicy;
  }

  /**
   * A role for one of the provider's functions, its permissions inline: they exist as soon as the role does, and the
   * stack has one resource fewer than with a separate policy.
   */
  private lambdaRole(id: string, logGroup: logs.LogGroup, ...statements: iam.PolicyStatement[]): iam.Role {
    return new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        Lambda: new iam.PolicyDocument({
          statements: [
            // What logGroup.grantWrite grants.
            new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
            ...statements,
          ],
        }),
      },
    });
  }
}
