import { isNotFound } from './api';
import { IvsChatResourceType, resourceIdFromArn } from './arn';
import type { ResourceAttributes } from '../../src/private/resource-properties';
import type { ResourceEnvironment } from '../../src/private/rules';

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

/**
 * Answers to the requests this execution environment has received, by `requestKey`: in flight or settled.
 *
 * The Provider framework can invoke onEvent twice with the same request (its own retries, or a retried framework
 * invocation whose answer was lost). CreateRoom and CreateLoggingConfiguration take no client token, so a second
 * create would make a second resource and orphan one of them: a repeated request gets the first one's answer
 * instead, and a repeat that arrives while the first is still running waits for it.
 *
 * The limit: this map lives in one execution environment. A repeat that Lambda runs in another environment
 * creates a second resource, which CloudFormation never deletes. Lambda runs one invocation at a time per
 * environment, so a repeat sent while the first still runs always lands in another one; the map catches the
 * repeat that reaches the same warm environment after the first answered, the usual case of a lost answer.
 *
 * A failed request is forgotten, so that a retry runs again: a failed create leaves no resource behind.
 */
const requests = new Map<string, Promise<LifecycleResult>>();

/** Enough for every request of the largest stacks; the oldest are forgotten first, so memory stays bounded. */
export const MAX_REMEMBERED_REQUESTS = 1_000;

/** What identifies one CloudFormation request: CloudFormation gives every request its own RequestId. */
export interface RequestIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly RequestId: string;
}

export function requestKey(request: RequestIdentity): string {
  return `${request.StackId}/${request.LogicalResourceId}/${request.RequestId}`;
}

/** Runs `operation` once per request: a repeat of the same request, even concurrent, shares the first answer. */
export async function oncePerRequest(request: RequestIdentity, operation: () => Promise<LifecycleResult>): Promise<LifecycleResult> {
  const key = requestKey(request);
  const first = requests.get(key);
  if (first !== undefined) {
    return { ...await first, outcome: 'duplicate-request' };
  }
  const answer = operation();
  requests.set(key, answer);
  answer.catch(() => requests.delete(key));
  if (requests.size > MAX_REMEMBERED_REQUESTS) {
    requests.delete(requests.keys().next().value!);
  }
  return answer;
}
