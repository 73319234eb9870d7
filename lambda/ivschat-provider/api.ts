import type { IvschatClient } from '@aws-sdk/client-ivschat';
import type { HttpHandlerOptions } from '@smithy/types';
import { ivschat, outOfTime } from './client';
import { currentDeadline } from './deadline';

/** An IVS Chat API call failed; the message names the operation, the resource and the service's answer. */
export class IvsChatApiError extends Error {
  /** The service's error type, e.g. `ResourceNotFoundException`. */
  public readonly errorType: string;

  constructor(public readonly operation: string, public readonly resourceArn: string | undefined, cause: unknown, ranOutOfTime = false) {
    const gaveUp = ranOutOfTime ? ` Gave up after ${attemptsOf(cause)}: the time this invocation has for calls ran out.` : '';
    super(`${operation} failed${resourceArn === undefined ? '' : ` for ${resourceArn}`}: ${describeServiceError(cause)}${gaveUp}`, { cause });
    this.name = 'IvsChatApiError';
    this.errorType = cause instanceof Error ? cause.name : 'UnknownError';
  }
}

/**
 * How long an attempt that started before the deadline may still take after it: an answer normally takes well under a
 * second, and an aborted create may have created what nobody then deletes. It comes out of the safety margin.
 */
export const IN_FLIGHT_GRACE_MS = 2_000;

/**
 * Calls the IVS Chat API, wrapping any failure in an `IvsChatApiError` that names `operation` and
 * `resourceArn` (omit it for creates), so that the CloudFormation event's reason says what failed where.
 *
 * Within `withDeadline`, the call ends by the deadline, retries included: the retry strategy starts no retry that
 * would end later, and an attempt still in flight `IN_FLIGHT_GRACE_MS` after it is aborted.
 */
export async function callIvsChat<T>(
  operation: string,
  resourceArn: string | undefined,
  send: (client: IvschatClient, options: HttpHandlerOptions) => Promise<T>,
): Promise<T> {
  const deadline = currentDeadline();
  const abortSignal = deadline === undefined ? undefined : AbortSignal.timeout(Math.max(0, deadline + IN_FLIGHT_GRACE_MS - Date.now()));
  try {
    return await send(ivschat(), { abortSignal: abortSignal as HttpHandlerOptions['abortSignal'] });
  } catch (error) {
    throw new IvsChatApiError(operation, resourceArn, error, outOfTime(error));
  }
}

function attemptsOf(error: unknown): string {
  const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  return attempts === undefined ? 'retrying' : `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof IvsChatApiError && error.errorType === 'ResourceNotFoundException';
}

/** The call's result, or `undefined` when the service answered ResourceNotFoundException. */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

export function isConflict(error: unknown): boolean {
  return error instanceof IvsChatApiError && error.errorType === 'ConflictException';
}

/** The service's message, then its error type and the details it carries (quota, invalid fields). */
function describeServiceError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const details: string[] = [error.name];
  const { limit, fieldList } = error as { limit?: unknown; fieldList?: unknown };
  if (typeof limit === 'number') {
    details.push(`limit ${limit}`);
  }
  if (Array.isArray(fieldList)) {
    details.push(...fieldList.map((field: { name?: string; message?: string }) => `${field.name}: ${field.message}`));
  }
  return `${error.message || 'no message'} (${details.join(', ')})`;
}
