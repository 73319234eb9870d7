/**
 * The function runner: runs the app's Node.js Lambda functions (review handlers, token vendors) in worker threads,
 * one pool of workers per function (node-function.ts), each worker with its own `process.env`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { locateHandler } from './handler-location';
import { LocalFunction } from './local-function';
import { NodeFunction } from './node-function';

export { FunctionInvocationError } from './invocation-error';
export type { InvocationFailure } from './invocation-error';

/** A Lambda function of the app, as the local server runs it. */
export interface FunctionDefinition {
  /** The ARN the local server gives it; its last segment names the function in logs and errors. */
  readonly arn: string;
  /** The Lambda runtime, such as `nodejs24.x`: only Node.js runtimes run locally. */
  readonly runtime: string;
  /** `<file>.<export>`, such as `index.handler` or `dist/app.handler`. */
  readonly handler: string;
  /** The code: CloudFormation's inline `ZipFile`, or an asset directory in the cloud assembly. */
  readonly code: { readonly inline: string } | { readonly directory: string };
  /** The whole `process.env` the function sees: nothing of the server's environment leaks in. */
  readonly environment: Readonly<Record<string, string>>;
  /** The function's own timeout, which bounds every invocation. @default - only the caller's timeout */
  readonly timeoutSeconds?: number;
}

export interface FunctionRunnerOptions {
  /**
   * Where the functions' output goes, one line at a time, prefixed with `[<function name>]`.
   * @default - standard error (standard output carries the server's `--json` ready line)
   */
  readonly log?: (line: string) => void;
  /** How many invocations of one function run at once; more wait for one to finish. @default 10 */
  readonly maxConcurrencyPerFunction?: number;
}

/** About a token vendor's reserved concurrency: plenty for one developer, and bounded memory under a flood. */
const DEFAULT_MAX_CONCURRENCY = 10;

export class FunctionRunner {
  private readonly log: (line: string) => void;
  private readonly maxConcurrency: number;
  private readonly functions: NodeFunction[] = [];
  /** Where inline code is written, created with the first inline function. */
  private inlineRoot?: string;
  private inlineCount = 0;
  private closed = false;

  constructor(options: FunctionRunnerOptions = {}) {
    this.log = options.log ?? (line => process.stderr.write(`${line}\n`));
    this.maxConcurrency = options.maxConcurrencyPerFunction ?? DEFAULT_MAX_CONCURRENCY;
  }

  /** A function ready to invoke; throws when the definition cannot run locally. */
  public function(definition: FunctionDefinition): LocalFunction {
    const name = functionNameOf(definition.arn);
    if (this.closed) {
      throw new Error(`Function ${name}: the function runner is closed.`);
    }
    if (!/^nodejs\d+\.x$/.test(definition.runtime)) {
      throw new Error(`Function ${name}: runtime ${definition.runtime} is not supported: only Node.js functions (nodejs*.x) run locally.`);
    }
    const directory = 'inline' in definition.code ? this.writeInline(definition.code.inline) : definition.code.directory;
    const location = locateHandler(directory, definition.handler);
    if (typeof location === 'string') {
      throw new Error(`Function ${name}: ${location}.`);
    }
    const fn = new NodeFunction({
      config: { ...location, functionName: name, functionArn: definition.arn },
      environment: definition.environment,
      timeoutSeconds: definition.timeoutSeconds,
      maxWorkers: this.maxConcurrency,
      log: this.log,
    });
    this.functions.push(fn);
    return fn;
  }

  /** Terminates every worker (invocations in progress fail) and removes the inline code. */
  public async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.functions.map(fn => fn.close()));
    if (this.inlineRoot !== undefined) {
      fs.rmSync(this.inlineRoot, { recursive: true, force: true });
    }
  }

  /**
   * Writes inline code where Lambda puts it, `index.js`, in a directory of its own. The package.json makes it
   * CommonJS, as Lambda runs inline code, whatever a package.json above the temporary directory says.
   */
  private writeInline(code: string): string {
    this.inlineRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ivs-chat-local-'));
    const directory = path.join(this.inlineRoot, `${++this.inlineCount}`);
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, 'index.js'), code);
    fs.writeFileSync(path.join(directory, 'package.json'), '{ "type": "commonjs" }\n');
    return directory;
  }
}

/** `arn:aws:lambda:<region>:<account>:function:<name>` names `<name>`; anything else names itself. */
function functionNameOf(arn: string): string {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(arn)?.[1] ?? arn;
}
