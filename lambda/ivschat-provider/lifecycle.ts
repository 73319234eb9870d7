import { isNotFound } from './api';
import { IvsChatResourceType, resourceIdFromArn } from './arn';
import type { ResourceAttributes } from '../../src/private/resource-properties';
import type { ResourceEnvironment } from '../../src/private/service-rules';

/** What an operation may take from its Lambda invocation. */
export interface Invocation {
  /** Epoch milliseconds after which waiting must stop (see `waitDeadline`). */
  readonly deadline: number;
  /** The stack's account and region, where the resource lives; unknown when the event does not say. */
  readonly environment?: ResourceEnvironment;
}

export interface ResourceReference {
  readonly arn: string;
  readonly id: string;
}

/** The API calls behind one custom resource type; the lifecycle rules they share live in this module. */
export interface ResourceHandler<P> {
  /** The resource type in the resource's ARNs. */
  readonly arnResourceType: IvsChatResourceType;
  /** Validates the properties before any call. */
  create(properties: P | undefined, invocation: Invocation): Promise<ResourceReference>;
  /** Validates the properties before any call; calls nothing when nothing changed. Returns whether anything changed. */
  update(resource: ResourceReference, properties: P | undefined, oldProperties: P | undefined, invocation: Invocation): Promise<boolean>;
  /** Throws an `IvsChatApiError` for ResourceNotFoundException when the resource is already gone. */
  delete(resource: ResourceReference, invocation: Invocation): Promise<void>;
  exists(resource: ResourceReference): Promise<boolean>;
  attributes(resource: ResourceReference): ResourceAttributes;
}

export type Outcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  /** A new resource replaced one that no longer existed; CloudFormation then deletes the old physical id. */
  | 'replaced'
  | 'deleted'
  | 'already-deleted'
  /** The physical id is not an ARN: the create failed before there was a resource. */
  | 'nothing-to-delete'
  /** The same CloudFormation request again: answered as the first time, with no call. */
  | 'duplicate-request';

export interface LifecycleResult {
  readonly physicalResourceId: string;
  readonly outcome: Outcome;
  readonly attributes?: ResourceAttributes;
  readonly replacedPhysicalResourceId?: string;
}

/** The reference in a create response, where both fields are always present. */
export function createdResource(operation: string, response: { arn?: string; id?: string }): ResourceReference {
  if (response.arn === undefined || response.id === undefined) {
    throw new Error(`${operation} answered without an ARN or id.`);
  }
  return { arn: response.arn, id: response.id };
}

export async function createResource<P>(handler: ResourceHandler<P>, properties: P | undefined, invocation: Invocation): Promise<LifecycleResult> {
  const resource = await handler.create(properties, invocation);
  return { physicalResourceId: resource.arn, outcome: 'created', attributes: handler.attributes(resource) };
}

/**
 * Updates in place. When the resource no longer exists (deleted outside CloudFormation), a new one is created from
 * the new properties and its ARN returned as the new physical id: the stack converges on what the template describes instead of failing on every update, and CloudFormation's
 * delete of the old physical id then finds nothing, which is a success.
 */
export async function updateResource<P>(
  handler: ResourceHandler<P>,
  physicalResourceId: string,
  properties: P | undefined,
  oldProperties: P | undefined,
  invocation: Invocation,
): Promise<LifecycleResult> {
  const resource = reference(handler, physicalResourceId);
  if (resource === undefined) {
    return replacement(await handler.create(properties, invocation));
  }
  try {
    const changed = await handler.update(resource, properties, oldProperties, invocation);
    return { physicalResourceId, outcome: changed ? 'updated' : 'unchanged', attributes: handler.attributes(resource) };
  } catch (error) {
    // A ResourceNotFoundException can also name a resource that this one refers to (a room's logging configuration): ask.
    if (!isNotFound(error) || await handler.exists(resource)) {
      throw error;
    }
    return replacement(await handler.create(properties, invocation));
  }

  function replacement(created: ResourceReference): LifecycleResult {
    return { physicalResourceId: created.arn, outcome: 'replaced', attributes: handler.attributes(created), replacedPhysicalResourceId: physicalResourceId };
  }
}

/** A resource that is already gone is deleted: CloudFormation must be able to finish the stack's delete. */
export async function deleteResource<P>(handler: ResourceHandler<P>, physicalResourceId: string, invocation: Invocation): Promise<LifecycleResult> {
  const resource = reference(handler, physicalResourceId);
  if (resource === undefined) {
    return { physicalResourceId, outcome: 'nothing-to-delete' };
  }
  try {
    await handler.delete(resource, invocation);
    return { physicalResourceId, outcome: 'deleted' };
  } catch (error) {
    if (isNotFound(error)) {
      return { physicalResourceId, outcome: 'already-deleted' };
    }
    throw error;
  }
}

function reference<P>(handler: ResourceHandler<P>, physicalResourceId: string): ResourceReference | undefined {
  const id = resourceIdFromArn(physicalResourceId, handler.arnResourceType);
  return id === undefined ? undefined : { arn: physicalResourceId, id };
}
