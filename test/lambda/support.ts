import { randomUUID } from 'crypto';
import { IvschatClient } from '@aws-sdk/client-ivschat';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import { EmulatorOptions, IvsChatEmulator } from '../../local/control-plane';

export const ROOM = 'Custom::IvsChatRoom';
export const LOGGING_CONFIGURATION = 'Custom::IvsChatLoggingConfiguration';

/** A presigned URL: it must never reach a log line or an error message. */
export const RESPONSE_URL = 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation?X-Amz-Signature=SECRETSIGNATURE';
const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:provider-framework-onEvent';

type Properties = Record<string, unknown>;

export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/chat/0f8a7a20-0000-0000-0000-000000000000';

/** What every event carries; each event is a request of its own, with its own RequestId, as CloudFormation sends them. */
function common() {
  return {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: RESPONSE_URL,
    StackId: STACK_ID,
    RequestId: randomUUID(),
    LogicalResourceId: 'Resource',
  };
}

export function createEvent(resourceType: string, properties: Properties): CloudFormationCustomResourceCreateEvent {
  return { ...common(), RequestType: 'Create', ResourceType: resourceType, ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...properties } };
}

export function updateEvent(
  resourceType: string,
  physicalResourceId: string,
  properties: Properties,
  oldProperties: Properties,
): CloudFormationCustomResourceUpdateEvent {
  return {
    ...common(),
    RequestType: 'Update',
    ResourceType: resourceType,
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...properties },
    OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...oldProperties },
  };
}

export function deleteEvent(resourceType: string, physicalResourceId: string, properties: Properties = {}): CloudFormationCustomResourceDeleteEvent {
  return {
    ...common(),
    RequestType: 'Delete',
    ResourceType: resourceType,
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...properties },
  };
}

/** A Lambda context with this much time left. */
export function contextWithRemaining(ms: number): { getRemainingTimeInMillis(): number } {
  return { getRemainingTimeInMillis: () => ms };
}

/** Starts an emulator and points SDK clients created from the environment (the handler's) at it. */
export async function startEmulator(options?: EmulatorOptions): Promise<IvsChatEmulator> {
  const emulator = await IvsChatEmulator.start(options);
  Object.assign(process.env, emulator.env());
  return emulator;
}

export interface SentCommand {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  output?: Record<string, unknown>;
  error?: Error;
}

/**
 * Records what the SDK sends and receives, still through the emulator: for what the emulator's call records do
 * not show (request fields, answered states). Restore with `jest.restoreAllMocks()`.
 */
export function recordSentCommands(): SentCommand[] {
  const sent: SentCommand[] = [];
  const send = IvschatClient.prototype.send;
  jest.spyOn(IvschatClient.prototype, 'send').mockImplementation(async function (this: IvschatClient, command: any, ...rest: any[]) {
    const record: SentCommand = { operation: command.constructor.name.replace(/Command$/, ''), input: command.input };
    sent.push(record);
    try {
      record.output = await (send as any).call(this, command, ...rest);
      return record.output;
    } catch (error) {
      record.error = error as Error;
      throw error;
    }
  } as any);
  return sent;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
