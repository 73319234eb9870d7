/**
 * The IVS Chat resource types the library creates through its custom-resource provider, one row each. The constructs
 * (the CloudFormation type they declare), the provider (the permissions it grants its handler) and the handler (its
 * dispatch, the ARNs it accepts as physical ids) all read this table: a new resource type is a new row, its construct
 * and its handler module.
 *
 * This module must not import anything: the handler bundle includes it.
 */
export const RESOURCE_TYPES = {
  room: {
    /** The custom resource type in templates. */
    cloudFormationType: 'Custom::IvsChatRoom',
    /** The resource type in its ARNs: `arn:<partition>:ivschat:<region>:<account>:room/<id>`. */
    arnResource: 'room',
    /** What the handler calls for this type, all on the type's ARNs (IAM actions `ivschat:<operation>`). */
    operations: ['CreateRoom', 'GetRoom', 'UpdateRoom', 'DeleteRoom', 'TagResource', 'UntagResource'],
    /** The construct id of the provider's policy for this type (kept stable: changing it replaces the policy). */
    policyId: 'RoomPolicy',
  },
  loggingConfiguration: {
    cloudFormationType: 'Custom::IvsChatLoggingConfiguration',
    arnResource: 'logging-configuration',
    operations: [
      'CreateLoggingConfiguration', 'GetLoggingConfiguration', 'UpdateLoggingConfiguration', 'DeleteLoggingConfiguration',
      'TagResource', 'UntagResource',
    ],
    policyId: 'LoggingConfigurationPolicy',
  },
} as const;

/** A row of `RESOURCE_TYPES`: `room` or `loggingConfiguration`. */
export type ResourceTypeName = keyof typeof RESOURCE_TYPES;

/** The resource types in IVS Chat ARNs: `room`, `logging-configuration`. */
export type IvsChatResourceType = (typeof RESOURCE_TYPES)[ResourceTypeName]['arnResource'];

/** The row of a CloudFormation resource type, if it is one of ours. */
export function resourceTypeOf(cloudFormationType: string): ResourceTypeName | undefined {
  return (Object.keys(RESOURCE_TYPES) as ResourceTypeName[]).find(name => RESOURCE_TYPES[name].cloudFormationType === cloudFormationType);
}
