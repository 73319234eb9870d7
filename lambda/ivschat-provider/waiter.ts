/** How long to wait between polls: 250 ms, doubling to 5 s. */
export const POLL_DELAY = { initialMs: 250, maxMs: 5_000 } as const;

/** Time kept back from the Lambda timeout to clean up and answer CloudFormation with a clear error. */
export const SAFETY_MARGIN_MS = 15_000;

/** The waiting budget when there is no Lambda context to ask. */
export const DEFAULT_BUDGET_MS = 5 * 60_000;

export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** Time, injectable so that tests of the policy need no real time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};

/** What one poll saw: done (with a value), or still `state`. A poll throws to stop waiting with an error. */
export type PollResult<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly state: string };

export interface WaitOptions<T> {
  /** Completes "waiting for ...", e.g. `logging configuration <arn> to become ACTIVE`. */
  readonly description: string;
  /** Epoch milliseconds after which waiting fails (see `waitDeadline`). */
  readonly deadline: number;
  readonly poll: () => Promise<PollResult<T>>;
  readonly clock?: Clock;
}

/** Waiting outlasted the Lambda's remaining time. */
export class WaitTimeoutError extends Error {
  constructor(elapsedMs: number, description: string, lastState: string) {
    super(`Timed out after ${Math.floor(elapsedMs / 1000)} s waiting for ${description} (last state: ${lastState}).`);
    this.name = 'WaitTimeoutError';
  }
}

/** The moment waiting must stop: the Lambda's remaining time less the safety margin, from `now`. */
export function waitDeadline(context: RemainingTime | undefined, now: number): number {
  const budget = context === undefined ? DEFAULT_BUDGET_MS : context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS;
  return now + Math.max(0, budget);
}

/** The delay after the `attempt`-th poll (0-based). */
export function pollDelay(attempt: number): number {
  return Math.min(POLL_DELAY.initialMs * 2 ** attempt, POLL_DELAY.maxMs);
}

/** Polls until done, sleeping `pollDelay` between polls; always polls at least once, never sleeps past the deadline. */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const start = clock.now();
  for (let attempt = 0; ; attempt++) {
    const result = await options.poll();
    if (result.done) {
      return result.value;
    }
    const remaining = options.deadline - clock.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(clock.now() - start, options.description, result.state);
    }
    await clock.sleep(Math.min(pollDelay(attempt), remaining));
  }
}
