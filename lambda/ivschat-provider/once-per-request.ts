import type { LifecycleResult } from './lifecycle';

/**
 * Answers to the requests this execution environment has received, by `requestKey`: in flight or settled.
 *
 * The Provider framework can invoke onEvent twice with the same request (its own retries, or a retried framework
 * invocation whose answer was lost). CreateRoom and CreateLoggingConfiguration take no client token, so a second
 * create would make a second resource and orphan one of them: a repeated request gets the first one's answer
 * instead, and a repeat that arrives while the first is still running waits for it.
 *
 * The limit: this map lives in one execution environment. A repeat that Lambda runs in another environment
 * creates a second resource, which CloudFormation never deletes. Lambda runs one invocation at a time per
 * environment, so a repeat sent while the first still runs always lands in another one; the map catches the
 * repeat that reaches the same warm environment after the first answered, the usual case of a lost answer.
 *
 * A failed request is forgotten, so that a retry runs again: a failed create leaves no resource behind.
 */
const requests = new Map<string, Promise<LifecycleResult>>();

/** Enough for every request of the largest stacks; the oldest are forgotten first, so memory stays bounded. */
export const MAX_REMEMBERED_REQUESTS = 1_000;

/** What identifies one CloudFormation request: CloudFormation gives every request its own RequestId. */
export interface RequestIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly RequestId: string;
}

export function requestKey(request: RequestIdentity): string {
  return `${request.StackId}/${request.LogicalResourceId}/${request.RequestId}`;
}

/** Runs `operation` once per request: a repeat of the same request, even concurrent, shares the first answer. */
export async function oncePerRequest(request: RequestIdentity, operation: () => Promise<LifecycleResult>): Promise<LifecycleResult> {
  const key = requestKey(request);
  const first = requests.get(key);
  if (first !== undefined) {
    return { ...await first, outcome: 'duplicate-request' };
  }
  const answer = operation();
  requests.set(key, answer);
  answer.catch(() => requests.delete(key));
  if (requests.size > MAX_REMEMBERED_REQUESTS) {
    requests.delete(requests.keys().next().value!);
  }
  return answer;
}
