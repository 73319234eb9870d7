/**
 * How long to wait between polls: 250 ms, growing by half each time to a 5 s cap. Slower growth than doubling
 * keeps the wait close to the service's own time (a 2 s CREATING is seen ACTIVE after ~2 s, not ~4 s) while a
 * long wait still polls rarely, within the logging-configuration quota of 3 TPS.
 */
export const POLL_DELAY = { initialMs: 250, factor: 1.5, maxMs: 5_000 } as const;

/**
 * The delay before a confirming read (the second of two consecutive ACTIVE reads): the state has settled,
 * so the backoff, which may have grown to seconds, does not apply.
 */
export const CONFIRM_DELAY_MS = 500;

/**
 * Time kept back from the Lambda timeout to clean up and answer CloudFormation with a clear error. The deadline of an
 * operation (`waitDeadline`) is the Lambda's remaining time less this margin. After the deadline: an API attempt
 * already in flight may end (`IN_FLIGHT_GRACE_MS`, 2 s); cleaning up may start calls until `CLEANUP_BUDGET_MS` (10 s)
 * after the deadline, the last of them in flight 2 s more; the last 3 s are left to answer.
 */
export const SAFETY_MARGIN_MS = 15_000;

/** The part of the safety margin that cleaning up may take past the deadline; the rest is left to answer. */
export const CLEANUP_BUDGET_MS = 10_000;

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

/**
 * What one poll saw: done (with a value), or still `state` (`confirming` when one more read will tell).
 * A poll throws to stop waiting with an error.
 */
export type PollResult<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly state: string; readonly confirming?: boolean };

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
  return Math.min(Math.round(POLL_DELAY.initialMs * POLL_DELAY.factor ** attempt), POLL_DELAY.maxMs);
}

/**
 * Polls until done, sleeping `pollDelay` between polls (`CONFIRM_DELAY_MS` before a confirming read);
 * always polls at least once, never sleeps past the deadline.
 */
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
    await clock.sleep(Math.min(result.confirming ? CONFIRM_DELAY_MS : pollDelay(attempt), remaining));
  }
}
