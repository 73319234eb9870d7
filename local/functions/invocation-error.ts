/**
 * Why an invocation failed:
 * - `error`: the handler threw, rejected or called back with an error, or its module failed to load;
 * - `timeout`: it did not answer in time (its worker was terminated);
 * - `crash`: its worker died (`process.exit`, an uncaught exception);
 * - `closed`: the runner was closed.
 */
export type InvocationFailure = 'error' | 'timeout' | 'crash' | 'closed';

/** The rejection of `LocalFunction.invoke`: one line that names the function and says what happened. */
export class FunctionInvocationError extends Error {
  constructor(
    message: string,
    /** Why the invocation failed. */
    public readonly failure: InvocationFailure,
    /** For `error`: the error's type as Lambda reports it (`errorType`), such as `TypeError`. */
    public readonly errorType?: string,
  ) {
    super(message);
    this.name = 'FunctionInvocationError';
  }
}
