/**
 * Micro timings with tinybench: the per-room cost of constructing `Room` against `CfnRoom` (the provider
 * already in the stack, as for every room but the first), and the handler's own work for one event.
 */
import { randomUUID } from 'crypto';
import { App, Stack } from 'aws-cdk-lib';
import { BundleLoader, cfnProperties, quietly } from './handler';
import { addRoom, ENV, Variant } from './stacks';
import { summarize, Summary } from './stats';
import { Room } from '../src';
import { ROOM, updateEvent } from '../test/lambda/support';

export interface MicroTiming {
  readonly name: string;
  /** Per call, in microseconds. */
  readonly latencyUs: Summary;
  readonly samples: number;
}

/** Rooms added to one stack before the next stack is started, so that no stack grows without bound. */
const ROOMS_PER_STACK = 200;
const ARN = 'arn:aws:ivschat:us-east-1:123456789012:room/AbCdEfGhIjKl';

export async function microTimings(timeMs: number): Promise<MicroTiming[]> {
  // tinybench is an ES module: imported, not required.
  const { Bench } = await import('tinybench');
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(200, timeMs), retainSamples: true, timestampProvider: 'hrtimeNow' });

  for (const variant of ['Room', 'CfnRoom'] as Variant[]) {
    const target = new RoomTarget(variant);
    bench.add(`new ${variant}(...) in a stack (construct only, no synth)`, () => target.addOne(), {
      async: false,
      beforeEach: () => target.makeRoom(),
    });
  }

  // No API call: the handler's own work (parse, validate, diff, log) for an update that changes nothing.
  const handler = new BundleLoader().load();
  const stack = new Stack(new App(), 'Chat', { env: ENV });
  new Room(stack, 'Room', { roomName: 'lobby', maximumMessageLength: 300 });
  const properties = cfnProperties(stack, ROOM);
  const noop = updateEvent(ROOM, ARN, properties, properties);
  bench.add('handler: Room update with nothing changed (no API call)', async () => {
    await handler({ ...noop, RequestId: randomUUID() });
  }, { async: true });

  await quietly(() => bench.run());
  return bench.tasks.map(task => {
    const result = task.result;
    if (result.state === 'errored') {
      throw new Error(`Micro benchmark '${task.name}' failed: ${result.error.message}`);
    }
    if (result.state !== 'completed') {
      throw new Error(`Micro benchmark '${task.name}' did not complete: ${result.state}.`);
    }
    const samples = result.latency.samples ?? [];
    return { name: task.name, latencyUs: summarize(samples.map(ms => ms * 1000)), samples: samples.length };
  });
}

/** Where the next room goes: a stack that already has its provider, replaced every ROOMS_PER_STACK rooms. */
class RoomTarget {
  private stack!: Stack;
  private added = ROOMS_PER_STACK;

  constructor(private readonly variant: Variant) {}

  /** Outside the measurement: starts a new stack when needed. */
  makeRoom(): void {
    if (this.added >= ROOMS_PER_STACK) {
      this.stack = new Stack(new App(), 'Chat', { env: ENV });
      // The first room brings the provider: not what a room costs from the second on.
      addRoom(this.stack, this.variant, 0);
      this.added = 1;
    }
  }

  addOne(): void {
    addRoom(this.stack, this.variant, this.added++);
  }
}
