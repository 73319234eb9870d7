import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { aws_ivschat as ivschat } from 'aws-cdk-lib/interfaces';

const NAMESPACE = 'AWS/IVSChat';

/**
 * Values for the `Action` dimension of the `Deliveries` and `Requests` metrics: the actions of the IVS Chat Messaging
 * API (the `Action` field of the requests a client sends). The monitoring documentation names the dimension but does
 * not list its values, so `action` takes any string the CloudWatch console shows.
 */
export class MessagingAction {
  /** A client sends a message to the room. */
  public static readonly SEND_MESSAGE = 'SEND_MESSAGE';
  /** A client deletes a message. */
  public static readonly DELETE_MESSAGE = 'DELETE_MESSAGE';
  /** A client disconnects a user. */
  public static readonly DISCONNECT_USER = 'DISCONNECT_USER';

  private constructor() {}
}

/**
 * Options of a metric with the `Action` dimension (`Deliveries`, `Requests`).
 */
export interface MessagingActionMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The messaging action, one of the `MessagingAction` constants such as `MessagingAction.SEND_MESSAGE`.
   */
  readonly action: string;
}

/**
 * Options of a metric with the `Uri` dimension: a message review handler's.
 */
export interface ReviewHandlerMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The review handler. IVS Chat reports it by its ARN (the `Uri` dimension), so the metric covers every
   * room that uses this function.
   */
  readonly reviewHandler: lambda.IFunction;
}

/**
 * Options of a metric with the `LoggingConfiguration` dimension.
 */
export interface LoggingConfigurationMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The logging configuration, ours or a `CfnLoggingConfiguration`.
   */
  readonly loggingConfiguration: ivschat.ILoggingConfigurationRef;
}

/**
 * The Amazon IVS Chat metrics (namespace `AWS/IVSChat`), as the IVS Chat User Guide's "Monitoring Amazon IVS Chat"
 * page lists them. They are per account and region: none has a room dimension. Each helper is named after its metric
 * (the two of the review handler's `Uri` dimension prefixed `reviewHandler`), and documents its statistic and period;
 * `props` override them. Helpers on constructs add `metric` (`room.metricReviewHandlerInvocationErrors()`).
 *
 * Counts are summed over 5 minutes. `ConcurrentChatConnections` is a level, not a count: its samples are
 * the number of open connections, and a sum of samples would grow with the number of samples in the
 * period, so it uses the maximum, the peak to compare with the 50,000-connection quota.
 */
export class ChatMetrics {
  /**
   * Any `AWS/IVSChat` metric.
   *
   * Sum over 5 minutes, unless `props` say otherwise.
   */
  public static metric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: NAMESPACE,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * `ConcurrentChatConnections`: open chat connections across all the account's rooms in the region
   * (quota: 50,000).
   *
   * Maximum over 5 minutes: the peak number of connections.
   */
  public static concurrentChatConnections(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return ChatMetrics.metric('ConcurrentChatConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /**
   * `MessagingDeliveries`: messages, events and moderation actions delivered to connections, across all rooms.
   *
   * Sum over 5 minutes.
   */
  public static messagingDeliveries(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return ChatMetrics.metric('MessagingDeliveries', props);
  }

  /**
   * `MessagingRequests`: messaging requests (from clients and the messaging APIs), across all rooms.
   *
   * Sum over 5 minutes.
   */
  public static messagingRequests(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return ChatMetrics.metric('MessagingRequests', props);
  }

  /**
   * `Deliveries` of one messaging action (dimension `Action`), across all rooms.
   *
   * Sum over 5 minutes.
   */
  public static deliveries(props: MessagingActionMetricOptions): cloudwatch.Metric {
    return actionMetric('Deliveries', props);
  }

  /**
   * `Requests` of one messaging action (dimension `Action`), across all rooms.
   *
   * Sum over 5 minutes.
   */
  public static requests(props: MessagingActionMetricOptions): cloudwatch.Metric {
    return actionMetric('Requests', props);
  }

  /**
   * `InvocationErrors` of a message review handler (dimension `Uri`): invocations that failed or timed out
   * (200 ms), each answered with the room's fallback result.
   *
   * Sum over 5 minutes.
   */
  public static reviewHandlerInvocationErrors(props: ReviewHandlerMetricOptions): cloudwatch.Metric {
    return reviewHandlerMetric('InvocationErrors', props);
  }

  /**
   * `ResponseValidationErrors` of a message review handler (dimension `Uri`): answers that were not a valid
   * review response, each replaced by the room's fallback result.
   *
   * Sum over 5 minutes.
   */
  public static reviewHandlerResponseValidationErrors(props: ReviewHandlerMetricOptions): cloudwatch.Metric {
    return reviewHandlerMetric('ResponseValidationErrors', props);
  }

  /**
   * `LogDestinationErrors` of a logging configuration (dimension `LoggingConfiguration`): failed deliveries to its
   * destination.
   *
   * Sum over 5 minutes.
   */
  public static logDestinationErrors(props: LoggingConfigurationMetricOptions): cloudwatch.Metric {
    return loggingConfigurationMetric('LogDestinationErrors', props);
  }

  /**
   * `LogDestinationAccessDeniedError` (the service's name is singular) of a logging configuration (dimension
   * `LoggingConfiguration`): deliveries the destination refused for lack of permissions.
   *
   * Sum over 5 minutes.
   */
  public static logDestinationAccessDeniedError(props: LoggingConfigurationMetricOptions): cloudwatch.Metric {
    return loggingConfigurationMetric('LogDestinationAccessDeniedError', props);
  }

  /**
   * `LogDestinationResourceNotFoundErrors` of a logging configuration (dimension `LoggingConfiguration`):
   * deliveries to a destination that does not exist.
   *
   * Sum over 5 minutes.
   */
  public static logDestinationResourceNotFoundErrors(props: LoggingConfigurationMetricOptions): cloudwatch.Metric {
    return loggingConfigurationMetric('LogDestinationResourceNotFoundErrors', props);
  }

  private constructor() {}
}

/** The metric with its one dimension, which `dimensionsMap` in the options cannot replace. */
function dimensionMetric(metricName: string, dimension: string, value: string, options: cloudwatch.MetricOptions): cloudwatch.Metric {
  return ChatMetrics.metric(metricName, { ...options, dimensionsMap: { ...options.dimensionsMap, [dimension]: value } });
}

function actionMetric(metricName: string, props: MessagingActionMetricOptions): cloudwatch.Metric {
  const { action, ...options } = props;
  return dimensionMetric(metricName, 'Action', action, options);
}

function reviewHandlerMetric(metricName: string, props: ReviewHandlerMetricOptions): cloudwatch.Metric {
  const { reviewHandler, ...options } = props;
  return dimensionMetric(metricName, 'Uri', reviewHandler.functionArn, options);
}

function loggingConfigurationMetric(metricName: string, props: LoggingConfigurationMetricOptions): cloudwatch.Metric {
  const { loggingConfiguration, ...options } = props;
  return dimensionMetric(metricName, 'LoggingConfiguration', loggingConfiguration.loggingConfigurationRef.loggingConfigurationArn, options);
}
