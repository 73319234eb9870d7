/**
 * Deploy-time throughput under the service's quotas: many resources of one stack created at once, each
 * Create from its own copy of the bundled handler (its own SDK client, as separate Lambda execution
 * environments), against the emulator throttling their operation group.
 */
import { App, Stack, Tags } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BundleLoader, cfnPropertiesByLogicalId, lambdaContext, quietly } from './handler';
import { elapsedMs, summarize, Summary } from './stats';
import { IvsChatEmulator, OperationGroup } from '../local/control-plane';
import { LoggingConfiguration, LoggingDestination, Room } from '../src';
import { createEvent, LOGGING_CONFIGURATION, ROOM } from '../test/lambda/support';

export interface ThroughputResult {
  readonly resources: number;
  readonly tps: number;
  /** What the quota allows at best: the calls that must succeed divided by the quota. */
  readonly idealMs: number;
  readonly wallMs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly failures: string[];
  /** Requests the emulator answered with ThrottlingException. */
  readonly throttled: number;
  /** Requests the emulator accepted (2xx and other answers). */
  readonly accepted: number;
  /** Per invocation, from the common start to its own answer. */
  readonly latency: Summary;
  /** Resources the emulator holds at the end (each Create must have made exactly one). */
  readonly created: number;
}

interface Scenario {
  readonly group: OperationGroup;
  readonly tps: number;
  readonly type: string;
  readonly stack: Stack;
  /** Successful calls one Create needs at least (CreateRoom; or CreateLoggingConfiguration + 2 ACTIVE reads). */
  readonly callsPerCreate: number;
  readonly emulatorOptions?: Parameters<typeof IvsChatEmulator.start>[0];
  /** The handler bundle to load. @default the project's */
  readonly bundle?: string;
  readonly countCreated: (emulator: IvsChatEmulator) => number;
}

/** 100 rooms created concurrently at the room quota of 5 TPS. */
export async function roomsAtQuota(count = 100, tps = 5, bundle?: string): Promise<ThroughputResult> {
  const stack = newStack();
  for (let i = 0; i < count; i++) {
    const room = new Room(stack, `Room${i}`, { roomName: `room-${i}`, maximumMessageRatePerSecond: 20 });
    Tags.of(room).add('bench', 'throughput');
  }
  return run({
    group: 'room', tps, type: ROOM, stack, callsPerCreate: 1, bundle, countCreated: emulator => emulator.rooms().length,
  });
}

/**
 * Logging configurations created concurrently at the logging configuration quota of 3 TPS. Each create
 * waits for two consecutive ACTIVE reads, so it needs 3 successful calls of the throttled group.
 */
export async function loggingConfigurationsAtQuota(count = 20, tps = 3, bundle?: string): Promise<ThroughputResult> {
  const stack = newStack();
  for (let i = 0; i < count; i++) {
    new LoggingConfiguration(stack, `Config${i}`, {
      loggingConfigurationName: `config-${i}`,
      destination: LoggingDestination.cloudWatchLogs(logs.LogGroup.fromLogGroupName(stack, `Logs${i}`, `/chat/config-${i}`)),
    });
  }
  return run({
    group: 'loggingConfiguration',
    tps,
    type: LOGGING_CONFIGURATION,
    stack,
    callsPerCreate: 3,
    bundle,
    emulatorOptions: { loggingConfigurationQuota: count },
    countCreated: emulator => emulator.loggingConfigurations().filter(config => config.state === 'ACTIVE').length,
  });
}

function newStack(): Stack {
  return new Stack(new App(), 'Chat', { env: { account: '123456789012', region: 'us-east-1' } });
}

async function run(scenario: Scenario): Promise<ThroughputResult> {
  const events = [...cfnPropertiesByLogicalId(scenario.stack, scenario.type).values()]
    .map(properties => createEvent(scenario.type, properties));
  const loader = new BundleLoader(scenario.bundle);
  // Loaded before the clock starts: a Lambda's init phase is not part of CloudFormation's wait for the answer.
  const handlers = events.map(() => loader.load());

  const emulator = await IvsChatEmulator.start(scenario.emulatorOptions);
  const savedEnv = { ...process.env };
  Object.assign(process.env, emulator.env());
  try {
    emulator.faults.throttle(scenario.group, scenario.tps);
    const failures: string[] = [];
    const latencies: number[] = [];
    const start = process.hrtime.bigint();
    await quietly(() => Promise.all(events.map(async (event, i) => {
      try {
        await handlers[i](event, lambdaContext());
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      } finally {
        latencies.push(elapsedMs(start));
      }
    })));
    const wallMs = elapsedMs(start);
    const throttled = emulator.calls.filter(call => call.errorType === 'ThrottlingException').length;
    return {
      resources: events.length,
      tps: scenario.tps,
      idealMs: (events.length * scenario.callsPerCreate / scenario.tps) * 1000,
      wallMs,
      succeeded: events.length - failures.length,
      failed: failures.length,
      failures,
      throttled,
      accepted: emulator.calls.length - throttled,
      latency: summarize(latencies),
      created: scenario.countCreated(emulator),
    };
  } finally {
    process.env = savedEnv;
    await emulator.stop();
  }
}
