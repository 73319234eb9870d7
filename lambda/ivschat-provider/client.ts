import { IvschatClient } from '@aws-sdk/client-ivschat';

/**
 * One CloudFormation deployment can create a hundred rooms at once against the service's 5 TPS room quota,
 * each from its own Lambda invocation, so the rate limiter of adaptive mode cannot coordinate them: only
 * backoff can. 12 attempts give each call 11 jittered retries on throttling (1 s doubling to a 20 s cap, about
 * 75 s expected in total), far more than the ~20 s the whole batch needs at 5 TPS.
 */
const MAX_ATTEMPTS = 12;

let client: IvschatClient | undefined;

/**
 * The IVS Chat client, created on first use from the environment: region from `AWS_REGION`, endpoint from
 * `AWS_ENDPOINT_URL_IVSCHAT` when set (the SDK reads both itself), credentials from the Lambda role.
 */
export function ivschat(): IvschatClient {
  client ??= new IvschatClient({ retryMode: 'adaptive', maxAttempts: MAX_ATTEMPTS });
  return client;
}
