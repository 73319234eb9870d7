import { IvsChatResourceType, RESOURCE_TYPES } from '../../src/private/resource-types';
import type { ResourceEnvironment } from '../../src/private/service-rules';

export type { IvsChatResourceType };

const ARN_RESOURCES = Object.values(RESOURCE_TYPES).map(type => type.arnResource).join('|');
const ARN_PATTERN = new RegExp(`^arn:aws[a-z-]*:ivschat:[a-z0-9-]+:[0-9]+:(${ARN_RESOURCES})/([a-zA-Z0-9-]+)$`);
const STACK_ARN_PATTERN = /^arn:aws[a-z-]*:cloudformation:([a-z0-9-]+):([0-9]{12}):stack\//;

/**
 * The resource id of an IVS Chat ARN of the given type, or `undefined` when `arn` is not one. The Provider
 * framework uses the request id as the physical id of a resource whose create failed before it had an ARN.
 */
export function resourceIdFromArn(arn: string | undefined, resourceType: IvsChatResourceType): string | undefined {
  const match = arn === undefined ? null : ARN_PATTERN.exec(arn);
  return match !== null && match[1] === resourceType ? match[2] : undefined;
}

/** The account and region of a CloudFormation stack ARN (an event's `StackId`), or `undefined` when it is not one. */
export function stackEnvironment(stackId: string | undefined): ResourceEnvironment | undefined {
  const match = stackId === undefined ? null : STACK_ARN_PATTERN.exec(stackId);
  return match === null ? undefined : { region: match[1], account: match[2] };
}
