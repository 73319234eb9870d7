import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { stackEnvironment } from './arn';
import { withDeadline } from './deadline';
import { createResource, deleteResource, Invocation, LifecycleResult, ResourceHandler, updateResource } from './lifecycle';
import { loggingConfigurationHandler } from './logging-configuration';
import { oncePerRequest } from './once-per-request';
import { roomHandler } from './room';
import { waitDeadline } from './waiter';
import type { ResourceAttributes } from '../../src/private/resource-properties';
import { RESOURCE_TYPES, ResourceTypeName, resourceTypeOf } from '../../src/private/resource-types';

/** The Provider framework's onEvent response. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: ResourceAttributes;
}

/**
 * The module behind each row of the resource-type table (a row without one does not compile). The properties are those
 * the constructs wrote, with every scalar turned into a string.
 */
const HANDLERS: { readonly [T in ResourceTypeName]: ResourceHandler<any> } = {
  room: roomHandler,
  loggingConfiguration: loggingConfigurationHandler,
};

/**
 * The onEvent handler of the stack's IvsChatProvider: creates, updates and deletes IVS Chat rooms and logging
 * configurations. Returns the ARN as the physical id and `Arn`, `Id` (and `State`) as attributes; throws an
 * error whose message becomes the CloudFormation event's reason.
 */
export async function handler(event: CloudFormationCustomResourceEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<OnEventResponse> {
  const type = resourceTypeOf(event.ResourceType);
  if (type === undefined) {
    const served = Object.values(RESOURCE_TYPES).map(row => row.cloudFormationType);
    throw new Error(`Unsupported resource type ${event.ResourceType}: this provider serves ${served.join(' and ')}.`);
  }
  const resourceHandler = HANDLERS[type];
  // The stack's ARN says where the stack, and so each of its resources, lives.
  const invocation: Invocation = { deadline: waitDeadline(context, Date.now()), environment: stackEnvironment(event.StackId) };
  // Every call, retries included, ends by the deadline; what is left of the safety margin is for cleaning up and answering.
  const result = await withDeadline(invocation.deadline, () => run(resourceHandler, event, invocation));
  // The operation and the ARN only: the event holds ResponseURL, a presigned URL, and the properties may hold anything.
  console.log(JSON.stringify({
    requestType: event.RequestType,
    resourceType: event.ResourceType,
    arn: result.physicalResourceId,
    outcome: result.outcome,
    replacedArn: result.replacedPhysicalResourceId,
  }));
  return { PhysicalResourceId: result.physicalResourceId, Data: result.attributes };
}

async function run(
  resourceHandler: ResourceHandler<any>,
  event: CloudFormationCustomResourceEvent,
  invocation: Invocation,
): Promise<LifecycleResult> {
  switch (event.RequestType) {
    // Both can create a resource (an update recreates one that is gone), so a repeated request must not run twice.
    case 'Create':
      return oncePerRequest(event, () => createResource(resourceHandler, event.ResourceProperties, invocation));
    case 'Update':
      return oncePerRequest(event, () => updateResource(
        resourceHandler, event.PhysicalResourceId, event.ResourceProperties, event.OldResourceProperties, invocation,
      ));
    // A repeated delete finds nothing to delete, which is a success.
    case 'Delete':
      return deleteResource(resourceHandler, event.PhysicalResourceId, invocation);
  }
}
