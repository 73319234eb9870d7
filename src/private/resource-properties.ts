/**
 * The custom-resource property contract, shared by the constructs (which write the properties) and the
 * handler in lambda/ivschat-provider (which reads them). The handler imports this file type-only.
 *
 * CloudFormation hands every scalar to the handler as a string, so numbers are typed `string | number`:
 * the construct writes numbers, the handler receives strings and coerces them.
 */

/** `Custom::IvsChatRoom`. */
export interface RoomResourceProperties {
  readonly Name?: string;
  readonly MaximumMessageLength?: string | number;
  readonly MaximumMessageRatePerSecond?: string | number;
  readonly MessageReviewHandler?: MessageReviewHandlerProperty;
  readonly LoggingConfigurationIdentifiers?: string[];
  readonly Tags?: TagProperty[];
}

export interface MessageReviewHandlerProperty {
  readonly Uri: string;
  readonly FallbackResult?: string;
}

/** `Custom::IvsChatLoggingConfiguration`. */
export interface LoggingConfigurationResourceProperties {
  readonly Name?: string;
  readonly DestinationConfiguration: DestinationConfigurationProperty;
  readonly Tags?: TagProperty[];
}

/** Exactly one member is set. */
export interface DestinationConfigurationProperty {
  readonly S3?: { readonly BucketName: string };
  readonly CloudWatchLogs?: { readonly LogGroupName: string };
  readonly Firehose?: { readonly DeliveryStreamName: string };
}

export interface TagProperty {
  readonly Key: string;
  readonly Value: string;
}

/** The attributes the handler returns (`Fn::GetAtt`). */
export interface ResourceAttributes {
  readonly Arn: string;
  readonly Id: string;
}
