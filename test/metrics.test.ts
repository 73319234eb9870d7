import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ivschat from 'aws-cdk-lib/aws-ivschat';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ChatMetrics, LoggingConfiguration, MessagingAction, Room } from '../src';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const HANDLER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:review`;
const CONFIG_ARN = `arn:aws:ivschat:${REGION}:${ACCOUNT}:logging-configuration/abcdefghijkl`;

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: REGION } });
}

function reviewHandler(stack: Stack): lambda.IFunction {
  return lambda.Function.fromFunctionArn(stack, 'Review', HANDLER_ARN);
}

/** What a metric is, as CloudWatch sees it. */
function shapeOf(metric: cloudwatch.Metric) {
  return {
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: metric.dimensions,
    statistic: metric.statistic,
    periodSeconds: metric.period.toSeconds(),
  };
}

const SUM_5_MIN = { statistic: 'Sum', periodSeconds: 300 };

describe('ChatMetrics', () => {
  test('ConcurrentChatConnections has no dimension, Maximum over 5 minutes (a level: its peak, not a sum of samples)', () => {
    expect(shapeOf(ChatMetrics.concurrentChatConnections())).toEqual({
      namespace: 'AWS/IVSChat', metricName: 'ConcurrentChatConnections', dimensions: undefined, statistic: 'Maximum', periodSeconds: 300,
    });
  });

  test.each([
    ['messagingDeliveries', 'MessagingDeliveries'],
    ['messagingRequests', 'MessagingRequests'],
  ] as const)('%s is AWS/IVSChat %s with no dimension, Sum over 5 minutes', (method, metricName) => {
    expect(shapeOf(ChatMetrics[method]())).toEqual({ namespace: 'AWS/IVSChat', metricName, dimensions: undefined, ...SUM_5_MIN });
  });

  test.each([
    ['deliveries', 'Deliveries'],
    ['requests', 'Requests'],
  ] as const)('%s is AWS/IVSChat %s by Action, Sum over 5 minutes', (method, metricName) => {
    expect(shapeOf(ChatMetrics[method]({ action: MessagingAction.SEND_MESSAGE }))).toEqual({
      namespace: 'AWS/IVSChat', metricName, dimensions: { Action: 'SEND_MESSAGE' }, ...SUM_5_MIN,
    });
  });

  test('MessagingAction holds the Messaging API\'s actions', () => {
    expect([MessagingAction.SEND_MESSAGE, MessagingAction.DELETE_MESSAGE, MessagingAction.DISCONNECT_USER])
      .toEqual(['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']);
  });

  test('every helper is named after its metric: ChatMetrics lower camel case (reviewHandler for the Uri ones), constructs metric + upper', () => {
    // The metrics of the IVS Chat User Guide, "Monitoring Amazon IVS Chat" (chat-health.html).
    const documented = ['ConcurrentChatConnections', 'Deliveries', 'Requests', 'MessagingDeliveries', 'MessagingRequests',
      'InvocationErrors', 'ResponseValidationErrors', 'LogDestinationAccessDeniedError', 'LogDestinationErrors', 'LogDestinationResourceNotFoundErrors'];
    const helperOf = (metricName: string) => ['InvocationErrors', 'ResponseValidationErrors'].includes(metricName)
      ? `reviewHandler${metricName}` : metricName[0].toLowerCase() + metricName.slice(1);
    const stack = newStack();
    const config = LoggingConfiguration.fromLoggingConfigurationArn(stack, 'Config', CONFIG_ARN);
    const room = new Room(stack, 'Room', { messageReviewHandler: { handler: reviewHandler(stack) } });
    const options = { action: MessagingAction.SEND_MESSAGE, reviewHandler: reviewHandler(newStack()), loggingConfiguration: config };

    for (const metricName of documented) {
      expect((ChatMetrics as any)[helperOf(metricName)](options).metricName).toEqual(metricName);
    }
    for (const [construct, metricNames] of [[room, ['InvocationErrors', 'ResponseValidationErrors']], [config, documented.filter(name => name.startsWith('Log'))]] as const) {
      for (const metricName of metricNames) {
        const helper = `metric${helperOf(metricName)[0].toUpperCase()}${helperOf(metricName).slice(1)}`;
        expect((construct as any)[helper]().metricName).toEqual(metricName);
      }
    }
  });

  test.each([
    ['reviewHandlerInvocationErrors', 'InvocationErrors'],
    ['reviewHandlerResponseValidationErrors', 'ResponseValidationErrors'],
  ] as const)('%s is AWS/IVSChat %s by Uri (the function ARN), Sum over 5 minutes', (method, metricName) => {
    const metric = ChatMetrics[method]({ reviewHandler: reviewHandler(newStack()) });

    expect(shapeOf(metric)).toEqual({ namespace: 'AWS/IVSChat', metricName, dimensions: { Uri: HANDLER_ARN }, ...SUM_5_MIN });
  });

  test.each([
    ['logDestinationErrors', 'LogDestinationErrors'],
    ['logDestinationAccessDeniedError', 'LogDestinationAccessDeniedError'],
    ['logDestinationResourceNotFoundErrors', 'LogDestinationResourceNotFoundErrors'],
  ] as const)('%s is AWS/IVSChat %s by LoggingConfiguration, Sum over 5 minutes', (method, metricName) => {
    const config = LoggingConfiguration.fromLoggingConfigurationArn(newStack(), 'Config', CONFIG_ARN);

    expect(shapeOf(ChatMetrics[method]({ loggingConfiguration: config }))).toEqual({
      namespace: 'AWS/IVSChat', metricName, dimensions: { LoggingConfiguration: CONFIG_ARN }, ...SUM_5_MIN,
    });
  });

  test('a CfnLoggingConfiguration works where a logging configuration is expected', () => {
    const stack = newStack();
    const cfn = new ivschat.CfnLoggingConfiguration(stack, 'Cfn', { destinationConfiguration: { cloudWatchLogs: { logGroupName: 'chat' } } });
    const metric = ChatMetrics.logDestinationErrors({ loggingConfiguration: cfn });

    // Ref of an AWS::IVSChat::LoggingConfiguration is its ARN.
    expect(stack.resolve(metric.dimensions)).toEqual({ LoggingConfiguration: { Ref: stack.getLogicalId(cfn) } });
  });

  test('metric() is any AWS/IVSChat metric, Sum over 5 minutes', () => {
    expect(shapeOf(ChatMetrics.metric('SomethingNew', { dimensionsMap: { Action: 'X' } }))).toEqual({
      namespace: 'AWS/IVSChat', metricName: 'SomethingNew', dimensions: { Action: 'X' }, ...SUM_5_MIN,
    });
  });

  test('options override the statistic and period, and add a label', () => {
    const metric = ChatMetrics.requests({ action: MessagingAction.DISCONNECT_USER, statistic: 'p99', period: Duration.minutes(1), label: 'events' });

    expect([metric.statistic, metric.period.toSeconds(), metric.label]).toEqual(['p99', 60, 'events']);
  });

  test('the typed dimension wins over a dimensionsMap in the options', () => {
    const metric = ChatMetrics.deliveries({ action: MessagingAction.DELETE_MESSAGE, dimensionsMap: { Action: 'OTHER', Extra: 'x' } });

    expect(metric.dimensions).toEqual({ Action: 'DELETE_MESSAGE', Extra: 'x' });
  });

  test('a metric makes an alarm on the namespace, name and dimension', () => {
    const stack = newStack();
    ChatMetrics.deliveries({ action: MessagingAction.SEND_MESSAGE }).createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/IVSChat',
      MetricName: 'Deliveries',
      Dimensions: [{ Name: 'Action', Value: 'SEND_MESSAGE' }],
      Statistic: 'Sum',
      Period: 300,
    });
  });
});

describe('Room review handler metrics', () => {
  test.each([
    ['metricReviewHandlerInvocationErrors', 'InvocationErrors'],
    ['metricReviewHandlerResponseValidationErrors', 'ResponseValidationErrors'],
  ] as const)('%s is %s of the room\'s review handler, Sum over 5 minutes', (method, metricName) => {
    const stack = newStack();
    const room = new Room(stack, 'Room', { messageReviewHandler: { handler: reviewHandler(stack) } });

    expect(shapeOf(room[method]())).toEqual({ namespace: 'AWS/IVSChat', metricName, dimensions: { Uri: HANDLER_ARN }, ...SUM_5_MIN });
  });

  test('the room\'s metric is ChatMetrics\'s, in the room\'s environment', () => {
    const stack = newStack();
    const handler = reviewHandler(stack);
    const room = new Room(stack, 'Room', { messageReviewHandler: { handler } });

    const fromRoom = room.metricReviewHandlerInvocationErrors({ period: Duration.minutes(1) });
    expect(shapeOf(fromRoom)).toEqual(shapeOf(ChatMetrics.reviewHandlerInvocationErrors({ reviewHandler: handler, period: Duration.minutes(1) })));
    expect([fromRoom.account, fromRoom.region]).toEqual([ACCOUNT, REGION]);
  });

  test.each([
    'metricReviewHandlerInvocationErrors',
    'metricReviewHandlerResponseValidationErrors',
  ] as const)('%s on a room without a review handler throws', (method) => {
    const room = new Room(newStack(), 'Room');

    expect(() => room[method]()).toThrow(new RegExp(
      `^\`${method}\\(\\)\` measures the room's message review handler, and room 'Stack/Room' has none: set \`messageReviewHandler\`\\.$`,
    ));
  });
});

describe('LoggingConfiguration metrics delegate to ChatMetrics', () => {
  test.each([
    ['metricLogDestinationErrors', 'logDestinationErrors'],
    ['metricLogDestinationAccessDeniedError', 'logDestinationAccessDeniedError'],
    ['metricLogDestinationResourceNotFoundErrors', 'logDestinationResourceNotFoundErrors'],
  ] as const)('%s equals ChatMetrics.%s of the configuration', (method, helper) => {
    const config = LoggingConfiguration.fromLoggingConfigurationArn(newStack(), 'Config', CONFIG_ARN);

    expect(shapeOf(config[method]())).toEqual(shapeOf(ChatMetrics[helper]({ loggingConfiguration: config })));
  });

  test('metric() keeps the configuration\'s dimension', () => {
    const config = LoggingConfiguration.fromLoggingConfigurationArn(newStack(), 'Config', CONFIG_ARN);

    expect(shapeOf(config.metric('LogDestinationErrors', { dimensionsMap: { LoggingConfiguration: 'other' } }))).toEqual({
      namespace: 'AWS/IVSChat', metricName: 'LogDestinationErrors', dimensions: { LoggingConfiguration: CONFIG_ARN }, ...SUM_5_MIN,
    });
  });
});
