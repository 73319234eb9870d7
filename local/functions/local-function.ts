/**
 * A Lambda function of the app, run locally by the local chat server: a room's message review handler, a token
 * vendor. Implemented by the function runner (worker threads, local/functions/runner.ts); tests may pass their own.
 */
export interface LocalFunction {
  /** The function's ARN as the local server names it: what a room's `messageReviewHandler.uri` refers to. */
  readonly arn: string;
  /**
   * Invokes the handler with the event. Resolves with what the handler returns; rejects with the handler's error, when
   * the function crashes, or when it takes longer than `timeoutMs`. A function that hangs or crashes never affects the
   * caller beyond that rejection.
   */
  invoke(event: unknown, timeoutMs: number): Promise<unknown>;
}
