import { Arn, ArnComponents, ArnFormat, Duration, Stack, TagManager, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as rules from './service-rules';

/**
 * Synth-time validation: how constructs check their props and mutations against the service's rules
 * (`service-rules.ts`, which the handler applies again at deploy time). Every check a construct makes on a value goes
 * through here. Each skips what is not known yet (an absent value, an unresolved token: the handler checks the
 * deployed value) and throws the rule's message, so that the stack trace points at the user's line.
 */

/** Throws the message of a failed check. */
export function fail(message: string | undefined): void {
  if (message !== undefined) {
    throw new Error(message);
  }
}

/** Whether a value holds an unresolved token anywhere (a string, a number, or inside a list or a map). */
function containsToken(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(containsToken);
  }
  if (typeof value === 'object' && value !== null && !Token.isUnresolved(value)) {
    return Object.entries(value).some(([key, item]) => containsToken(key) || containsToken(item));
  }
  return Token.isUnresolved(value);
}

/** Applies a service rule to a value: nothing when it is absent or not known yet, the rule's message otherwise. */
export function validate<T>(check: (label: string, value: T) => string | undefined, label: string, value: T | undefined): void {
  if (value === undefined || containsToken(value)) {
    return;
  }
  fail(check(label, value));
}

/** An integer prop within an inclusive range. */
export function validateIntegerRange(label: string, value: number | undefined, range: { min: number; max: number }): void {
  validate((l, v: number) => rules.checkIntegerRange(l, v, range), label, value);
}

/**
 * The tags a TagManager will render, checked against the service's limits. Returns the messages, for
 * `node.addValidation` (tags arrive through aspects, after the constructor ran).
 */
export function tagErrors(tags: TagManager): string[] {
  const rendered: Array<{ Key: string; Value: string }> = tags.renderTags() ?? [];
  const errors = [rules.checkTagCount(rendered.length)];
  for (const { Key: key, Value: value } of rendered.filter(tag => !Token.isUnresolved(tag.Key))) {
    errors.push(rules.checkTagKey(key), Token.isUnresolved(value) ? undefined : rules.checkTagValue(key, value));
  }
  return errors.filter((error): error is string => error !== undefined);
}

/**
 * Splits an IVS Chat ARN (`arn:<partition>:ivschat:<region>:<account>:<resource>/<id>`), checking what is
 * known at synth time: an unresolved token is split with CloudFormation functions and not checked.
 */
export function parseIvsChatArn(label: string, arn: string, resource: rules.IvsChatResourceType): ArnComponents {
  validate((l, v: string) => rules.checkIvsChatArn(l, v, resource), label, arn);
  return Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
}

/**
 * The service reaches a room's review handler and logging configurations only in the room's own account and region:
 * compares `theirs` with the stack of `scope`, where both are known at synth time.
 */
export function validateSameEnvironment(scope: IConstruct, label: string, theirs: rules.ResourceEnvironment): void {
  const stack = Stack.of(scope);
  for (const key of ['account', 'region'] as const) {
    if (!Token.isUnresolved(stack[key]) && !Token.isUnresolved(theirs[key])) {
      fail(rules.checkSameEnvironment(label, key, stack[key], theirs[key]));
    }
  }
}

/** A chat token's session duration: a whole number of minutes, 1-180, as the vendor's environment holds it. */
export function sessionDurationMinutes(label: string, duration: Duration): string {
  if (duration.isUnresolved()) {
    try {
      return Tokenization.stringifyNumber(duration.toMinutes());
    } catch {
      throw new Error(`${label} from a token must be given with \`Duration.minutes()\`.`);
    }
  }
  const minutes = duration.toMilliseconds({ integral: false }) / 60_000;
  const range = rules.SESSION_DURATION_MINUTES_RANGE;
  if (!Number.isInteger(minutes) || minutes < range.min || minutes > range.max) {
    throw new Error(`${label} must be a whole number of minutes between ${range.min} and ${range.max}, got: ${duration.toHumanString()}.`);
  }
  return String(minutes);
}
