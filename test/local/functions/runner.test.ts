/**
 * The function runner: the app's Node.js Lambda code in worker threads, each function isolated from the others and
 * from the server, whatever the code does.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FunctionDefinition, FunctionInvocationError, FunctionRunner } from '../../../local/functions/runner';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';
/** Long enough for a worker to start and load a module on a busy machine, short enough to keep the tests fast. */
const TIMEOUT_MS = 3000;
/** What the timeout tests allow: short, and only ever waited on by code that never answers. */
const SHORT_TIMEOUT_MS = 200;

let runner: FunctionRunner;
let logged: string[];
let codeRoot: string;

beforeEach(() => {
  logged = [];
  runner = new FunctionRunner({ log: line => logged.push(line) });
  codeRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-test-'));
});
afterEach(async () => {
  await runner.close();
  fs.rmSync(codeRoot, { recursive: true, force: true });
});

/** A function with inline code (CloudFormation's ZipFile). */
function inline(name: string, code: string, overrides: Partial<FunctionDefinition> = {}) {
  return runner.function({ arn: ARN + name, runtime: 'nodejs24.x', handler: 'index.handler', code: { inline: code }, environment: {}, ...overrides });
}

/** A directory of code files, as an asset in cdk.out. */
function directory(files: Record<string, string>): { directory: string } {
  const root = fs.mkdtempSync(path.join(codeRoot, 'asset-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return { directory: root };
}

async function rejection(promise: Promise<unknown>): Promise<FunctionInvocationError> {
  return promise.then(value => {
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  }, error => error);
}

/** Resolves when the runner has logged a line that matches. */
async function loggedLine(pattern: RegExp): Promise<string> {
  for (;;) {
    const line = logged.find(candidate => pattern.test(candidate));
    if (line !== undefined) {
      return line;
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** Counts invocations in the module's scope: a warm worker keeps counting, a fresh one starts again at 1. */
const COUNTING = `
let invocations = 0;
exports.handler = async event => {
  invocations++;
  if (event.action === 'throw') throw new TypeError('bad input');
  if (event.action === 'hang') return new Promise(() => {});
  if (event.action === 'loop') for (;;) {}
  if (event.action === 'exit') process.exit(3);
  if (event.action === 'timer-throw') { setTimeout(() => { throw new Error('late failure'); }); return new Promise(() => {}); }
  if (event.action === 'throw-later') { setTimeout(() => { throw new Error('after the answer'); }); }
  return { invocations };
};`;

describe('handlers', () => {
  test('an async handler answers with what it returns, given the event and a Lambda-like context', async () => {
    const fn = inline('echo', `exports.handler = async (event, context) => ({
      event,
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      awsRequestId: context.awsRequestId,
      remaining: context.getRemainingTimeInMillis(),
    });`);

    const answer = await fn.invoke({ Content: 'hello' }, TIMEOUT_MS) as Record<string, unknown>;

    expect(fn.arn).toBe(`${ARN}echo`);
    expect(answer).toEqual({
      event: { Content: 'hello' },
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: `${ARN}echo`,
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      remaining: expect.any(Number),
    });
    expect(answer.remaining).toBeGreaterThan(0);
    expect(answer.remaining).toBeLessThanOrEqual(TIMEOUT_MS);
  });

  test('a callback-style handler answers through the callback', async () => {
    const fn = inline('callback', 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { doubled: event.n * 2 })); };');

    await expect(fn.invoke({ n: 21 }, TIMEOUT_MS)).resolves.toEqual({ doubled: 42 });
  });

  test('a callback-style handler that calls back with an error fails the invocation', async () => {
    const fn = inline('callback', "exports.handler = (event, context, callback) => callback(new RangeError('out of range'));");

    const error = await rejection(fn.invoke({}, TIMEOUT_MS));

    expect(error.message).toBe('Function callback failed: RangeError: out of range');
    expect(error.failure).toBe('error');
    expect(error.errorType).toBe('RangeError');
  });

  test('the answer travels as JSON, as from Lambda: undefined becomes null, a Date its ISO string', async () => {
    const fn = inline('json', "exports.handler = async event => event.date ? new Date('2024-01-02T03:04:05Z') : undefined;");

    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toBeNull();
    await expect(fn.invoke({ date: true }, TIMEOUT_MS)).resolves.toBe('2024-01-02T03:04:05.000Z');
  });

  test('a handler that throws fails the invocation with its error, and its worker stays warm', async () => {
    const fn = inline('counting', COUNTING);
    await fn.invoke({}, TIMEOUT_MS);

    const error = await rejection(fn.invoke({ action: 'throw' }, TIMEOUT_MS));

    expect(error).toBeInstanceOf(FunctionInvocationError);
    expect(error.message).toBe('Function counting failed: TypeError: bad input');
    expect(error.failure).toBe('error');
    expect(error.errorType).toBe('TypeError');
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 3 });
  });

  test('the module is loaded once per worker: invocations reuse it', async () => {
    const fn = inline('counting', COUNTING);

    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 2 });
  });

  test('console output reaches the log, each line prefixed with the function name', async () => {
    const fn = inline('chatty', "exports.handler = async () => { console.log('first\\nsecond'); console.error('oops'); return 'done'; };");

    await fn.invoke({}, TIMEOUT_MS);

    expect(await loggedLine(/oops/)).toBe('[chatty] oops');
    expect(await loggedLine(/second/)).toBe('[chatty] second');
    expect(logged).toContain('[chatty] first');
  });
});

describe('code', () => {
  test('an asset directory with a nested handler path', async () => {
    const code = directory({ 'dist/app.js': "exports.handlers = { review: async () => ({ ReviewResult: 'ALLOW' }) };" });
    const fn = runner.function({ arn: `${ARN}nested`, runtime: 'nodejs22.x', handler: 'dist/app.handlers.review', code, environment: {} });

    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ ReviewResult: 'ALLOW' });
  });

  test('an ES module (.mjs), loaded with import() as Lambda does', async () => {
    const code = directory({ 'index.mjs': "export const handler = async event => ({ module: 'esm', event });" });
    const fn = runner.function({ arn: `${ARN}esm`, runtime: 'nodejs24.x', handler: 'index.handler', code, environment: {} });

    await expect(fn.invoke({ a: 1 }, TIMEOUT_MS)).resolves.toEqual({ module: 'esm', event: { a: 1 } });
  });

  test('inline code is CommonJS, written to a temporary directory that closing removes', async () => {
    const fn = inline('where', 'exports.handler = async () => __dirname;');
    const dirname = await fn.invoke({}, TIMEOUT_MS) as string;
    expect(fs.readFileSync(path.join(dirname, 'index.js'), 'utf8')).toBe('exports.handler = async () => __dirname;');

    await runner.close();

    expect(fs.existsSync(dirname)).toBe(false);
  });

  test('a module that fails to load fails the invocation, and the next invocation loads it again', async () => {
    const code = directory({ 'index.js': 'exports.handler = async () => "loaded";\nif (!require("fs").existsSync(__dirname + "/ready")) throw new Error("not ready");' });
    const fn = runner.function({ arn: `${ARN}loader`, runtime: 'nodejs24.x', handler: 'index.handler', code, environment: {} });

    const error = await rejection(fn.invoke({}, TIMEOUT_MS));
    expect(error.message).toBe('Function loader failed to load: Error: not ready');
    expect(error.failure).toBe('error');
    fs.writeFileSync(path.join(code.directory, 'ready'), '');

    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toBe('loaded');
  });

  test('a handler the module does not export fails the invocation as Lambda reports it', async () => {
    const code = directory({ 'index.js': 'exports.other = async () => 1;' });
    const fn = runner.function({ arn: `${ARN}missing`, runtime: 'nodejs24.x', handler: 'index.handler', code, environment: {} });

    const error = await rejection(fn.invoke({}, TIMEOUT_MS));

    expect(error.message).toBe(`Function missing failed to load: Runtime.HandlerNotFound: handler is not a function exported by ${code.directory}/index.js`);
    expect(error.errorType).toBe('Runtime.HandlerNotFound');
  });
});

describe('definitions the runner refuses', () => {
  test('a runtime other than Node.js', () => {
    expect(() => inline('python', 'def handler(event, context): pass', { runtime: 'python3.12' }))
      .toThrow(new Error('Function python: runtime python3.12 is not supported: only Node.js functions (nodejs*.x) run locally.'));
  });

  test('a handler file that does not exist', () => {
    const code = directory({ 'index.js': 'exports.handler = async () => 1;' });

    expect(() => runner.function({ arn: `${ARN}lost`, runtime: 'nodejs24.x', handler: 'dist/app.handler', code, environment: {} }))
      .toThrow(new Error(`Function lost: handler 'dist/app.handler' needs dist/app.js, .mjs or .cjs in ${code.directory}, and there is none.`));
  });

  test('a handler that names no export', () => {
    expect(() => inline('bare', 'exports.handler = async () => 1;', { handler: 'index' }))
      .toThrow(new Error("Function bare: handler 'index' is not <file>.<export>, such as index.handler."));
  });

  test('any definition once the runner is closed', async () => {
    await runner.close();

    expect(() => inline('late', 'exports.handler = async () => 1;')).toThrow(new Error('Function late: the function runner is closed.'));
  });
});

describe('isolation', () => {
  test("each function sees its own environment, not the server's nor another function's, and its changes stay its own", async () => {
    process.env.SERVER_ONLY = 'secret';
    try {
      const code = 'exports.handler = async event => { const seen = { ...process.env }; if (event.set) process.env.SHARED = event.set; return seen; };';
      const first = inline('first', code, { environment: { SHARED: 'first', ROOM_ARN: 'arn:first' } });
      const second = inline('second', code, { environment: { SHARED: 'second' } });

      await expect(first.invoke({ set: 'changed by first' }, TIMEOUT_MS)).resolves.toEqual({ SHARED: 'first', ROOM_ARN: 'arn:first' });
      await expect(second.invoke({}, TIMEOUT_MS)).resolves.toEqual({ SHARED: 'second' });
      await expect(first.invoke({}, TIMEOUT_MS)).resolves.toEqual({ SHARED: 'changed by first', ROOM_ARN: 'arn:first' });
      expect(process.env.SHARED).toBeUndefined();
    } finally {
      delete process.env.SERVER_ONLY;
    }
  });
});

describe('failures that end the worker', () => {
  test('a handler that takes longer than the timeout fails, and the next invocation gets a fresh worker', async () => {
    const fn = inline('counting', COUNTING);
    await fn.invoke({}, TIMEOUT_MS);

    const error = await rejection(fn.invoke({ action: 'hang' }, SHORT_TIMEOUT_MS));

    expect(error.message).toBe(`Function counting timed out after ${SHORT_TIMEOUT_MS} ms.`);
    expect(error.failure).toBe('timeout');
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });
  });

  test("the function's own timeout bounds what the caller allows", async () => {
    const fn = inline('bounded', COUNTING, { timeoutSeconds: 0.1 });

    await expect(fn.invoke({ action: 'hang' }, TIMEOUT_MS)).rejects.toThrow('Function bounded timed out after 100 ms.');
  });

  test('an infinite loop times out: the worker is terminated, the caller is not blocked', async () => {
    const fn = inline('counting', COUNTING);

    await expect(fn.invoke({ action: 'loop' }, SHORT_TIMEOUT_MS)).rejects.toThrow(`Function counting timed out after ${SHORT_TIMEOUT_MS} ms.`);
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });
  });

  test('process.exit fails the invocation and ends only the worker', async () => {
    const fn = inline('counting', COUNTING);

    const error = await rejection(fn.invoke({ action: 'exit' }, TIMEOUT_MS));

    expect(error.message).toBe('Function counting exited with code 3.');
    expect(error.failure).toBe('crash');
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });
  });

  test('an uncaught exception in a timer fails the invocation in progress', async () => {
    const fn = inline('counting', COUNTING);

    const error = await rejection(fn.invoke({ action: 'timer-throw' }, TIMEOUT_MS));

    expect(error.message).toBe('Function counting crashed: late failure');
    expect(error.failure).toBe('crash');
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });
  });

  test('an uncaught exception after the answer is logged, and the next invocation gets a fresh worker', async () => {
    const fn = inline('counting', COUNTING);

    await expect(fn.invoke({ action: 'throw-later' }, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });

    expect(await loggedLine(/crashed/)).toBe('[counting] Function counting crashed: after the answer');
    await expect(fn.invoke({}, TIMEOUT_MS)).resolves.toEqual({ invocations: 1 });
  });

  test('closing fails the invocations in progress, and later ones', async () => {
    const fn = inline('counting', COUNTING);
    const running = rejection(fn.invoke({ action: 'hang' }, TIMEOUT_MS));

    await runner.close();

    const error = await running;
    expect(error.message).toBe('Function counting was closed: the function runner is shutting down.');
    expect(error.failure).toBe('closed');
    await expect(fn.invoke({}, TIMEOUT_MS)).rejects.toThrow('Function counting was closed: the function runner is shutting down.');
  });
});

describe('overlapping invocations', () => {
  /** Answers after `event.delayMs`, with the invocations its worker was running at the time (itself included). */
  const OVERLAPPING = `
let running = 0;
exports.handler = async event => {
  running++;
  const seen = running;
  await new Promise(resolve => setTimeout(resolve, event.delayMs));
  running--;
  if (event.action === 'hang') return new Promise(() => {});
  return { id: event.id, seen };
};`;

  test('each gets its own answer, one invocation per worker at a time, beyond the concurrency limit too', async () => {
    const limited = new FunctionRunner({ log: () => undefined, maxConcurrencyPerFunction: 2 });
    try {
      const fn = limited.function({ arn: `${ARN}overlap`, runtime: 'nodejs24.x', handler: 'index.handler', code: { inline: OVERLAPPING }, environment: {} });
      const delays = [60, 10, 40, 0, 20, 30];

      const answers = await Promise.all(delays.map((delayMs, id) => fn.invoke({ id, delayMs }, TIMEOUT_MS)));

      expect(answers).toEqual(delays.map((_, id) => ({ id, seen: 1 })));
    } finally {
      await limited.close();
    }
  });

  test('one timing out does not affect another in progress', async () => {
    const fn = inline('overlap', OVERLAPPING);
    await fn.invoke({ id: 0, delayMs: 0 }, TIMEOUT_MS);

    const [hung, answered] = await Promise.allSettled([
      fn.invoke({ id: 1, delayMs: 0, action: 'hang' }, SHORT_TIMEOUT_MS),
      fn.invoke({ id: 2, delayMs: SHORT_TIMEOUT_MS + 50 }, TIMEOUT_MS),
    ]);

    expect(hung).toEqual({ status: 'rejected', reason: new Error(`Function overlap timed out after ${SHORT_TIMEOUT_MS} ms.`) });
    expect(answered).toEqual({ status: 'fulfilled', value: { id: 2, seen: 1 } });
  });

  test('a worker that crashes hands its place to an invocation waiting for one', async () => {
    const limited = new FunctionRunner({ log: () => undefined, maxConcurrencyPerFunction: 1 });
    try {
      const fn = limited.function({ arn: `${ARN}counting`, runtime: 'nodejs24.x', handler: 'index.handler', code: { inline: COUNTING }, environment: {} });

      const [crashed, waiting] = await Promise.allSettled([fn.invoke({ action: 'exit' }, TIMEOUT_MS), fn.invoke({}, TIMEOUT_MS)]);

      expect(crashed).toEqual({ status: 'rejected', reason: new Error('Function counting exited with code 3.') });
      expect(waiting).toEqual({ status: 'fulfilled', value: { invocations: 1 } });
    } finally {
      await limited.close();
    }
  });

  test('a burst is served by the warm worker coming free, not held up by cold starts slower than its timeout', async () => {
    // Loading takes twice as long as the invocations may wait: only a warm worker can answer them in time.
    const waitMs = 750;
    const slowStart = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${waitMs * 2});\n${COUNTING}`;
    const fn = inline('warm', slowStart);
    await fn.invoke({}, TIMEOUT_MS);

    const answers = await Promise.all(Array.from({ length: 10 }, () => fn.invoke({}, waitMs)));

    expect(answers).toEqual(Array.from({ length: 10 }, (_, index) => ({ invocations: index + 2 })));
  });

  test('a module that cannot load fails every waiting invocation with the reason, none waits for its timeout', async () => {
    const fn = inline('broken', 'throw new Error("no config");');

    const failures = await Promise.all(Array.from({ length: 3 }, () => rejection(fn.invoke({}, 60_000))));

    expect(failures.map(failure => [failure.message, failure.failure])).toEqual(
      Array.from({ length: 3 }, () => ['Function broken failed to load: Error: no config', 'error']));
  });

  test('a module that exits while loading fails every waiting invocation, none waits for its timeout', async () => {
    const fn = inline('exiting', 'process.exit(4);');

    const failures = await Promise.all(Array.from({ length: 3 }, () => rejection(fn.invoke({}, 60_000))));

    expect(failures.map(failure => [failure.message, failure.failure])).toEqual(
      Array.from({ length: 3 }, () => ['Function exiting exited with code 4.', 'crash']));
  });

  test('an invocation waiting for a worker times out without ending the busy ones', async () => {
    const limited = new FunctionRunner({ log: () => undefined, maxConcurrencyPerFunction: 1 });
    try {
      const fn = limited.function({ arn: `${ARN}single`, runtime: 'nodejs24.x', handler: 'index.handler', code: { inline: OVERLAPPING }, environment: {} });

      const [busy, waiting] = await Promise.allSettled([
        fn.invoke({ id: 1, delayMs: SHORT_TIMEOUT_MS + 100 }, TIMEOUT_MS),
        fn.invoke({ id: 2, delayMs: 0 }, SHORT_TIMEOUT_MS),
      ]);

      expect(busy).toEqual({ status: 'fulfilled', value: { id: 1, seen: 1 } });
      expect(waiting).toEqual({ status: 'rejected', reason: new Error(`Function single timed out after ${SHORT_TIMEOUT_MS} ms.`) });
      await expect(fn.invoke({ id: 3, delayMs: 0 }, TIMEOUT_MS)).resolves.toEqual({ id: 3, seen: 1 });
    } finally {
      await limited.close();
    }
  });
});
