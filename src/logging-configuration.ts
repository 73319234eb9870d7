import { IResource, ITaggable, RemovalPolicy, Resource, TagManager, TagType, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { LoggingDestination } from './logging-destination';
import { ChatMetrics } from './metrics';
import { IvsChatProvider } from './private/provider';
import { LoggingConfigurationResourceProperties } from './private/resource-properties';
import { RESOURCE_TYPES } from './private/resource-types';
import { parseIvsChatArn, tagErrors, validateName } from './private/validation';


/**
 * An Amazon IVS Chat logging configuration: where rooms that reference it log their messages.
 */
export interface ILoggingConfiguration extends IResource, ivschat.ILoggingConfigurationRef {
  /**
   * The logging configuration's ARN.
   *
   * @attribute
   */
  readonly loggingConfigurationArn: string;

  /**
   * The logging configuration's ID, the last part of its ARN (12 characters).
   *
   * @attribute
   */
  readonly loggingConfigurationId: string;

  /**
   * Grants the given IVS Chat actions on this logging configuration.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grants `ivschat:GetLoggingConfiguration` on this logging configuration (its tags come with it: IAM defines
   * `ivschat:ListTagsForResource` on rooms only).
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of this logging configuration (namespace `AWS/IVSChat`, dimension `LoggingConfiguration`).
   *
   * Sum over 5 minutes, unless `props` say otherwise.
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationErrors`: messages that could not be delivered to the destination.
   *
   * Sum over 5 minutes.
   */
  metricDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationAccessDeniedError`: deliveries refused because the destination's policy does not let the
   * log-delivery service write.
   *
   * Sum over 5 minutes.
   */
  metricDestinationAccessDeniedErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationResourceNotFoundErrors`: deliveries to a destination that no longer exists.
   *
   * Sum over 5 minutes.
   */
  metricDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * Properties of a `LoggingConfiguration`.
 */
export interface LoggingConfigurationProps {
  /**
   * The logging configuration's name: up to 128 letters, digits, hyphens and underscores.
   *
   * @default - the service leaves it empty
   */
  readonly loggingConfigurationName?: string;

  /**
   * Where chat logs are delivered. Changing the destination (even its type) updates the
   * configuration in place: its ARN stays, and rooms keep logging to it.
   */
  readonly destination: LoggingDestination;

  /**
   * What happens to the logging configuration when it is removed from the stack or the stack is deleted.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * What every logging configuration, owned or imported, offers: grants, metrics and the reference.
 */
abstract class LoggingConfigurationBase extends Resource implements ILoggingConfiguration {
  public abstract readonly loggingConfigurationArn: string;
  public abstract readonly loggingConfigurationId: string;

  /**
   * A reference to this logging configuration, for APIs that take an `ILoggingConfigurationRef`.
   */
  public get loggingConfigurationRef(): ivschat.LoggingConfigurationReference {
    return { loggingConfigurationArn: this.loggingConfigurationArn };
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.loggingConfigurationArn] });
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'ivschat:GetLoggingConfiguration');
  }

  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return ChatMetrics.metric(metricName, {
      ...props,
      dimensionsMap: { ...props.dimensionsMap, LoggingConfiguration: this.loggingConfigurationArn },
    }).attachTo(this);
  }

  public metricDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }

  public metricDestinationAccessDeniedErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationAccessDeniedErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }

  public metricDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationResourceNotFoundErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }
}

/**
 * An Amazon IVS Chat logging configuration, created through the IVS Chat API by the stack's
 * custom-resource provider, which waits until it is ACTIVE.
 *
 * @resource Custom::IvsChatLoggingConfiguration
 */
export class LoggingConfiguration extends LoggingConfigurationBase implements ITaggable {
  /**
   * Imports an existing logging configuration by its ARN.
   */
  public static fromLoggingConfigurationArn(scope: Construct, id: string, loggingConfigurationArn: string): ILoggingConfiguration {
    const parts = parseIvsChatArn('`loggingConfigurationArn`', loggingConfigurationArn, 'logging-configuration');
    class Import extends LoggingConfigurationBase {
      public readonly loggingConfigurationArn = loggingConfigurationArn;
      public readonly loggingConfigurationId = parts.resourceName!;
    }
    return new Import(scope, id, { environmentFromArn: loggingConfigurationArn });
  }

  public readonly loggingConfigurationArn: string;
  public readonly loggingConfigurationId: string;

  /**
   * The state the handler saw last (`ACTIVE` once deployed).
   *
   * @attribute
   */
  public readonly loggingConfigurationState: string;

  /**
   * The logging configuration's tags, set with `Tags.of(config).add(key, value)`.
   */
  public readonly tags: TagManager = new TagManager(TagType.KEY_VALUE, RESOURCE_TYPES.loggingConfiguration.cloudFormationType);

  constructor(scope: Construct, id: string, props: LoggingConfigurationProps) {
    super(scope, id);
    validateName('`loggingConfigurationName`', props.loggingConfigurationName);

    const provider = IvsChatProvider.of(this);
    const destination = props.destination._bind(this);

    const properties: LoggingConfigurationResourceProperties = {
      Name: props.loggingConfigurationName,
      DestinationConfiguration: destination.property,
      Tags: this.tags.renderedTags as any,
    };
    const resource = provider.resource(this, 'loggingConfiguration', properties, props.removalPolicy ?? RemovalPolicy.DESTROY, destination.setupPermissions);
    resource.node.addDependency(...destination.dependables);

    this.loggingConfigurationArn = Token.asString(resource.getAtt('Arn'));
    this.loggingConfigurationId = Token.asString(resource.getAtt('Id'));
    this.loggingConfigurationState = Token.asString(resource.getAtt('State'));
    this.node.addValidation({ validate: () => tagErrors(this.tags) });
  }
}
