import { randomUUID } from 'crypto';
import { FunctionWorker } from './function-worker';
import { FunctionInvocationError } from './invocation-error';
import { LocalFunction } from './local-function';
import { WorkerConfig } from './worker-source';

export interface NodeFunctionOptions {
  readonly config: WorkerConfig;
  readonly environment: Readonly<Record<string, string>>;
  /** The function's own timeout, which bounds every invocation whatever the caller allows. */
  readonly timeoutSeconds?: number;
  /** How many invocations run at once; more wait for a worker. */
  readonly maxWorkers: number;
  readonly log: (line: string) => void;
}

interface Waiter {
  readonly resolve: (worker: FunctionWorker) => void;
  readonly reject: (error: FunctionInvocationError) => void;
}

/**
 * A Node.js function run as Lambda scales one out: a pool of workers, each serving one invocation at a time, so that
 * a timeout terminates only the invocation that overran. Idle workers stay warm for the next invocation. An invocation
 * that finds none waits while one more worker starts (one at a time, up to `maxWorkers`, like a reserved concurrency),
 * and runs on whichever is ready first: a busy worker coming free or the new one. Unlike Lambda, which cold-starts an
 * environment per overlapping invocation, a burst is thus served mostly warm: twenty worker threads starting at once
 * on a laptop take longer than a review handler's 200 ms, and messages denied for it would only puzzle a developer.
 * The time an invocation waits counts toward its timeout. One worker starts with the function, so that the first
 * invocation does not pay for loading the module.
 */
export class NodeFunction implements LocalFunction {
  public readonly arn: string;
  private readonly workers = new Set<FunctionWorker>();
  private idle: FunctionWorker[] = [];
  private readonly waiters: Waiter[] = [];
  /** Workers `warmUp` started that have not loaded yet: their loading settles what they were started for. */
  private readonly starting = new Set<FunctionWorker>();
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: NodeFunctionOptions) {
    this.arn = options.config.functionArn;
    this.idle.push(this.spawn());
  }

  public async invoke(event: unknown, timeoutMs: number): Promise<unknown> {
    const budgetMs = Math.min(timeoutMs, (this.options.timeoutSeconds ?? Infinity) * 1000);
    const message = {
      id: ++this.nextId,
      event: JSON.stringify(event ?? null),
      requestId: randomUUID(),
      deadline: Date.now() + budgetMs,
    };
    const timeout = expireAfter(budgetMs, new FunctionInvocationError(`Function ${this.name} timed out after ${budgetMs} ms.`, 'timeout'));
    const acquiring = this.acquire();
    try {
      const worker = await waitFor(acquiring, timeout, () => {
        // It gave up waiting: a worker that comes free later serves the next invocation.
        acquiring.then(late => this.release(late), () => undefined);
      });
      try {
        return JSON.parse(await waitFor(worker.run(message), timeout, () => this.discard(worker, timeout.error)));
      } finally {
        this.release(worker);
      }
    } finally {
      timeout.cancel();
    }
  }

  /** Terminates every worker; invocations in progress or waiting fail. */
  public async close(): Promise<void> {
    this.closed = true;
    const reason = this.closedError();
    this.waiters.splice(0).forEach(waiter => waiter.reject(reason));
    await Promise.all([...this.workers].map(worker => worker.terminate(reason)));
  }

  private get name(): string {
    return this.options.config.functionName;
  }

  private closedError(): FunctionInvocationError {
    return new FunctionInvocationError(`Function ${this.name} was closed: the function runner is shutting down.`, 'closed');
  }

  private acquire(): Promise<FunctionWorker> {
    if (this.closed) {
      return Promise.reject(this.closedError());
    }
    const worker = this.idle.pop();
    if (worker !== undefined) {
      return Promise.resolve(worker);
    }
    const waiting = new Promise<FunctionWorker>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.scaleOut();
    return waiting;
  }

  /** Starts a worker when invocations wait, none is starting, and the pool may grow. */
  private scaleOut(): void {
    if (!this.closed && this.waiters.length > 0 && this.starting.size === 0 && this.workers.size < this.options.maxWorkers) {
      this.warmUp();
    }
  }

  /**
   * One more worker: once loaded, it joins the pool like a worker coming free (the invocation that has waited longest
   * gets it). One that cannot load fails the invocation that has waited longest, with the reason.
   */
  private warmUp(): void {
    const worker = this.spawn();
    this.starting.add(worker);
    worker.loading.then(() => {
      this.starting.delete(worker);
      this.release(worker);
      this.scaleOut();
    }, (reason: FunctionInvocationError) => {
      this.waiters.shift()?.reject(reason);
      this.discard(worker, reason);
      this.starting.delete(worker);
      // Each waiting invocation gets its own attempt to load, as it would have had its own execution environment.
      this.scaleOut();
    });
  }

  /** Back to the pool after an invocation, unless it was dropped (it died, it timed out) or it failed to load. */
  private release(worker: FunctionWorker): void {
    if (!this.workers.has(worker)) {
      return;
    }
    if (!worker.usable) {
      this.discard(worker, new FunctionInvocationError(`Function ${this.name} failed to load.`, 'error'));
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve(worker);
    } else {
      this.idle.push(worker);
    }
  }

  private discard(worker: FunctionWorker, reason: FunctionInvocationError): void {
    void worker.terminate(reason);
    this.forget(worker);
  }

  /** Drops a worker from the pool; a new one starts in its place when invocations are waiting. */
  private forget(worker: FunctionWorker): void {
    if (!this.workers.delete(worker)) {
      return;
    }
    this.idle = this.idle.filter(other => other !== worker);
    if (!this.starting.has(worker)) {
      this.scaleOut();
    }
  }

  private spawn(): FunctionWorker {
    const worker = new FunctionWorker(this.options.config, this.options.environment, {
      log: this.options.log,
      onDeath: dead => this.forget(dead),
    });
    this.workers.add(worker);
    return worker;
  }
}

interface Expiry {
  /** Rejects with `error` once the time is up; never settles if cancelled first. */
  readonly expired: Promise<never>;
  readonly error: FunctionInvocationError;
  readonly cancel: () => void;
}

function expireAfter(ms: number, error: FunctionInvocationError): Expiry {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error), ms);
  });
  return { expired, error, cancel: () => clearTimeout(timer) };
}

/** `work`'s outcome, unless the time is up first: then `onExpired` cleans up and the expiry is the outcome. */
async function waitFor<T>(work: Promise<T>, expiry: Expiry, onExpired: () => void): Promise<T> {
  try {
    return await Promise.race([work, expiry.expired]);
  } catch (error) {
    if (error === expiry.error) {
      onExpired();
    }
    throw error;
  }
}
