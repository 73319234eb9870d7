/**
 * The bundled handler (assets/ivschat-provider/index.js, what users deploy) as the benchmarks drive it:
 * independent copies, one per simulated Lambda execution environment, and CloudFormation-shaped
 * properties taken from synthesized templates.
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

export const BUNDLE = path.join(__dirname, '..', 'assets', 'ivschat-provider', 'index.js');

export interface HandlerResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export type Handler = (event: unknown, context?: LambdaContext) => Promise<HandlerResponse>;

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** The provider's Lambda timeout (src/private/provider.ts): what a fresh invocation has left. */
const LAMBDA_TIMEOUT_MS = 10 * 60_000;

/** A context whose remaining time counts down from the Lambda timeout, as in a real invocation. */
export function lambdaContext(): LambdaContext {
  const deadline = Date.now() + LAMBDA_TIMEOUT_MS;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
}

/**
 * Loads copies of the bundle that share nothing but Node's built-in modules: each evaluation of the compiled
 * script gets its own module scope, so each copy has its own SDK client, connection pool and retry state,
 * as separate Lambda execution environments do. The source is read and compiled once.
 */
export class BundleLoader {
  private readonly script: vm.Script;
  private readonly requireFromBundle = createRequire(BUNDLE);

  constructor(private readonly file = BUNDLE) {
    if (!fs.existsSync(file)) {
      throw new Error(`The handler bundle is missing at ${file}: run \`npx projen bundle\`.`);
    }
    const source = fs.readFileSync(file, 'utf8');
    this.script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file });
  }

  /** A fresh copy of the module's `handler`. */
  load(): Handler {
    const wrapper = this.script.runInThisContext() as (...args: unknown[]) => void;
    const module = { exports: {} as { handler?: Handler } };
    wrapper(module.exports, this.requireFromBundle, module, this.file, path.dirname(this.file));
    const handler = module.exports.handler;
    if (typeof handler !== 'function') {
      throw new Error(`${this.file} exports no handler function.`);
    }
    return handler;
  }
}

/**
 * Runs `body` with console.log silenced: the handler logs one line per invocation, which would bury the
 * benchmark's own output (and costs the same in every run).
 */
export async function quietly<T>(body: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await body();
  } finally {
    console.log = log;
  }
}

/**
 * The properties CloudFormation hands the handler for each resource of `type` in the stack, by logical id:
 * the template's, without ServiceToken, with references replaced from `references` (by logical id) and
 * every scalar turned into a string.
 */
export function cfnPropertiesByLogicalId(
  stack: Stack,
  type: string,
  references: Record<string, string> = {},
): Map<string, Record<string, unknown>> {
  const resources = Template.fromStack(stack).findResources(type);
  return new Map(Object.entries(resources).map(([logicalId, resource]) => {
    const { ServiceToken: _, ...properties } = resource.Properties ?? {};
    return [logicalId, toCloudFormationValue(properties, references) as Record<string, unknown>];
  }));
}

/** The properties of the stack's only resource of `type` (see `cfnPropertiesByLogicalId`). */
export function cfnProperties(stack: Stack, type: string, references: Record<string, string> = {}): Record<string, unknown> {
  const all = [...cfnPropertiesByLogicalId(stack, type, references).values()];
  if (all.length !== 1) {
    throw new Error(`Expected one ${type} in ${stack.stackName}, found ${all.length}.`);
  }
  return all[0];
}

function toCloudFormationValue(value: unknown, references: Record<string, string>): unknown {
  if (Array.isArray(value)) {
    return value.map(item => toCloudFormationValue(item, references));
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const [key] = Object.keys(record);
    if (key === 'Ref' || key === 'Fn::GetAtt') {
      const name = key === 'Ref' ? record.Ref as string : (record['Fn::GetAtt'] as string[])[0];
      if (!(name in references)) {
        throw new Error(`No value for the reference to ${name}.`);
      }
      return references[name];
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toCloudFormationValue(v, references)]));
  }
  return String(value);
}
