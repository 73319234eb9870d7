import {
  Clock, CONFIRM_DELAY_MS, DEFAULT_BUDGET_MS, PollResult, pollDelay, SAFETY_MARGIN_MS, waitDeadline, waitFor,
} from '../../lambda/ivschat-provider/waiter';

/** A clock whose sleeps only advance its time. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A poll that answers these states in turn; `done` ends the wait with 'value'. */
function states(...answers: string[]): () => Promise<PollResult<string>> {
  let index = 0;
  return async () => {
    const state = answers[Math.min(index++, answers.length - 1)];
    return state === 'done' ? { done: true, value: 'value' } : { done: false, state };
  };
}

describe('pollDelay', () => {
  test('starts at 250 ms and grows by half to a 5 s cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(pollDelay)).toEqual([250, 375, 563, 844, 1266, 1898, 2848, 4271, 5000, 5000]);
  });
});

describe('waitDeadline', () => {
  test('is the remaining time less the safety margin', () => {
    expect(waitDeadline({ getRemainingTimeInMillis: () => 600_000 }, 1_000)).toBe(1_000 + 600_000 - SAFETY_MARGIN_MS);
  });

  test('is 5 minutes without a Lambda context', () => {
    expect(waitDeadline(undefined, 1_000)).toBe(1_000 + DEFAULT_BUDGET_MS);
  });

  test('is now when less than the margin remains', () => {
    expect(waitDeadline({ getRemainingTimeInMillis: () => 3_000 }, 1_000)).toBe(1_000);
  });
});

describe('waitFor', () => {
  test('returns the value of the first poll that is done, sleeping the policy delays in between', async () => {
    const clock = fakeClock();

    const value = await waitFor({ description: 'x', deadline: clock.now() + 60_000, poll: states('CREATING', 'CREATING', 'CREATING', 'done'), clock });

    expect(value).toBe('value');
    expect(clock.sleeps).toEqual([250, 375, 563]);
  });

  test('a confirming read comes after the short confirmation delay, not the grown backoff', async () => {
    const clock = fakeClock();
    const answers: Array<PollResult<string>> = [
      ...[0, 1, 2, 3].map(() => ({ done: false as const, state: 'CREATING' })),
      { done: false, state: 'ACTIVE', confirming: true },
      { done: true, value: 'value' },
    ];

    await waitFor({ description: 'x', deadline: clock.now() + 60_000, poll: async () => answers.shift()!, clock });

    expect(clock.sleeps).toEqual([250, 375, 563, 844, CONFIRM_DELAY_MS]);
  });

  test('does not sleep when the first poll is done', async () => {
    const clock = fakeClock();

    await waitFor({ description: 'x', deadline: clock.now(), poll: states('done'), clock });

    expect(clock.sleeps).toEqual([]);
  });

  test('never sleeps past the deadline, and times out with the elapsed seconds and the last state', async () => {
    const clock = fakeClock();
    const wait = waitFor({
      description: 'logging configuration arn:x to become ACTIVE',
      deadline: clock.now() + 42_000,
      poll: states('CREATING'),
      clock,
    });

    await expect(wait).rejects.toThrow(new Error('Timed out after 42 s waiting for logging configuration arn:x to become ACTIVE (last state: CREATING).'));
    expect(clock.sleeps).toEqual([250, 375, 563, 844, 1266, 1898, 2848, 4271, 5000, 5000, 5000, 5000, 5000, 4685]);
  });

  test('polls once even when the deadline has passed', async () => {
    const clock = fakeClock();
    const poll = jest.fn(states('UPDATING'));

    await expect(waitFor({ description: 'y', deadline: clock.now() - 1, poll, clock })).rejects.toThrow('Timed out after 0 s waiting for y (last state: UPDATING).');
    expect(poll).toHaveBeenCalledTimes(1);
  });

  test('an error thrown by a poll ends the wait with that error', async () => {
    const clock = fakeClock();
    const poll = async (): Promise<PollResult<void>> => {
      throw new Error('CREATE_FAILED');
    };

    await expect(waitFor({ description: 'z', deadline: clock.now() + 1_000, poll, clock })).rejects.toThrow('CREATE_FAILED');
  });
});
