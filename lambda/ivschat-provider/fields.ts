import { tagsFromProperty } from './tags';
import type { TagProperty } from '../../src/private/resource-properties';
import { checkIntegerRange, checkTagCount, checkTagKey, checkTagValue, ResourceEnvironment } from '../../src/private/service-rules';

/**
 * Custom-resource properties as IVS Chat requests: each resource type lists its fields in a table (`Field`), and this
 * module reads, validates and diffs any such table. A new property of a resource is one line in the contract
 * (src/private/resource-properties.ts) and one row in its type's table, with the rule that validates it.
 */

/** The resource properties break the service's rules; nothing was called. */
export class InvalidPropertiesError extends Error {
  constructor(problems: string[]) {
    super(problems.join(' '));
    this.name = 'InvalidPropertiesError';
  }
}

/** What a reader may need besides the value: the account and region of the resource's stack, when the event says. */
export interface ReadContext {
  readonly environment?: ResourceEnvironment;
}

/**
 * Reads one property as CloudFormation hands it over (every scalar a string) into a request field, pushing a message
 * onto `problems` for each rule it breaks. Only called for a property that is set, unless the field is required.
 */
export type Reader<T> = (label: string, raw: unknown, problems: string[], context: ReadContext) => T;

/** One field of a resource type's Create/Update requests, and the property it comes from. */
export interface Field<R> {
  /** The property in the template (CloudFormation casing), also the label in messages. */
  readonly property: string;
  /** The request field. */
  readonly field: keyof R & string;
  readonly read: Reader<unknown>;
  /** The service's value when the field is not set: what a property removed from the template returns to. */
  readonly default?: unknown;
  /** The property must be set: its reader is called even when it is not, and says what is missing. */
  readonly required?: boolean;
  /** The value as the service holds it, for comparing: equal values are no change. @default the value */
  readonly normalize?: (value: any) => unknown;
  /** Whether two normalized values are the same to the service. @default the same JSON */
  readonly equal?: (a: any, b: any) => boolean;
  /** The value as an update sends it. @default the value */
  readonly toRequest?: (value: any) => unknown;
}

/** A resource's request fields and its tags, read from its properties. A property that is not set stays `undefined`. */
export type Settings<R> = Partial<R> & { readonly tags: Record<string, string> };

/** A resource type's fields, and what the handler does with any type's: read, validate, diff. */
export class FieldTable<R, P> {
  constructor(public readonly fields: ReadonlyArray<Field<R>>) {}

  /**
   * The resource to create or update to; throws `InvalidPropertiesError` listing every problem, before any call.
   * With the stack's `environment`, references to other resources must be in its account and region.
   */
  public settings(properties: P | undefined, environment?: ResourceEnvironment): Settings<R> {
    const problems: string[] = [];
    const settings = this.read(properties, problems, { environment });
    if (problems.length > 0) {
      throw new InvalidPropertiesError(problems);
    }
    return settings;
  }

  /**
   * The resource as the previous properties described it. These are never validated: after a failed update,
   * CloudFormation rolls back with the rejected properties as the old ones, and the rollback must succeed.
   */
  public previousSettings(properties: P | undefined): Settings<R> {
    return this.read(properties, [], {});
  }

  /** The update request's fields that turn `previous` into `next` (an unset field is its default), or `undefined` when none changed. */
  public changes(previous: Settings<R>, next: Settings<R>): Partial<R> | undefined {
    const changes: Record<string, unknown> = {};
    for (const { field, default: fallback, normalize = (value: unknown) => value, equal = sameJson, toRequest } of this.fields) {
      const before = normalize((previous as Record<string, unknown>)[field] ?? fallback);
      const after = normalize((next as Record<string, unknown>)[field] ?? fallback);
      if (!equal(before, after)) {
        changes[field] = toRequest ? toRequest(after) : after;
      }
    }
    return Object.keys(changes).length > 0 ? changes as Partial<R> : undefined;
  }

  private read(properties: P | undefined, problems: string[], context: ReadContext): Settings<R> {
    const raw = (properties ?? {}) as Record<string, unknown>;
    const settings: Record<string, unknown> = {};
    for (const { property, field, read, required } of this.fields) {
      settings[field] = raw[property] === undefined && !required ? undefined : read(property, raw[property], problems, context);
    }
    return { ...settings as Partial<R>, tags: readTags(raw.Tags, problems) };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A string property checked by a service rule. */
export function text(check: (label: string, value: string) => string | undefined): Reader<string> {
  return (label, raw, problems) => {
    if (typeof raw !== 'string') {
      problems.push(`${label} must be a string, got: ${JSON.stringify(raw)}.`);
      return String(raw);
    }
    report(problems, check(label, raw));
    return raw;
  };
}

/** An integer property within a range. CloudFormation passes numbers as strings: "500". */
export function integer(range: { min: number; max: number }): Reader<number> {
  return (label, raw, problems) => {
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    const problem = checkIntegerRange(label, value, range);
    if (problem !== undefined && Number.isNaN(value)) {
      // The shared message echoes the number; for text that is not one, echo the text rather than NaN.
      const shown = typeof raw === 'string' ? raw : JSON.stringify(raw);
      problems.push(problem.replace(/NaN\.$/, () => `${shown}.`));
    } else {
      report(problems, problem);
    }
    return value;
  };
}

/** `Tags`, a `[{Key, Value}]` list, as the API's map; every resource type has them. */
function readTags(raw: unknown, problems: string[]): Record<string, string> {
  if (raw === undefined) {
    return {};
  }
  if (!Array.isArray(raw)) {
    problems.push(`Tags must be a list of {Key, Value}, got: ${JSON.stringify(raw)}.`);
    return {};
  }
  report(problems, checkTagCount(raw.length));
  const seen = new Set<string>();
  for (const tag of raw as TagProperty[]) {
    const key = String(tag?.Key ?? '');
    report(problems, checkTagKey(key));
    report(problems, checkTagValue(key, String(tag?.Value ?? '')));
    if (seen.has(key)) {
      problems.push(`Tag key '${key}' appears more than once.`);
    }
    seen.add(key);
  }
  return tagsFromProperty(raw as TagProperty[]);
}

export function report(problems: string[], problem: string | undefined): void {
  if (problem !== undefined) {
    problems.push(problem);
  }
}
