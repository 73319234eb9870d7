/**
 * The code of a function's worker thread, and the messages it exchanges with the runner.
 *
 * The local server ships as one esbuild bundle, so the worker cannot be a file of its own: it starts from a source
 * string. `workerMain` is written here, type-checked with the rest, and turned into that string with
 * `Function.prototype.toString()`; it must therefore reference nothing from this module's scope (no imports, no
 * helpers): everything it uses comes in through its parameters, which `WORKER_SOURCE` passes from the worker's own
 * `require`.
 */
import type * as WorkerThreads from 'worker_threads';

/** What the worker loads, as `workerData`. */
export interface WorkerConfig {
  /** The absolute path of the handler's module. */
  readonly file: string;
  /** The export path in the module: `['handler']` for `index.handler`. */
  readonly exportPath: readonly string[];
  readonly functionName: string;
  readonly functionArn: string;
}

/** Runner to worker: one invocation. The event travels as JSON, as it would to Lambda. */
export interface InvokeMessage {
  readonly id: number;
  readonly event: string;
  readonly requestId: string;
  /** `Date.now()` at which the invocation times out, for `context.getRemainingTimeInMillis()`. */
  readonly deadline: number;
}

/** An error as Lambda reports it: `errorType` and `errorMessage`. */
export interface SerializedError {
  readonly errorType: string;
  readonly errorMessage: string;
}

/** Worker to runner. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'init-error'; readonly error: SerializedError }
  | { readonly kind: 'result'; readonly id: number; readonly payload: string }
  | { readonly kind: 'error'; readonly id: number; readonly error: SerializedError };

type Handler = (event: unknown, context: object, callback: (error?: unknown, result?: unknown) => void) => unknown;

/**
 * Runs in the worker: loads the module once (a warm Lambda execution environment), then answers each invocation.
 * `requireModule` and `importModule` are the worker's own loaders: `require` for CommonJS, `import()` for ES modules
 * (`.mjs`, or `.js` that `require` refuses), as the Lambda Node.js runtime does.
 */
function workerMain(
  threads: typeof WorkerThreads,
  fileUrl: (file: string) => string,
  requireModule: (file: string) => unknown,
  importModule: (url: string) => Promise<unknown>,
): void {
  const port = threads.parentPort!;
  const config = threads.workerData as WorkerConfig;

  function serialize(error: unknown): SerializedError {
    if (error instanceof Error) {
      return { errorType: error.name, errorMessage: error.message };
    }
    return { errorType: typeof error, errorMessage: String(error) };
  }

  async function loadModule(): Promise<unknown> {
    if (config.file.endsWith('.mjs')) {
      return importModule(fileUrl(config.file));
    }
    try {
      return requireModule(config.file);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_REQUIRE_ESM') {
        return importModule(fileUrl(config.file));
      }
      throw error;
    }
  }

  async function loadHandler(): Promise<Handler> {
    let value = await loadModule();
    for (const name of config.exportPath) {
      value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[name];
    }
    if (typeof value !== 'function') {
      const error = new Error(`${config.exportPath.join('.')} is not a function exported by ${config.file}`);
      error.name = 'Runtime.HandlerNotFound';
      throw error;
    }
    return value as Handler;
  }

  /**
   * Callback-style handlers (three parameters) answer through the callback; others through their return value,
   * awaited. Whichever settles first wins, as in Lambda.
   */
  function call(handler: Handler, event: unknown, context: object): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const callback = (error?: unknown, result?: unknown) => (error === undefined || error === null ? resolve(result) : reject(error));
      const returned = handler(event, context, callback);
      if (handler.length < 3 || returned instanceof Promise) {
        Promise.resolve(returned).then(resolve, reject);
      }
    });
  }

  function contextFor(message: InvokeMessage): object {
    return {
      functionName: config.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: config.functionArn,
      awsRequestId: message.requestId,
      logGroupName: `/aws/lambda/${config.functionName}`,
      logStreamName: `local/[$LATEST]${message.requestId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    };
  }

  async function invoke(handler: Handler, message: InvokeMessage): Promise<WorkerReply> {
    try {
      const result = await call(handler, JSON.parse(message.event), contextFor(message));
      // Lambda answers JSON: `undefined` becomes null, and a result JSON cannot carry is an error, not a crash.
      return { kind: 'result', id: message.id, payload: JSON.stringify(result) ?? 'null' };
    } catch (error) {
      return { kind: 'error', id: message.id, error: serialize(error) };
    }
  }

  loadHandler().then(handler => {
    port.on('message', (message: InvokeMessage) => {
      void invoke(handler, message).then(reply => port.postMessage(reply));
    });
    port.postMessage({ kind: 'ready' } satisfies WorkerReply);
  }, (error: unknown) => {
    port.postMessage({ kind: 'init-error', error: serialize(error) } satisfies WorkerReply);
  });
}

/** The worker's source, for `new Worker(WORKER_SOURCE, { eval: true })`. */
export const WORKER_SOURCE = `(${workerMain.toString()})(
  require('worker_threads'),
  file => require('url').pathToFileURL(file).href,
  file => require(file),
  url => import(url),
);`;
