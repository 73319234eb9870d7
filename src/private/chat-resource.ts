import { CfnResource, IResolvable, ITaggable, RemovalPolicy, Resource, ResourceProps, TagManager, TagType, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { IvsChatProvider, ResourcePermissions } from './provider';
import { TagProperty } from './resource-properties';
import { RESOURCE_TYPES, ResourceTypeName } from './resource-types';
import { parseIvsChatArn, tagErrors } from './synth-validation';

/** The custom resource behind an owned `Room` or `LoggingConfiguration`, and the attributes it returns. */
export interface ChatResource {
  readonly resource: CfnResource;
  /** `Fn::GetAtt Arn`. */
  readonly arn: string;
  /** `Fn::GetAtt Id`. */
  readonly id: string;
}

/** The tag manager of a resource of this type: `Tags.of(construct)` reaches it, `includeResourceTypes` names the type. */
export function tagManagerOf(type: ResourceTypeName): TagManager {
  return new TagManager(TagType.KEY_VALUE, RESOURCE_TYPES[type].cloudFormationType);
}

/**
 * A list property that renders at synthesis whatever its source holds then (a room's logging configurations, added in
 * the constructor or later), absent when empty. A resolvable of its own rather than `Lazy.list`: no creation stack to
 * capture and no token to register per room.
 */
export function renderedList(items: () => string[]): string[] {
  const resolvable: IResolvable = {
    creationStack: [],
    resolve: () => {
      const list = items();
      return list.length > 0 ? list : undefined;
    },
    toString: () => '<list rendered at synthesis>',
  };
  return resolvable as unknown as string[];
}

/** The `Tags` property: the tag manager's own token, which renders `[{Key, Value}]` at synthesis (absent without tags). */
export function renderedTags(tags: TagManager): TagProperty[] {
  return tags.renderedTags as unknown as TagProperty[];
}

/**
 * What every owned resource of the library does in its constructor: declares its custom resource with the stack's
 * provider, checks its tags against the service's limits once aspects have added them, and reads its attributes.
 */
export function declareChatResource(
  scope: IConstruct & ITaggable,
  type: ResourceTypeName,
  properties: object,
  removalPolicy: RemovalPolicy = RemovalPolicy.DESTROY,
  permissions?: ResourcePermissions,
): ChatResource {
  if (removalPolicy === RemovalPolicy.SNAPSHOT) {
    throw new Error('`removalPolicy` must be DESTROY, RETAIN or RETAIN_ON_UPDATE_OR_DELETE: IVS Chat resources have no snapshots, got: SNAPSHOT.');
  }
  const provider = IvsChatProvider.of(scope);
  // A plain CfnResource rather than a CustomResource: one construct fewer per resource. Created here, close to the
  // user's call: aws-cdk-lib records each element's creation stack, whose cost grows with its depth.
  const resource = new CfnResource(scope, 'Resource', {
    type: RESOURCE_TYPES[type].cloudFormationType,
    properties: { ServiceToken: provider.serviceToken, ...properties },
  });
  resource.applyRemovalPolicy(removalPolicy);
  resource.addDependency(provider.permissionsFor(type, permissions));
  scope.node.addValidation({ validate: () => tagErrors(scope.tags) });
  return { resource, arn: Token.asString(resource.getAtt('Arn')), id: Token.asString(resource.getAtt('Id')) };
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
