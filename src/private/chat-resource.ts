import { CfnResource, ITaggable, RemovalPolicy, Resource, ResourceProps, TagManager, TagType, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { addResourceDependency } from './dependencies';
import { withLogicalIdOnce } from './logical-id';
import { IvsChatProvider, ResourcePermissions } from './provider';
import { ResourceAttributes, TagProperty } from './resource-properties';
import { RESOURCE_TYPES, ResourceTypeName } from './resource-types';
import { parseIvsChatArn, tagErrors } from './synth-validation';

/** The tag manager of a resource of this type: `Tags.of(construct)` reaches it, `includeResourceTypes` names the type. */
export function tagManagerOf(type: ResourceTypeName): TagManager {
  return new TagManager(TagType.KEY_VALUE, RESOURCE_TYPES[type].cloudFormationType);
}

/** What an owned resource declares its custom resource with. */
export interface ChatResourceOptions {
  readonly type: ResourceTypeName;
  /**
   * The resource's properties (but the service token), rendered when the template is: what the construct gains after
   * its constructor (tags from aspects, logging configurations added later) is included, as plain values. A `Lazy`
   * per property would cost every resource tokens to resolve twice (once when references are collected, once when the
   * template is written); aws-cdk-lib's generated L1s render their properties the same way.
   */
  readonly properties: () => object;
  /** @default RemovalPolicy.DESTROY */
  readonly removalPolicy?: RemovalPolicy;
  /** What the resource adds to the provider's permissions for its type. @default none */
  readonly permissions?: ResourcePermissions;
}

/**
 * The custom resource of an owned `Room` or `LoggingConfiguration` (its `Resource` child), declared with the stack's
 * provider: it depends on the provider's permissions for its type, and its owner checks its tags against the
 * service's limits once aspects have added them. A `CfnResource` rather than a `CustomResource`: one construct fewer
 * per resource. Constructed in the owner's constructor itself: aws-cdk-lib records each element's creation stack from
 * the caller of its constructor, at a cost that grows with the stack's depth. Its logical id is computed once rather
 * than for each use (`withLogicalIdOnce`).
 */
export class ChatResourceElement extends CfnResource {
  private readonly provider: IvsChatProvider;
  private readonly render: () => object;
  private arn?: string;
  private id?: string;

  constructor(scope: IConstruct & ITaggable, options: ChatResourceOptions) {
    const removalPolicy = options.removalPolicy ?? RemovalPolicy.DESTROY;
    if (removalPolicy === RemovalPolicy.SNAPSHOT) {
      throw new Error('`removalPolicy` must be DESTROY, RETAIN or RETAIN_ON_UPDATE_OR_DELETE: IVS Chat resources have no snapshots, got: SNAPSHOT.');
    }
    const provider = IvsChatProvider.of(scope);
    super(scope, 'Resource', { type: RESOURCE_TYPES[options.type].cloudFormationType });
    this.provider = provider;
    this.render = options.properties;
    withLogicalIdOnce(this);
    this.applyRemovalPolicy(removalPolicy);
    addResourceDependency(this, provider.permissionsFor(options.type, options.permissions));
    scope.node.addValidation({ validate: () => tagErrors(scope.tags) });
  }

  /** `Fn::GetAtt Arn`, made on first use: a resource nothing refers to costs no reference. */
  public get attrArn(): string {
    return this.arn ??= this.attribute('Arn');
  }

  /** `Fn::GetAtt Id`, made on first use. */
  public get attrId(): string {
    return this.id ??= this.attribute('Id');
  }

  protected get cfnProperties(): Record<string, unknown> {
    return this.render() as Record<string, unknown>;
  }

  /**
   * The resolved properties, the service token first: added once the others are resolved, as plain data the provider
   * renders, so that no resource resolves a reference for it.
   */
  protected renderProperties(props: Record<string, unknown>): Record<string, unknown> {
    return { ServiceToken: this.provider.renderServiceToken(), ...props };
  }

  private attribute(name: keyof ResourceAttributes): string {
    return Token.asString(this.getAtt(name));
  }
}

/** The tags as the property contract has them, absent when there are none. */
export function renderTags(tags: TagManager): TagProperty[] | undefined {
  return tags.renderTags();
}

/**
 * An existing resource, known by its ARN (checked where known at synth time): an instance of the type's base class,
 * which holds its grants, metrics and reference, with the attributes `attributes` makes from the ARN and the id in it.
 * Nothing is created. The base is abstract in those attributes only, which are set here.
 */
export function importChatResource<T extends Resource>(
  base: abstract new (scope: Construct, id: string, props?: ResourceProps) => T,
  scope: Construct,
  id: string,
  type: ResourceTypeName,
  label: string,
  arn: string,
  attributes: (resourceId: string) => Partial<T>,
): T {
  const resourceId = parseIvsChatArn(label, arn, RESOURCE_TYPES[type].arnResource).resourceName!;
  const concrete = base as unknown as new (scope: Construct, id: string, props?: ResourceProps) => T;
  return Object.assign(new concrete(scope, id, { environmentFromArn: arn }), attributes(resourceId));
}
