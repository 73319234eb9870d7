import { AsyncLocalStorage } from 'async_hooks';

/**
 * The moment (epoch milliseconds) by which the IVS Chat calls of the running operation must have ended, retries
 * included. Every call made inside `withDeadline` sees it, however deep: the client's retry strategy does not start
 * a retry that would end after it, and an attempt still in flight then is aborted (`callIvsChat`).
 *
 * One Lambda execution environment runs one invocation at a time, but a test process runs many handlers at once:
 * the deadline follows each operation's own asynchronous context rather than a module variable.
 */
const deadlines = new AsyncLocalStorage<number>();

export function withDeadline<T>(deadline: number, operation: () => Promise<T>): Promise<T> {
  return deadlines.run(deadline, operation);
}

/** The deadline of the operation this code runs for, if any. */
export function currentDeadline(): number | undefined {
  return deadlines.getStore();
}
