import {
  CreateLoggingConfigurationCommand,
  DeleteLoggingConfigurationCommand,
  GetLoggingConfigurationCommand,
  UpdateLoggingConfigurationCommand,
} from '@aws-sdk/client-ivschat';
import { callIvsChat, isConflict, isNotFound, unlessNotFound } from './api';
import { loggingConfigurationChanges } from './changes';
import { createdResource, ResourceHandler } from './lifecycle';
import { loggingConfigurationSettings, previousLoggingConfigurationSettings } from './properties';
import { tagsField, updateTags } from './tagging';
import { CLEANUP_BUDGET_MS, waitFor } from './waiter';
import type { LoggingConfigurationResourceProperties } from '../../src/private/resource-properties';

const ACTIVE = 'ACTIVE';
/** Shown as the last state of a configuration that a read did not find. */
const NOT_FOUND = 'NOT_FOUND';
const CHANGING_STATES = new Set(['CREATING', 'UPDATING', 'DELETING']);
const FAILED_STATES = new Set(['CREATE_FAILED', 'UPDATE_FAILED', 'DELETE_FAILED']);

/** An update or delete that keeps answering ConflictException after this many tries fails with it. */
const MAX_CHANGE_ATTEMPTS = 5;

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
  arnResourceType: 'logging-configuration',

  async create(properties, invocation) {
    const { name, destinationConfiguration, tags } = loggingConfigurationSettings(properties);
    const response = await callIvsChat('CreateLoggingConfiguration', undefined, client => client.send(
      new CreateLoggingConfigurationCommand({ name, destinationConfiguration, tags: tagsField(tags) }),
    ));
    const resource = createdResource('CreateLoggingConfiguration', response);
    try {
      await waitUntilActive(resource.arn, invocation.deadline);
    } catch (error) {
      // A failed create leaves CloudFormation without a physical id to delete later: delete it now.
      throw await deleteAfterFailedCreate(resource.arn, error, invocation.deadline + CLEANUP_BUDGET_MS);
    }
    return resource;
  },

  async update(resource, properties, oldProperties, invocation) {
    const next = loggingConfigurationSettings(properties);
    const previous = previousLoggingConfigurationSettings(oldProperties);
    const changes = loggingConfigurationChanges(previous, next);
    if (changes !== undefined) {
      await retryWhileChanging(resource.arn, invocation.deadline, () => callIvsChat('UpdateLoggingConfiguration', resource.arn, client => client.send(
        new UpdateLoggingConfigurationCommand({ identifier: resource.arn, ...changes }),
      )));
      await waitUntilActive(resource.arn, invocation.deadline);
    }
    const tagsChanged = await updateTags(resource.arn, previous.tags, next.tags);
    return changes !== undefined || tagsChanged;
  },

  async delete(resource, invocation) {
    await retryWhileChanging(resource.arn, invocation.deadline, () => callIvsChat('DeleteLoggingConfiguration', resource.arn, client => client.send(
      new DeleteLoggingConfigurationCommand({ identifier: resource.arn }),
    )));
    await waitForState(resource.arn, invocation.deadline, 'to be deleted', state => state === NOT_FOUND);
  },

  async exists(resource) {
    return await readState(resource.arn) !== NOT_FOUND;
  },

  attributes(resource) {
    // Every create and update that returns has seen ACTIVE, and a no-op update leaves the state as it was.
    return { Arn: resource.arn, Id: resource.id, State: ACTIVE };
  },
};

async function readState(arn: string): Promise<string> {
  const configuration = await unlessNotFound(callIvsChat('GetLoggingConfiguration', arn, client => client.send(
    new GetLoggingConfigurationCommand({ identifier: arn }),
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
 * Runs `change`; while the service answers ConflictException because a previous change is in progress,
 * waits until the configuration is no longer changing (a failed state counts: a new change may repair it) and retries.
 */
async function retryWhileChanging<T>(arn: string, deadline: number, change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!isConflict(error) || attempt >= MAX_CHANGE_ATTEMPTS) {
        throw error;
      }
      await waitForState(arn, deadline, 'to finish changing', state => !CHANGING_STATES.has(state));
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
    await retryWhileChanging(arn, deadline, () => callIvsChat('DeleteLoggingConfiguration', arn, client => client.send(
      new DeleteLoggingConfigurationCommand({ identifier: arn }),
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
