/**
 * What the reliability tests share: copies of the bundled handler (assets/ivschat-provider/index.js, what
 * users deploy), CloudFormation-shaped properties taken from synthesized stacks, and waiting on the emulator.
 */
import * as path from 'path';
import { App, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IvsChatEmulator, LoggingConfigurationRecord, RoomRecord } from '../../local/control-plane';
import { LoggingConfiguration, LoggingDestination, Room, RoomProps } from '../../src';
import { LOGGING_CONFIGURATION, ROOM } from '../lambda/support';

export { LOGGING_CONFIGURATION, ROOM };

export const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'ivschat-provider', 'index.js');
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const REVIEW_HANDLER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:review`;

/** The physical id that aws-cdk-lib's Provider framework answers for a Create that failed. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export interface HandlerResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export type Handler = (event: unknown, context?: unknown) => Promise<HandlerResponse>;

/**
 * A copy of the bundled handler with its own module state (SDK client, retry rate, remembered requests), as a
 * separate Lambda execution environment has. `process.env` must already point at the emulator.
 */
export function loadBundle(): Handler {
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // The bundle is plain JavaScript built by `npx projen bundle`: loaded at run time, not compiled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(BUNDLE).handler;
  });
  return handler!;
}

/**
 * The properties CloudFormation hands the handler for the stack's only resource of this type: the
 * template's, without ServiceToken, references replaced by `references[logicalId]`, every scalar a string.
 */
export function cfnProperties(stack: Stack, type: string, references: Record<string, string> = {}): Record<string, unknown> {
  const [properties] = Object.values(cfnPropertiesByLogicalId(stack, type, references));
  return properties;
}

/** The properties CloudFormation hands the handler for each resource of this type, by logical id (see `cfnProperties`). */
export function cfnPropertiesByLogicalId(
  stack: Stack,
  type: string,
  references: Record<string, string> = {},
): Record<string, Record<string, unknown>> {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(convert);
    }
    if (value !== null && typeof value === 'object') {
      const [key] = Object.keys(value);
      if (key === 'Ref' || key === 'Fn::GetAtt') {
        const reference = value as { 'Ref'?: string; 'Fn::GetAtt'?: string[] };
        const name = reference.Ref ?? reference['Fn::GetAtt']![0];
        if (!(name in references)) {
          throw new Error(`No value for the reference to ${name}`);
        }
        return references[name];
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    return String(value);
  };
  const resources = Template.fromStack(stack).findResources(type);
  return Object.fromEntries(Object.entries(resources).map(([logicalId, resource]) => {
    const { ServiceToken: _, ...properties } = resource.Properties;
    return [logicalId, convert(properties) as Record<string, unknown>];
  }));
}

export function newStack(): Stack {
  return new Stack(new App(), 'Chat', { env: { account: ACCOUNT, region: REGION } });
}

/** A room's CloudFormation properties, from a stack with this room and these tags. */
export function roomProperties(props: RoomProps & { reviewHandler?: boolean }, tags: Record<string, string> = {}): Record<string, unknown> {
  const stack = newStack();
  const { reviewHandler, ...roomProps } = props;
  const room = new Room(stack, 'Room', {
    ...roomProps,
    ...reviewHandler && { messageReviewHandler: { handler: lambda.Function.fromFunctionArn(stack, 'Review', REVIEW_HANDLER_ARN) } },
  });
  for (const [key, value] of Object.entries(tags)) {
    Tags.of(room).add(key, value);
  }
  return cfnProperties(stack, ROOM);
}

/** A logging configuration's CloudFormation properties: a CloudWatch Logs destination, with these tags. */
export function loggingConfigurationProperties(name: string, logGroupName: string, tags: Record<string, string> = {}): Record<string, unknown> {
  const stack = newStack();
  const config = new LoggingConfiguration(stack, 'Config', {
    loggingConfigurationName: name,
    destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, 'Logs', logGroupName)),
  });
  for (const [key, value] of Object.entries(tags)) {
    Tags.of(config).add(key, value);
  }
  return cfnProperties(stack, LOGGING_CONFIGURATION);
}

/** A logging configuration as it is deployed first (V1) and after an update (V2). */
export const LOGGING_V1 = loggingConfigurationProperties('chat-logs', '/chat/v1', { team: 'chat', stage: 'dev' });
export const LOGGING_V2 = loggingConfigurationProperties('chat-logs-2', '/chat/v2', { team: 'video', owner: 'me' });

/** A room as the service holds it, without the update time (which every change moves). */
export function roomState(room: RoomRecord): Omit<RoomRecord, 'updateTime'> {
  const { updateTime: _, ...state } = room;
  return state;
}

/** A logging configuration as the service holds it, without the update time. */
export function configurationState(configuration: LoggingConfigurationRecord): Omit<LoggingConfigurationRecord, 'updateTime'> {
  const { updateTime: _, ...state } = configuration;
  return state;
}

/** Polls `condition` every 25 ms until it holds; fails after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

/** Until the emulator holds no logging configuration (DELETING ones finish on their own). */
export async function noLoggingConfigurationLeft(emulator: IvsChatEmulator): Promise<void> {
  await eventually(() => emulator.loggingConfigurations().length === 0);
}

/** The calls the emulator answered with this error type. */
export function answered(emulator: IvsChatEmulator, errorType: string): number {
  return emulator.calls.filter(call => call.errorType === errorType).length;
}
