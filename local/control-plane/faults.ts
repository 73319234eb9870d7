import { ServiceError } from './errors';
import { InjectableFailedState } from './model';
import { OPERATION_GROUPS, OperationGroup, OperationName, SERVICE_QUOTAS_TPS } from './operations';

export interface InjectedError {
  readonly status: number;
  readonly type: string;
  readonly message?: string;
}

export interface Faults {
  /** throttle an operation group to N accepted requests per rolling 1 s window; excess -> 429 ThrottlingException */
  throttle(group: OperationGroup, tps: number): void;
  /** throttle every group at the real service quotas */
  throttleAtServiceQuotas(): void;
  /** the next `times` requests of `operation` ('*' = any) answer this error instead of being processed */
  failNext(operation: OperationName | '*', error: InjectedError, times?: number): void;
  /** delay every answer of `operation` ('*' = any) by ms */
  latency(operation: OperationName | '*', ms: number): void;
  /** the next `times` logging-configuration creates (or updates) end in CREATE_FAILED (UPDATE_FAILED) after their delay */
  failLoggingConfigurationState(state: InjectableFailedState, times?: number): void;
  clear(): void;
}

const THROTTLE_WINDOW_MS = 1000;

interface ScriptedError {
  readonly operation: OperationName | '*';
  readonly error: InjectedError;
  remaining: number;
}

/** The faults a test scripts, and the questions the server asks them for each request. */
export class FaultInjector implements Faults {
  private readonly limits = new Map<OperationGroup, number>();
  /** arrival times of the requests each throttled group accepted within the current window */
  private readonly accepted = new Map<OperationGroup, number[]>();
  private readonly scriptedErrors: ScriptedError[] = [];
  private readonly latencies = new Map<OperationName | '*', number>();
  private readonly failedStates = new Map<InjectableFailedState, number>();

  throttle(group: OperationGroup, tps: number): void {
    if (!Number.isInteger(tps) || tps < 0) throw new Error(`\`tps\` must be a non-negative integer, got: ${tps}`);
    this.limits.set(group, tps);
    this.accepted.set(group, []);
  }

  throttleAtServiceQuotas(): void {
    for (const [group, tps] of Object.entries(SERVICE_QUOTAS_TPS)) this.throttle(group as OperationGroup, tps);
  }

  failNext(operation: OperationName | '*', error: InjectedError, times = 1): void {
    // a 2xx "error" would reach the SDK as a success with an error body, which no real answer looks like
    if (!(error.status >= 400 && error.status <= 599)) throw new Error(`\`status\` must be a 4xx or 5xx HTTP status, got: ${error.status}`);
    this.scriptedErrors.push({ operation, error, remaining: positiveCount(times) });
  }

  latency(operation: OperationName | '*', ms: number): void {
    if (!(ms >= 0)) throw new Error(`\`ms\` must be zero or more, got: ${ms}`);
    this.latencies.set(operation, ms);
  }

  failLoggingConfigurationState(state: InjectableFailedState, times = 1): void {
    this.failedStates.set(state, (this.failedStates.get(state) ?? 0) + positiveCount(times));
  }

  clear(): void {
    this.limits.clear();
    this.accepted.clear();
    this.scriptedErrors.length = 0;
    this.latencies.clear();
    this.failedStates.clear();
  }

  /** The limit a request exceeds, or undefined when its group admits it (and counts it). */
  exceededLimit(operation: OperationName, now: number): number | undefined {
    const group = OPERATION_GROUPS[operation];
    const limit = this.limits.get(group);
    if (limit === undefined) return undefined;
    const inWindow = (this.accepted.get(group) ?? []).filter((time) => now - time < THROTTLE_WINDOW_MS);
    if (inWindow.length >= limit) {
      this.accepted.set(group, inWindow);
      return limit;
    }
    this.accepted.set(group, [...inWindow, now]);
    return undefined;
  }

  /** Consumes the first scripted error that applies to this operation, in the order they were scripted. */
  takeScriptedError(operation: OperationName): ServiceError | undefined {
    const scripted = this.scriptedErrors.find((entry) => entry.operation === operation || entry.operation === '*');
    if (!scripted) return undefined;
    scripted.remaining -= 1;
    if (scripted.remaining === 0) this.scriptedErrors.splice(this.scriptedErrors.indexOf(scripted), 1);
    const { status, type, message } = scripted.error;
    return new ServiceError(status, type, message ?? `Injected ${type}`);
  }

  /** An operation's own latency wins over the '*' one. */
  latencyOf(operation: OperationName): number {
    return this.latencies.get(operation) ?? this.latencies.get('*') ?? 0;
  }

  takeFailedState(state: InjectableFailedState): boolean {
    const remaining = this.failedStates.get(state) ?? 0;
    if (remaining === 0) return false;
    this.failedStates.set(state, remaining - 1);
    return true;
  }
}

function positiveCount(times: number): number {
  if (!Number.isInteger(times) || times < 1) throw new Error(`\`times\` must be a positive integer, got: ${times}`);
  return times;
}
