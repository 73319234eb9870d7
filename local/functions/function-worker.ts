import * as readline from 'readline';
import { Readable } from 'stream';
import { Worker } from 'worker_threads';
import { FunctionInvocationError } from './invocation-error';
import { InvokeMessage, SerializedError, WORKER_SOURCE, WorkerConfig, WorkerReply } from './worker-source';

/** What a worker reports to its owner. */
export interface FunctionWorkerHooks {
  /** One line the function wrote to stdout or stderr, or a note about the worker, prefixed with the function name. */
  readonly log: (line: string) => void;
  /** The worker is gone (it crashed, exited or was terminated): it takes no more invocations. */
  readonly onDeath: (worker: FunctionWorker) => void;
}

interface PendingInvocation {
  readonly id: number;
  readonly resolve: (payload: string) => void;
  readonly reject: (error: FunctionInvocationError) => void;
}

/**
 * One worker thread running one function: a Lambda execution environment. It loads the module once and serves one
 * invocation at a time; the function's `process.env` is its own copy of `environment`.
 */
export class FunctionWorker {
  private readonly worker: Worker;
  private readonly ready = deferred<void>();
  private loaded = false;
  private pending?: PendingInvocation;
  /** Set once the worker is gone: what an invocation on it fails with. */
  private death?: FunctionInvocationError;

  constructor(private readonly config: WorkerConfig, environment: Readonly<Record<string, string>>, private readonly hooks: FunctionWorkerHooks) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: config,
      env: { ...environment },
      // Captured rather than inherited, to prefix every line with the function's name.
      stdout: true,
      stderr: true,
    });
    // Idle workers must not keep the server's process alive; a running invocation does, through its timeout timer.
    this.worker.unref();
    this.forwardLines(this.worker.stdout);
    this.forwardLines(this.worker.stderr);

    // Nobody awaits a warm worker that fails to load until an invocation needs it: that is not an unhandled rejection.
    this.ready.promise.catch(() => undefined);

    this.worker.on('message', (reply: WorkerReply) => this.receive(reply));
    this.worker.on('error', (error: unknown) => this.die(new FunctionInvocationError(`Function ${config.functionName} crashed: ${messageOf(error)}`, 'crash')));
    this.worker.on('exit', code => this.die(new FunctionInvocationError(`Function ${config.functionName} exited with code ${code}.`, 'crash')));
  }

  /** Whether the worker loaded its module and is alive: it can take an invocation. */
  public get usable(): boolean {
    return this.loaded && this.death === undefined;
  }

  /** Settles once the worker has loaded its module: rejects with a `FunctionInvocationError` when it cannot. */
  public get loading(): Promise<void> {
    return this.ready.promise;
  }

  /** Resolves with the handler's answer as JSON; rejects with a `FunctionInvocationError`. */
  public async run(message: InvokeMessage): Promise<string> {
    await this.ready.promise;
    if (this.death !== undefined) {
      throw this.death;
    }
    return new Promise((resolve, reject) => {
      this.pending = { id: message.id, resolve, reject };
      this.worker.postMessage(message);
    });
  }

  /** Stops the worker; an invocation in progress fails with `reason`. */
  public async terminate(reason: FunctionInvocationError): Promise<void> {
    this.die(reason);
    await this.worker.terminate();
  }

  private receive(reply: WorkerReply): void {
    if (reply.kind === 'ready') {
      this.loaded = true;
      this.ready.resolve();
    } else if (reply.kind === 'init-error') {
      const message = `Function ${this.config.functionName} failed to load: ${describe(reply.error)}`;
      this.ready.reject(new FunctionInvocationError(message, 'error', reply.error.errorType));
    } else {
      this.settle(reply);
    }
  }

  private settle(reply: Extract<WorkerReply, { id: number }>): void {
    const pending = this.pending;
    if (pending?.id !== reply.id) {
      return;
    }
    this.pending = undefined;
    if (reply.kind === 'result') {
      pending.resolve(reply.payload);
    } else {
      pending.reject(new FunctionInvocationError(`Function ${this.config.functionName} failed: ${describe(reply.error)}`, 'error', reply.error.errorType));
    }
  }

  /** Records the first cause of death (an uncaught exception comes before its exit) and fails what waits on the worker. */
  private die(reason: FunctionInvocationError): void {
    if (this.death !== undefined) {
      return;
    }
    this.death = reason;
    this.ready.reject(reason);
    if (this.pending !== undefined) {
      this.pending.reject(reason);
      this.pending = undefined;
    } else if (reason.failure === 'crash') {
      // Between invocations (a timer that throws, a late process.exit) nobody else would hear of it.
      this.hooks.log(`[${this.config.functionName}] ${reason.message}`);
    }
    this.hooks.onDeath(this);
  }

  private forwardLines(stream: Readable): void {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', line => this.hooks.log(`[${this.config.functionName}] ${line}`));
  }
}

/** The message of what a worker threw: an Error (made in this thread, so not `instanceof` a test's Error), or anything else. */
function messageOf(thrown: unknown): string {
  const message = (thrown as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(thrown);
}

function describe(error: SerializedError): string {
  return `${error.errorType}: ${error.errorMessage}`;
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
}

/** `Promise.withResolvers()`, which Node.js 20 (the oldest the server runs on) lacks. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}
