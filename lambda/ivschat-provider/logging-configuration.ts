import {
  CreateLoggingConfigurationCommand,
  DeleteLoggingConfigurationCommand,
  DestinationConfiguration,
  GetLoggingConfigurationCommand,
  UpdateLoggingConfigurationCommand,
  UpdateLoggingConfigurationRequest,
} from '@aws-sdk/client-ivschat';
import { callIvsChat, isConflict, isNotFound, unlessNotFound } from './api';
import { withDeadline } from './deadline';
import { FieldTable, text } from './fields';
import { createdResource, ResourceHandler } from './lifecycle';
import { tagsField, updateTags } from './tags';
import { CLEANUP_BUDGET_MS, pollDelay, systemClock, waitFor } from './waiter';
import type { LoggingConfigurationResourceProperties } from '../../src/private/resource-properties';
import { RESOURCE_TYPES } from '../../src/private/resource-types';
import { checkBucketName, checkDeliveryStreamName, checkLogGroupName, checkName } from '../../src/private/service-rules';

/** What CreateLoggingConfiguration and UpdateLoggingConfiguration take, besides the identifier and tags. */
export type LoggingConfigurationFields = Omit<UpdateLoggingConfigurationRequest, 'identifier'>;

/** The configuration's properties, field by field, with the service's defaults (what a removed property returns to). */
export const LOGGING_CONFIGURATION_FIELDS = new FieldTable<LoggingConfigurationFields, LoggingConfigurationResourceProperties>([
  { property: 'Name', field: 'name', read: text(checkName), default: '' },
  // Any destination change, even of type (S3 to CloudWatch Logs), is an in-place update.
  { property: 'DestinationConfiguration', field: 'destinationConfiguration', read: destination, required: true },
]);

const ACTIVE = 'ACTIVE';
/** Shown as the last state of a configuration that a read did not find. */
const NOT_FOUND = 'NOT_FOUND';
const FAILED_STATES = new Set(['CREATE_FAILED', 'UPDATE_FAILED', 'DELETE_FAILED']);

/** The service finished a change in a `*_FAILED` state. It gives no reason. */
export class LoggingConfigurationFailedError extends Error {
  constructor(arn: string, state: string) {
    const hint = state === 'DELETE_FAILED' ? '' : ' Check that the destination exists in this account and region and accepts log delivery.';
    super(`Logging configuration ${arn} reached state ${state} (the service gives no reason).${hint}`);
    this.name = 'LoggingConfigurationFailedError';
  }
}

/**
 * `Custom::IvsChatLoggingConfiguration`. Creates and updates return once the configuration is ACTIVE (two
 * consecutive reads), deletes once it is gone, so that rooms which refer to it are created and deleted in order.
 */
export const loggingConfigurationHandler: ResourceHandler<LoggingConfigurationResourceProperties> = {
  arnResourceType: RESOURCE_TYPES.loggingConfiguration.arnResource,

  async create(properties, invocation) {
    const { name, destinationConfiguration, tags } = LOGGING_CONFIGURATION_FIELDS.settings(properties);
    const response = await callIvsChat('CreateLoggingConfiguration', undefined, (client, options) => client.send(
      new CreateLoggingConfigurationCommand({ name, destinationConfiguration, tags: tagsField(tags) }), options,
    ));
    const resource = createdResource('CreateLoggingConfiguration', response);
    try {
      await waitUntilActive(resource.arn, invocation.deadline);
    } catch (error) {
      // A failed create leaves CloudFormation without a physical id to delete later: delete it now, in the time
      // kept back for that, whatever the error (reads throttled until the deadline included).
      const cleanupDeadline = invocation.deadline + CLEANUP_BUDGET_MS;
      throw await withDeadline(cleanupDeadline, () => deleteAfterFailedCreate(resource.arn, error, cleanupDeadline));
    }
    return resource;
  },

  async update(resource, properties, oldProperties, invocation) {
    const next = LOGGING_CONFIGURATION_FIELDS.settings(properties);
    const previous = LOGGING_CONFIGURATION_FIELDS.previousSettings(oldProperties);
    const changes = LOGGING_CONFIGURATION_FIELDS.changes(previous, next);
    if (changes !== undefined) {
      await retryWhileChanging(invocation.deadline, () => callIvsChat('UpdateLoggingConfiguration', resource.arn, (client, options) => client.send(
        new UpdateLoggingConfigurationCommand({ identifier: resource.arn, ...changes }), options,
      )));
      await waitUntilActive(resource.arn, invocation.deadline);
    }
    const tagsChanged = await updateTags(resource.arn, previous.tags, next.tags);
    return changes !== undefined || tagsChanged;
  },

  async delete(resource, invocation) {
    await retryWhileChanging(invocation.deadline, () => callIvsChat('DeleteLoggingConfiguration', resource.arn, (client, options) => client.send(
      new DeleteLoggingConfigurationCommand({ identifier: resource.arn }), options,
    )));
    await waitForState(resource.arn, invocation.deadline, 'to be deleted', state => state === NOT_FOUND);
  },

  async exists(resource) {
    return await readState(resource.arn) !== NOT_FOUND;
  },

  attributes(resource) {
    return { Arn: resource.arn, Id: resource.id };
  },
};

async function readState(arn: string): Promise<string> {
  const configuration = await unlessNotFound(callIvsChat('GetLoggingConfiguration', arn, (client, options) => client.send(
    new GetLoggingConfigurationCommand({ identifier: arn }), options,
  )));
  return configuration === undefined ? NOT_FOUND : configuration.state ?? 'UNKNOWN';
}

/**
 * Polls the state until `done` says true ('confirm': read again soon); a `*_FAILED` state that `done` does not
 * accept fails the wait.
 */
async function waitForState(arn: string, deadline: number, goal: string, done: (state: string) => boolean | 'confirm'): Promise<void> {
  await waitFor({
    description: `logging configuration ${arn} ${goal}`,
    deadline,
    poll: async () => {
      const state = await readState(arn);
      const verdict = done(state);
      if (verdict === true) {
        return { done: true, value: undefined };
      }
      if (FAILED_STATES.has(state)) {
        throw new LoggingConfigurationFailedError(arn, state);
      }
      return { done: false, state, confirming: verdict === 'confirm' };
    },
  });
}

/** Two consecutive ACTIVE reads, as Terraform waits: a single one can be a stale read from before the change. */
async function waitUntilActive(arn: string, deadline: number): Promise<void> {
  let activeReads = 0;
  await waitForState(arn, deadline, `to become ${ACTIVE}`, state => {
    activeReads = state === ACTIVE ? activeReads + 1 : 0;
    return activeReads >= 2 || (activeReads === 1 ? 'confirm' : false);
  });
}

/**
 * Runs `change`; while the service answers ConflictException because a previous change is still in progress (or a
 * create: the service refuses to delete a CREATING configuration), tries again after `pollDelay`, until `deadline`.
 * It retries the change itself rather than reading the state in between: both cost one call of the same 3 TPS quota,
 * and a retry needs no read that may itself be throttled.
 */
async function retryWhileChanging<T>(deadline: number, change: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      const delay = pollDelay(attempt);
      if (!isConflict(error) || systemClock.now() + delay >= deadline) {
        throw error;
      }
      await systemClock.sleep(delay);
    }
  }
}

/**
 * Best effort: the returned error says whether the configuration is gone or left for the user to delete. After a
 * timeout the configuration is still CREATING, and the service refuses to delete it (ConflictException) until the
 * create completes: that is waited out until `deadline`, which lies in the Lambda's safety margin.
 */
async function deleteAfterFailedCreate(arn: string, error: unknown, deadline: number): Promise<Error> {
  const reason = error instanceof Error ? error.message : String(error);
  try {
    await retryWhileChanging(deadline, () => callIvsChat('DeleteLoggingConfiguration', arn, (client, options) => client.send(
      new DeleteLoggingConfigurationCommand({ identifier: arn }), options,
    )));
    return new Error(`${reason} The logging configuration has been deleted.`, { cause: error });
  } catch (deleteError) {
    if (isNotFound(deleteError)) {
      return new Error(`${reason} The logging configuration no longer exists.`, { cause: error });
    }
    const deleteReason = deleteError instanceof Error ? deleteError.message : String(deleteError);
    return new Error(`${reason} It could not be deleted, delete it yourself: ${deleteReason}`, { cause: error });
  }
}

/** Exactly one of the three destination types, its name checked by the type's rule. */
function destination(label: string, raw: unknown, problems: string[]): DestinationConfiguration | undefined {
  const given = typeof raw === 'object' && raw !== null ? raw as Record<string, Record<string, unknown> | undefined> : {};
  const members = (['S3', 'CloudWatchLogs', 'Firehose'] as const).filter(member => given[member] !== undefined);
  if (members.length !== 1) {
    problems.push(`${label} must have exactly one of S3, CloudWatchLogs or Firehose, got: ${members.length === 0 ? 'none' : members.join(', ')}.`);
    return undefined;
  }
  const member = `${label}.${members[0]}`;
  if (given.S3 !== undefined) {
    return { s3: { bucketName: text(checkBucketName)(`${member}.BucketName`, given.S3?.BucketName ?? '', problems, {}) } };
  }
  if (given.CloudWatchLogs !== undefined) {
    return { cloudWatchLogs: { logGroupName: text(checkLogGroupName)(`${member}.LogGroupName`, given.CloudWatchLogs?.LogGroupName ?? '', problems, {}) } };
  }
  return { firehose: { deliveryStreamName: text(checkDeliveryStreamName)(`${member}.DeliveryStreamName`, given.Firehose?.DeliveryStreamName ?? '', problems, {}) } };
}
