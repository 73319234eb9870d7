/**
 * Resolves the intrinsic functions of template values to what they are locally: `Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Sub`, `Fn::Select`, `Fn::Split` and the pseudo parameters, with the values of the resources the local server
 * created. What it cannot resolve comes back as an `Unresolved` with the reason, for the server to log.
 */
import { StackDescription } from './model';

/** What `Ref` and `Fn::GetAtt` of a logical id yield locally. */
export interface LocalResourceValues {
  /** What `Ref` yields: the physical id (for rooms and logging configurations, ours and L1 alike, the ARN). */
  readonly ref?: string;
  /** What `Fn::GetAtt` yields, by attribute name (`Arn`, `Id`...). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export interface ResolveContext {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** @default 'amazonaws.com' */
  readonly urlSuffix?: string;
  /** The values of the resources the local server created, by logical id. @default - none */
  readonly resources?: Readonly<Record<string, LocalResourceValues>>;
  /** Template parameters' values by name, undefined for those without one. @default - none */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Every resource of the template by logical id (its type), to tell "not created locally" from "no such resource". */
  readonly resourceTypes?: Readonly<Record<string, string>>;
}

/** Where the local server runs an environment-agnostic stack, and the values it created. */
export interface ContextOptions {
  /** Used when the stack's environment names no region. */
  readonly region: string;
  /** Used when the stack's environment names no account. */
  readonly accountId: string;
  readonly partition?: string;
  readonly urlSuffix?: string;
  readonly resources?: Readonly<Record<string, LocalResourceValues>>;
}

/** A value that cannot be resolved locally, and why. */
export class Unresolved {
  constructor(public readonly reason: string) {}
}

export function isUnresolved(value: unknown): value is Unresolved {
  return value instanceof Unresolved;
}

/** The context of a stack: its own account and region when it has them, its template's parameters with their defaults. */
export function contextFor(stack: StackDescription, options: ContextOptions): ResolveContext {
  const resources = stack.template.Resources ?? {};
  const parameters = stack.template.Parameters ?? {};
  return {
    stackName: stack.stackName,
    region: stack.environment.region ?? options.region,
    accountId: stack.environment.account ?? options.accountId,
    partition: options.partition,
    urlSuffix: options.urlSuffix,
    resources: options.resources,
    parameters: Object.fromEntries(Object.entries(parameters).map(([name, parameter]) => [name, parameter.Default])),
    resourceTypes: Object.fromEntries(Object.entries(resources).map(([logicalId, resource]) => [logicalId, resource.Type])),
  };
}

/**
 * The value with every intrinsic function in it resolved, or an `Unresolved` naming the first that cannot be (the
 * value is then of no use as a whole: a partly resolved ARN is no ARN).
 */
export function resolve(value: unknown, context: ResolveContext): unknown {
  try {
    return resolveValue(value, context);
  } catch (error) {
    if (error instanceof Unresolvable) {
      return new Unresolved(error.message);
    }
    throw error;
  }
}

/** The result of `resolveEnvironment`: what a function sees as `process.env`, and the variables left out. */
export interface ResolvedEnvironment {
  readonly variables: Readonly<Record<string, string>>;
  readonly unresolved: Readonly<Record<string, Unresolved>>;
}

/** Resolves a function's environment variables one by one: a variable that cannot be resolved leaves only itself out. */
export function resolveEnvironment(variables: Readonly<Record<string, unknown>>, context: ResolveContext): ResolvedEnvironment {
  const resolved: Record<string, string> = {};
  const unresolved: Record<string, Unresolved> = {};
  for (const [name, value] of Object.entries(variables)) {
    const result = resolve(value, context);
    if (isUnresolved(result)) {
      unresolved[name] = result;
    } else if (isScalar(result)) {
      resolved[name] = String(result);
    } else {
      unresolved[name] = new Unresolved(`an environment variable is a string, got: ${JSON.stringify(result)}`);
    }
  }
  return { variables: resolved, unresolved };
}

/** Thrown inside the resolver, caught by `resolve`, which turns it into an `Unresolved`. */
class Unresolvable extends Error {}

const PSEUDO_PARAMETERS: Readonly<Record<string, (context: ResolveContext) => string>> = {
  'AWS::Region': context => context.region,
  'AWS::AccountId': context => context.accountId,
  'AWS::Partition': context => context.partition ?? 'aws',
  'AWS::URLSuffix': context => context.urlSuffix ?? 'amazonaws.com',
  'AWS::StackName': context => context.stackName,
};

type IntrinsicResolver = (argument: unknown, context: ResolveContext) => unknown;

const INTRINSICS: Readonly<Record<string, IntrinsicResolver>> = {
  'Ref': (argument, context) => ref(expectString('Ref', argument), context),
  'Fn::GetAtt': getAtt,
  'Fn::Join': join,
  'Fn::Sub': sub,
  'Fn::Select': select,
  'Fn::Split': split,
};

function resolveValue(value: unknown, context: ResolveContext): unknown {
  if (Array.isArray(value)) {
    return value.map(element => resolveValue(element, context));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value);
  const [name, argument] = entries[0] ?? [];
  if (entries.length === 1 && (name === 'Ref' || name.startsWith('Fn::'))) {
    const intrinsic = INTRINSICS[name];
    if (intrinsic === undefined) {
      throw new Unresolvable(`${name} is not supported locally`);
    }
    return intrinsic(argument, context);
  }
  return Object.fromEntries(entries.map(([key, member]) => [key, resolveValue(member, context)]));
}

function ref(name: string, context: ResolveContext): unknown {
  const pseudo = PSEUDO_PARAMETERS[name];
  if (pseudo !== undefined) {
    return pseudo(context);
  }
  if (name.startsWith('AWS::')) {
    throw new Unresolvable(`Ref ${name}: the pseudo parameter is not supported locally`);
  }
  if (context.parameters !== undefined && name in context.parameters) {
    const value = context.parameters[name];
    if (value === undefined) {
      throw new Unresolvable(`Ref ${name}: the parameter has no default value`);
    }
    return value;
  }
  const value = context.resources?.[name]?.ref;
  if (value === undefined) {
    throw new Unresolvable(`Ref ${name}: ${missing(name, 'Ref value', context)}`);
  }
  return value;
}

function getAtt(argument: unknown, context: ResolveContext): unknown {
  const [logicalId, attribute] = attributeReference(argument);
  const value = context.resources?.[logicalId]?.attributes?.[attribute];
  if (value === undefined) {
    throw new Unresolvable(`Fn::GetAtt ${logicalId}.${attribute}: ${missing(logicalId, `attribute ${attribute}`, context)}`);
  }
  return value;
}

/** `[id, attribute]`, or `'id.attribute'` (the attribute may itself hold dots: `Endpoint.Address`). */
function attributeReference(argument: unknown): [string, string] {
  if (Array.isArray(argument) && argument.length === 2 && argument.every(part => typeof part === 'string')) {
    return [argument[0], argument[1]];
  }
  const separator = typeof argument === 'string' ? argument.indexOf('.') : -1;
  if (typeof argument !== 'string' || separator <= 0) {
    throw new Unresolvable(`Fn::GetAtt expects [logicalId, attribute], got: ${JSON.stringify(argument)}`);
  }
  return [argument.slice(0, separator), argument.slice(separator + 1)];
}

/** Why a logical id has no local value: the template has no such resource, or the server did not create it. */
function missing(logicalId: string, what: string, context: ResolveContext): string {
  if (context.resources?.[logicalId] !== undefined) {
    return `the local ${logicalId} has no ${what}`;
  }
  const type = context.resourceTypes?.[logicalId];
  return type === undefined ? `no resource or parameter ${logicalId} in stack ${context.stackName}` : `${logicalId} (${type}) has no local counterpart`;
}

function join(argument: unknown, context: ResolveContext): string {
  const [delimiter, list] = expectPair('Fn::Join', argument);
  const values = resolveValue(list, context);
  if (typeof delimiter !== 'string' || !Array.isArray(values)) {
    throw new Unresolvable(`Fn::Join expects [delimiter, list], got: ${JSON.stringify(argument)}`);
  }
  return values.map(element => expectScalar('Fn::Join', element)).join(delimiter);
}

function select(argument: unknown, context: ResolveContext): unknown {
  const [index, list] = expectPair('Fn::Select', argument);
  const position = Number(resolveValue(index, context));
  const values = resolveValue(list, context);
  if (!Array.isArray(values) || !Number.isInteger(position) || position < 0 || position >= values.length) {
    throw new Unresolvable(`Fn::Select: no element ${JSON.stringify(index)} in ${JSON.stringify(values)}`);
  }
  return values[position];
}

function split(argument: unknown, context: ResolveContext): string[] {
  const [delimiter, source] = expectPair('Fn::Split', argument);
  const value = resolveValue(source, context);
  if (typeof delimiter !== 'string' || typeof value !== 'string') {
    throw new Unresolvable(`Fn::Split expects [delimiter, string], got: ${JSON.stringify(argument)}`);
  }
  return value.split(delimiter);
}

/**
 * `Fn::Sub`: a string, or `[string, variables]`. `${Name}` is a variable, else a pseudo parameter, a parameter or a
 * resource's `Ref`; `${Id.Attribute}` a `Fn::GetAtt`; `${!Literal}` writes `${Literal}`.
 */
function sub(argument: unknown, context: ResolveContext): string {
  const pair = Array.isArray(argument) && argument.length === 2 ? argument : [];
  const [template, variables] = typeof argument === 'string' ? [argument, {}] : pair;
  if (typeof template !== 'string' || variables === null || typeof variables !== 'object') {
    throw new Unresolvable(`Fn::Sub expects a string or [string, variables], got: ${JSON.stringify(argument)}`);
  }
  return template.replace(/\$\{(!?)([^}]*)\}/g, (_, literalMark: string, name: string) => {
    if (literalMark === '!') {
      return `\${${name}}`;
    }
    if (name in variables) {
      return expectScalar('Fn::Sub', resolveValue((variables as Record<string, unknown>)[name], context));
    }
    const separator = name.indexOf('.');
    const value = separator > 0 && !name.startsWith('AWS::') ? getAtt(name, context) : ref(name, context);
    return expectScalar('Fn::Sub', value);
  });
}

function expectString(intrinsic: string, argument: unknown): string {
  if (typeof argument !== 'string') {
    throw new Unresolvable(`${intrinsic} expects a name, got: ${JSON.stringify(argument)}`);
  }
  return argument;
}

function expectPair(intrinsic: string, argument: unknown): [unknown, unknown] {
  if (!Array.isArray(argument) || argument.length !== 2) {
    throw new Unresolvable(`${intrinsic} expects two arguments, got: ${JSON.stringify(argument)}`);
  }
  return [argument[0], argument[1]];
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A value that becomes part of a string: CloudFormation joins strings (and numbers, which templates often hold). */
function expectScalar(intrinsic: string, value: unknown): string {
  if (!isScalar(value)) {
    throw new Unresolvable(`${intrinsic} joins strings, got: ${JSON.stringify(value)}`);
  }
  return String(value);
}
