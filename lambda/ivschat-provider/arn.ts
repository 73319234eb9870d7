/** The resource types in IVS Chat ARNs: `arn:aws:ivschat:<region>:<account>:<type>/<id>`. */
export type IvsChatResourceType = 'room' | 'logging-configuration';

const ARN_PATTERN = /^arn:aws[a-z-]*:ivschat:[a-z0-9-]+:[0-9]+:(room|logging-configuration)\/([a-zA-Z0-9-]+)$/;

/**
 * The resource id of an IVS Chat ARN of the given type, or `undefined` when `arn` is not one. The Provider
 * framework uses the request id as the physical id of a resource whose create failed before it had an ARN.
 */
export function resourceIdFromArn(arn: string | undefined, resourceType: IvsChatResourceType): string | undefined {
  const match = arn === undefined ? null : ARN_PATTERN.exec(arn);
  return match !== null && match[1] === resourceType ? match[2] : undefined;
}
