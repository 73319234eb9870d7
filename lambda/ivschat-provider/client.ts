import { IvschatClient } from '@aws-sdk/client-ivschat';
import type { StandardRetryBackoffStrategy } from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';

/**
 * One CloudFormation deployment can create a hundred rooms at once against the service's 5 TPS room quota,
 * each from its own Lambda invocation with its own client: no client-side rate limiter can coordinate them
 * (adaptive mode's only slows each client's own retries), only backoff can. The SDK's backoff grows to 20 s,
 * so the last rooms of a batch wait long after the quota has room for them; capped at 3 s, the quota stays
 * busy until the last room (bench/RESULTS.md). 50 attempts keep the retry budget of 12 with the SDK's cap:
 * about 70 s expected in total, far more than the ~20 s the whole batch needs at 5 TPS.
 */
export const MAX_ATTEMPTS = 50;
export const MAX_RETRY_DELAY_MS = 3_000;

let client: IvschatClient | undefined;

/**
 * The IVS Chat client, created on first use from the environment: region from `AWS_REGION`, endpoint from
 * `AWS_ENDPOINT_URL_IVSCHAT` when set (the SDK reads both itself), credentials from the Lambda role.
 */
export function ivschat(): IvschatClient {
  client ??= new IvschatClient({ retryStrategy: new StandardRetryStrategy({ maxAttempts: MAX_ATTEMPTS, backoff: cappedBackoff() }) });
  return client;
}

/** The SDK's full-jitter exponential backoff from the delay base it sets (1 s for throttling), capped at `MAX_RETRY_DELAY_MS`. */
function cappedBackoff(): StandardRetryBackoffStrategy {
  let delayBase = 1_000;
  return {
    setDelayBase: delay => {
      delayBase = delay;
    },
    computeNextBackoffDelay: retries => Math.floor(Math.random() * Math.min(delayBase * 2 ** retries, MAX_RETRY_DELAY_MS)),
  };
}
