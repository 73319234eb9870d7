import { CfnResource, ITaggable, RemovalPolicy, Resource, ResourceProps, TagManager, TagType, Token } from 'aws-cdk-lib';
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
  const resource = IvsChatProvider.of(scope).resource(scope, type, properties, removalPolicy, permissions);
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
