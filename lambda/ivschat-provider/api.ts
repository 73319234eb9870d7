import type { IvschatClient } from '@aws-sdk/client-ivschat';
import { ivschat } from './client';

/** An IVS Chat API call failed; the message names the operation, the resource and the service's answer. */
export class IvsChatApiError extends Error {
  /** The service's error type, e.g. `ResourceNotFoundException`. */
  public readonly errorType: string;

  constructor(public readonly operation: string, public readonly resourceArn: string | undefined, cause: unknown) {
    super(`${operation} failed${resourceArn === undefined ? '' : ` for ${resourceArn}`}: ${describeServiceError(cause)}`, { cause });
    this.name = 'IvsChatApiError';
    this.errorType = cause instanceof Error ? cause.name : 'UnknownError';
  }
}

/**
 * Calls the IVS Chat API, wrapping any failure in an `IvsChatApiError` that names `operation` and
 * `resourceArn` (omit it for creates), so that the CloudFormation event's reason says what failed where.
 */
export async function callIvsChat<T>(operation: string, resourceArn: string | undefined, send: (client: IvschatClient) => Promise<T>): Promise<T> {
  try {
    return await send(ivschat());
  } catch (error) {
    throw new IvsChatApiError(operation, resourceArn, error);
  }
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
