import { ValidationExceptionField, validationException } from './errors';

/**
 * A constraint on one present member: answers the violated constraint, worded like the service's
 * ValidationException field messages, or undefined when the value satisfies it.
 */
export type Rule = (value: unknown) => string | undefined;

/** Member paths (dot-separated for nested structures) to the rules their values must satisfy, in order. */
export type FieldRules = Readonly<Record<string, readonly Rule[]>>;

export const required: Rule = (value) => isAbsent(value) ? 'Member must not be null' : undefined;

export const isString: Rule = (value) => typeof value === 'string' ? undefined : 'Member must be a string';

export const isInteger: Rule = (value) => Number.isInteger(value) ? undefined : 'Member must be an integer';

export const isStructure: Rule = (value) => isRecord(value) ? undefined : 'Member must be a structure';

export function isList(...itemRules: Rule[]): Rule {
  return (value) => {
    if (!Array.isArray(value)) return 'Member must be a list';
    const itemViolation = value.map((item) => firstViolation(item, [required, ...itemRules])).find(Boolean);
    return itemViolation && `Member must satisfy constraint: [${itemViolation}]`;
  };
}

export function isMap(keyRules: readonly Rule[], valueRules: readonly Rule[]): Rule {
  return (value) => {
    if (!isRecord(value)) return 'Member must be a map';
    const entryViolation = Object.entries(value)
      .map(([key, item]) => firstViolation(key, keyRules) ?? firstViolation(item, [required, ...valueRules]))
      .find(Boolean);
    return entryViolation && `Map members must satisfy constraint: [${entryViolation}]`;
  };
}

/** Length in characters for strings, in items for lists and maps. */
export function length(min: number, max: number): Rule {
  return (value) => {
    const size = sizeOf(value);
    if (size < min) return `Member must have length greater than or equal to ${min}`;
    if (size > max) return `Member must have length less than or equal to ${max}`;
    return undefined;
  };
}

export function range(min: number, max: number): Rule {
  return (value) => {
    const number = value as number;
    if (number < min) return `Member must have value greater than or equal to ${min}`;
    if (number > max) return `Member must have value less than or equal to ${max}`;
    return undefined;
  };
}

export function pattern(regex: RegExp): Rule {
  return (value) => regex.test(value as string) ? undefined : `Member must satisfy regular expression pattern: ${regex.source}`;
}

export function oneOf(values: readonly string[]): Rule {
  return (value) => values.includes(value as string) ? undefined : `Member must satisfy enum value set: [${values.join(', ')}]`;
}

export function notPrefixed(prefix: string): Rule {
  return (value) => (value as string).startsWith(prefix) ? `Member must not begin with '${prefix}'` : undefined;
}

/** Chat attributes are limited by their encoded size, keys and values together. */
export function totalUtf8Bytes(max: number): Rule {
  return (value) => {
    const bytes = Object.entries(value as Record<string, string>)
      .reduce((sum, [key, item]) => sum + Buffer.byteLength(key) + Buffer.byteLength(item), 0);
    return bytes > max ? `Member must have a total length of keys and values less than or equal to ${max} bytes` : undefined;
  };
}

/** A union (like DestinationConfiguration) carries exactly one of its members. */
export function exactlyOneOf(members: readonly string[]): Rule {
  return (value) => {
    const present = members.filter((member) => !isAbsent((value as Record<string, unknown>)[member]));
    return present.length === 1 ? undefined : `Member must have exactly one of [${members.join(', ')}] set`;
  };
}

/** Throws the service's ValidationException listing every violated member, as the service reports them all at once. */
export function validate(input: Readonly<Record<string, unknown>>, fields: FieldRules): void {
  const violations = Object.entries(fields).filter(([path]) => hasParent(input, path)).flatMap(([path, rules]) => {
    const value = valueAt(input, path);
    const constraint = firstViolation(value, rules);
    return constraint ? [{ path, value, constraint }] : [];
  });
  if (violations.length === 0) return;
  const fieldList: ValidationExceptionField[] = violations.map(({ path, constraint }) => ({ name: path, message: constraint }));
  const details = violations.map(({ path, value, constraint }) => `Value ${render(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
  throw validationException(`${count} detected: ${details.join('; ')}`, fieldList);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON null and a missing member mean the same thing to the service. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function firstViolation(value: unknown, rules: readonly Rule[]): string | undefined {
  if (isAbsent(value)) return rules.includes(required) ? required(value) : undefined;
  for (const rule of rules) {
    const constraint = rule(value);
    if (constraint) return constraint;
  }
  return undefined;
}

function valueAt(input: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((parent, key) => isRecord(parent) ? parent[key] : undefined, input);
}

/**
 * A member of an optional structure is checked only when that structure is present, so `required` on
 * `destinationConfiguration.s3.bucketName` means "required in s3". A parent that is not a structure is
 * reported by the parent's own rules.
 */
function hasParent(input: Readonly<Record<string, unknown>>, path: string): boolean {
  const parentPath = path.split('.').slice(0, -1).join('.');
  return parentPath === '' || isRecord(valueAt(input, parentPath));
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  return Object.keys(value as object).length;
}

function render(value: unknown): string {
  if (isAbsent(value)) return 'null';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
