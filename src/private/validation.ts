import { Arn, ArnComponents, ArnFormat, TagManager, Token } from 'aws-cdk-lib';
import * as rules from './rules';

/**
 * Token-aware synth-time validators: each skips values that are unresolved tokens (known only at
 * deploy time, where the handler checks them again) and throws with the shared rule's message.
 */

/** Throws the message of a failed check. */
export function fail(message: string | undefined): void {
  if (message !== undefined) {
    throw new Error(message);
  }
}

/** A resource name (`roomName`, `loggingConfigurationName`). */
export function validateName(label: string, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  fail(rules.checkName(label, value));
}

/** An integer prop within an inclusive range. */
export function validateIntegerRange(label: string, value: number | undefined, range: { min: number; max: number }): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  fail(rules.checkIntegerRange(label, value, range));
}

/**
 * The tags a TagManager will render, checked against the service's limits. Returns the messages,
 * for `node.addValidation` (tags arrive through aspects, after the constructor ran).
 */
export function tagErrors(tags: TagManager): string[] {
  const rendered: Array<{ Key: string; Value: string }> = tags.renderTags() ?? [];
  const errors: string[] = [];
  const count = rules.checkTagCount(rendered.length);
  if (count) {
    errors.push(count);
  }
  for (const { Key: key, Value: value } of rendered) {
    if (Token.isUnresolved(key)) {
      continue;
    }
    const keyError = rules.checkTagKey(key);
    if (keyError) {
      errors.push(keyError);
    }
    const valueError = Token.isUnresolved(value) ? undefined : rules.checkTagValue(key, value);
    if (valueError) {
      errors.push(valueError);
    }
  }
  return errors;
}

/**
 * Splits an IVS Chat ARN (`arn:<partition>:ivschat:<region>:<account>:<resource>/<id>`), checking what is
 * known at synth time: an unresolved token is split with CloudFormation functions and not checked.
 */
export function parseIvsChatArn(label: string, arn: string, resource: rules.IvsChatResourceType): ArnComponents {
  if (!Token.isUnresolved(arn)) {
    fail(rules.checkIvsChatArn(label, arn, resource));
  }
  return Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
}
