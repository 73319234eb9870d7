import { IvschatClient } from '@aws-sdk/client-ivschat';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy, StandardRetryToken } from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { currentDeadline } from './deadline';

/**
 * One CloudFormation deployment can create a hundred rooms at once against the service's 5 TPS room quota,
 * each from its own Lambda invocation with its own client: no client-side rate limiter can coordinate them
 * (adaptive mode's only slows each client's own retries), only backoff can. The SDK's backoff grows to 20 s,
 * so the last rooms of a batch wait long after the quota has room for them; capped at 3 s, the quota stays
 * busy until the last room (bench/RESULTS.md). 50 attempts keep the retry budget of 12 with the SDK's cap:
 * about 70 s expected in total, far more than the ~20 s the whole batch needs at 5 TPS. The deadline of the
 * operation (`withDeadline`) ends the retries sooner.
 */
export const MAX_ATTEMPTS = 50;
export const MAX_RETRY_DELAY_MS = 3_000;

let client: IvschatClient | undefined;

/** The errors after which a retry was refused because it would have ended after the deadline. */
const refusedForTime = new WeakSet<object>();

/** Whether the SDK gave up on this error because the operation's deadline left no time for another attempt. */
export function outOfTime(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (refusedForTime.has(error) || (error as Error).name === 'AbortError');
}

/**
 * The IVS Chat client, created on first use from the environment: region from `AWS_REGION`, endpoint from
 * `AWS_ENDPOINT_URL_IVSCHAT` when set (the SDK reads both itself), credentials from the Lambda role.
 */
export function ivschat(): IvschatClient {
  client ??= new IvschatClient({ retryStrategy: new DeadlineRetryStrategy() });
  return client;
}

/** What the backoff throws when the next retry would end after the operation's deadline. */
const NO_TIME_FOR_RETRY = new Error('No retry: it would end after the operation\'s deadline.');

/**
 * The SDK's standard strategy (retryable errors: throttling, 5xx, transient network errors), with capped backoff,
 * that never schedules a retry ending after the operation's deadline: the SDK then throws the last error.
 *
 * The check sits in the backoff, where the delay is decided: newer SDKs sleep inside `refreshRetryTokenForRetry` and
 * hand back a token without delay, older ones hand back the delay for the caller to sleep (checked here too).
 */
export class DeadlineRetryStrategy implements RetryStrategyV2 {
  private readonly standard = new StandardRetryStrategy({ maxAttempts: MAX_ATTEMPTS, backoff: cappedBackoff() });

  public acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    return this.standard.acquireInitialRetryToken(retryTokenScope);
  }

  public async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    try {
      const next = await this.standard.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
      if (endsAfterDeadline(next.getRetryDelay())) {
        throw NO_TIME_FOR_RETRY;
      }
      return next;
    } catch (error) {
      if (error === NO_TIME_FOR_RETRY && errorInfo.error) {
        // The SDK answers a refusal by throwing the last error: remember why it was the last.
        refusedForTime.add(errorInfo.error);
      }
      throw error;
    }
  }

  public recordSuccess(token: RetryToken): void {
    this.standard.recordSuccess(token as StandardRetryToken);
  }
}

function endsAfterDeadline(delayMs: number): boolean {
  const deadline = currentDeadline();
  return deadline !== undefined && Date.now() + delayMs >= deadline;
}

/**
 * The SDK's full-jitter exponential backoff from the delay base it sets (1 s for throttling), capped at
 * `MAX_RETRY_DELAY_MS` and at the time left before the operation's deadline (so that a last attempt still fits);
 * refuses (throws) when there is no time left.
 */
function cappedBackoff(): StandardRetryBackoffStrategy {
  let delayBase = 1_000;
  return {
    setDelayBase: delay => {
      delayBase = delay;
    },
    computeNextBackoffDelay: retries => {
      const deadline = currentDeadline();
      const left = deadline === undefined ? Infinity : deadline - Date.now() - 1;
      if (left < 0) {
        throw NO_TIME_FOR_RETRY;
      }
      return Math.min(Math.floor(Math.random() * Math.min(delayBase * 2 ** retries, MAX_RETRY_DELAY_MS)), left);
    },
  };
}
