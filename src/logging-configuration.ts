import { IResource, ITaggable, Resource, TagManager } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { ChatResourceProps } from './chat-resource-props';
import { LoggingConfigurationGrants } from './logging-configuration-grants';
import { LoggingDestination } from './logging-destination';
import { ChatMetrics } from './metrics';
import { ChatResourceElement, importChatResource, renderTags, tagManagerOf } from './private/chat-resource';
import { LoggingConfigurationResourceProperties } from './private/resource-properties';
import * as rules from './private/service-rules';
import { validate } from './private/synth-validation';

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
   * Grants on this logging configuration, all scoped to its ARN.
   */
  readonly grants: LoggingConfigurationGrants;

  /**
   * Grants `ivschat:GetLoggingConfiguration` on this logging configuration (`grants.read`; its tags come with it: IAM
   * defines `ivschat:ListTagsForResource` on rooms only).
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of this logging configuration (namespace `AWS/IVSChat`, dimension `LoggingConfiguration`).
   *
   * Sum over 5 minutes, unless `props` say otherwise.
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationErrors` of this logging configuration: failed deliveries to its destination.
   *
   * Sum over 5 minutes.
   */
  metricLogDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationAccessDeniedError` (the service's name is singular) of this logging configuration: deliveries the
   * destination refused for lack of permissions.
   *
   * Sum over 5 minutes.
   */
  metricLogDestinationAccessDeniedError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * `LogDestinationResourceNotFoundErrors` of this logging configuration: deliveries to a destination that does not
   * exist.
   *
   * Sum over 5 minutes.
   */
  metricLogDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * Properties of a `LoggingConfiguration`.
 */
export interface LoggingConfigurationProps extends ChatResourceProps {
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

}

/**
 * What every logging configuration, owned or imported, offers: grants, metrics and the reference.
 */
abstract class LoggingConfigurationBase extends Resource implements ILoggingConfiguration {
  public abstract readonly loggingConfigurationArn: string;
  public abstract readonly loggingConfigurationId: string;

  /**
   * Grants on this logging configuration, all scoped to its ARN.
   */
  public readonly grants: LoggingConfigurationGrants = LoggingConfigurationGrants.fromLoggingConfiguration(this);

  /**
   * A reference to this logging configuration, for APIs that take an `ILoggingConfigurationRef`.
   */
  public get loggingConfigurationRef(): ivschat.LoggingConfigurationReference {
    return { loggingConfigurationArn: this.loggingConfigurationArn };
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grants.read(grantee);
  }

  public metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return ChatMetrics.metric(metricName, {
      ...props,
      dimensionsMap: { ...props.dimensionsMap, LoggingConfiguration: this.loggingConfigurationArn },
    }).attachTo(this);
  }

  public metricLogDestinationErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationErrors({ ...props, loggingConfiguration: this }).attachTo(this);
  }

  public metricLogDestinationAccessDeniedError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ChatMetrics.logDestinationAccessDeniedError({ ...props, loggingConfiguration: this }).attachTo(this);
  }

  public metricLogDestinationResourceNotFoundErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
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
    return importChatResource(LoggingConfigurationBase, scope, id, 'loggingConfiguration', '`loggingConfigurationArn`', loggingConfigurationArn,
      loggingConfigurationId => ({ loggingConfigurationArn, loggingConfigurationId }));
  }

  /**
   * The logging configuration's tags, set with `Tags.of(config).add(key, value)`.
   */
  public readonly tags: TagManager = tagManagerOf('loggingConfiguration');

  private readonly resource: ChatResourceElement;

  constructor(scope: Construct, id: string, props: LoggingConfigurationProps) {
    super(scope, id);
    validate(rules.checkName, '`loggingConfigurationName`', props.loggingConfigurationName);
    const destination = props.destination._bind(this);

    const name = props.loggingConfigurationName;
    this.resource = new ChatResourceElement(this, {
      type: 'loggingConfiguration',
      // Tags as they are at synthesis, so that those added later are included.
      properties: (): LoggingConfigurationResourceProperties => ({
        Name: name,
        DestinationConfiguration: destination.property,
        Tags: renderTags(this.tags),
      }),
      removalPolicy: props.removalPolicy,
      permissions: destination.setupPermissions,
    });
    this.resource.node.addDependency(...destination.dependables);
  }

  public get loggingConfigurationArn(): string {
    return this.resource.attrArn;
  }

  public get loggingConfigurationId(): string {
    return this.resource.attrId;
  }
}
