import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { stackEnvironment } from './arn';
import { createResource, deleteResource, Invocation, LifecycleResult, oncePerRequest, ResourceHandler, updateResource } from './lifecycle';
import { loggingConfigurationHandler } from './logging-configuration';
import { roomHandler } from './room';
import { waitDeadline } from './waiter';
import type { ResourceAttributes } from '../../src/private/resource-properties';

/** The Provider framework's onEvent response. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: ResourceAttributes;
}

/** By CloudFormation resource type. The properties are those the constructs wrote, with every scalar turned into a string. */
const HANDLERS = new Map<string, ResourceHandler<unknown>>([
  ['Custom::IvsChatRoom', roomHandler],
  ['Custom::IvsChatLoggingConfiguration', loggingConfigurationHandler],
]);

/**
 * The onEvent handler of the stack's IvsChatProvider: creates, updates and deletes IVS Chat rooms and logging
 * configurations. Returns the ARN as the physical id and `Arn`, `Id` (and `State`) as attributes; throws an
 * error whose message becomes the CloudFormation event's reason.
 */
export async function handler(event: CloudFormationCustomResourceEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<OnEventResponse> {
  const resourceHandler = HANDLERS.get(event.ResourceType);
  if (resourceHandler === undefined) {
    throw new Error(`Unsupported resource type ${event.ResourceType}: this provider serves ${[...HANDLERS.keys()].join(' and ')}.`);
  }
  // The stack's ARN says where the stack, and so each of its resources, lives.
  const invocation: Invocation = { deadline: waitDeadline(context, Date.now()), environment: stackEnvironment(event.StackId) };
  const result = await run(resourceHandler, event, invocation);
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
  resourceHandler: ResourceHandler<unknown>,
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
