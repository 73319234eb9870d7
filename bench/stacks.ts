/**
 * The stacks the synth benchmarks compare: N rooms made with this library's `Room`, or with aws-cdk-lib's L1
 * `CfnRoom`; and, as the floor of what `Room` can cost, N `CfnRoom`s plus the provider that every `Room` stack has.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CfnRoom } from 'aws-cdk-lib/aws-ivschat';
import { Room } from '../src';
import { IvsChatProvider } from '../src/private/provider';

export type Variant = 'Room' | 'CfnRoom' | 'CfnRoom+provider';
export const VARIANTS: readonly Variant[] = ['Room', 'CfnRoom', 'CfnRoom+provider'];

export const ENV = { account: '123456789012', region: 'us-east-1' } as const;
export const STACK_NAME = 'Chat';

/** An app whose one stack holds `rooms` rooms of the variant, with the same settings either way. */
export function roomsApp(variant: Variant, rooms: number, outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, STACK_NAME, { env: ENV });
  if (variant === 'CfnRoom+provider') {
    IvsChatProvider.of(stack);
  }
  for (let i = 0; i < rooms; i++) {
    addRoom(stack, variant, i);
  }
  return app;
}

export function addRoom(stack: Stack, variant: Variant, i: number): void {
  if (variant === 'Room') {
    new Room(stack, `Room${i}`, { roomName: `room-${i}`, maximumMessageLength: 300, maximumMessageRatePerSecond: 10 });
  } else {
    new CfnRoom(stack, `Room${i}`, { name: `room-${i}`, maximumMessageLength: 300, maximumMessageRatePerSecond: 10 });
  }
}
