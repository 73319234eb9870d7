/**
 * The IVS Chat API's validation rules as pure functions, shared by the constructs (synth time) and the
 * custom-resource handler (deploy time), so both reject the same inputs with the same messages.
 *
 * Each check returns an error message, or `undefined` when the value is valid. This module must not
 * import anything: the handler bundle includes it.
 */

export const NAME_MAX_LENGTH = 128;
export const MESSAGE_LENGTH_RANGE = { min: 1, max: 500 } as const;
export const MESSAGE_RATE_RANGE = { min: 1, max: 100 } as const;
export const MAX_LOGGING_CONFIGURATIONS_PER_ROOM = 3;
export const MAX_TAGS = 50;
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;
export const REVIEW_HANDLER_URI_MAX_LENGTH = 170;
export const FALLBACK_RESULTS = ['ALLOW', 'DENY'] as const;

const NAME_PATTERN = /^[a-zA-Z0-9-_]*$/;
const REVIEW_HANDLER_URI_PATTERN = /^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:.+$/;

/** `name`: 0-128 characters of `[a-zA-Z0-9-_]`. */
export function checkName(label: string, value: string): string | undefined {
  if (value.length > NAME_MAX_LENGTH) {
    return `${label} must be at most ${NAME_MAX_LENGTH} characters, got: ${value.length}.`;
  }
  if (!NAME_PATTERN.test(value)) {
    return `${label} may contain only letters, digits, hyphens and underscores, got: '${value}'.`;
  }
  return undefined;
}

/** An integer within an inclusive range. */
export function checkIntegerRange(label: string, value: number, range: { min: number; max: number }): string | undefined {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    return `${label} must be an integer between ${range.min} and ${range.max}, got: ${value}.`;
  }
  return undefined;
}

/** A room holds at most 3 logging configurations. */
export function checkLoggingConfigurationCount(count: number): string | undefined {
  if (count > MAX_LOGGING_CONFIGURATIONS_PER_ROOM) {
    return `A room can have at most ${MAX_LOGGING_CONFIGURATIONS_PER_ROOM} logging configurations, got: ${count}.`;
  }
  return undefined;
}

/** The review handler is a Lambda function ARN of at most 170 characters. */
export function checkReviewHandlerUri(label: string, value: string): string | undefined {
  if (value.length > REVIEW_HANDLER_URI_MAX_LENGTH || !REVIEW_HANDLER_URI_PATTERN.test(value)) {
    return `${label} must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) of at most ${REVIEW_HANDLER_URI_MAX_LENGTH} characters, got: '${value}'.`;
  }
  return undefined;
}

/** `fallbackResult`: ALLOW or DENY. */
export function checkFallbackResult(label: string, value: string): string | undefined {
  if (!(FALLBACK_RESULTS as readonly string[]).includes(value)) {
    return `${label} must be one of ${FALLBACK_RESULTS.join(', ')}, got: '${value}'.`;
  }
  return undefined;
}

/** At most 50 tags per resource. */
export function checkTagCount(count: number): string | undefined {
  if (count > MAX_TAGS) {
    return `An IVS Chat resource can have at most ${MAX_TAGS} tags, got: ${count}.`;
  }
  return undefined;
}

/** Tag keys: 1-128 characters, not starting with `aws:`. */
export function checkTagKey(key: string): string | undefined {
  if (key.length < 1 || key.length > TAG_KEY_MAX_LENGTH) {
    return `Tag keys must be 1-${TAG_KEY_MAX_LENGTH} characters, got ${key.length} characters: '${key}'.`;
  }
  if (key.toLowerCase().startsWith('aws:')) {
    return `Tag keys must not start with 'aws:' (reserved for AWS), got: '${key}'.`;
  }
  return undefined;
}

/** Tag values: 0-256 characters. */
export function checkTagValue(key: string, value: string): string | undefined {
  if (value.length > TAG_VALUE_MAX_LENGTH) {
    return `The value of tag '${key}' must be at most ${TAG_VALUE_MAX_LENGTH} characters, got: ${value.length}.`;
  }
  return undefined;
}

/** A destination name: a length range and a character set. */
function checkDestinationName(
  label: string,
  value: string,
  range: { min: number; max: number },
  pattern: RegExp,
  allowed: string,
): string | undefined {
  if (value.length < range.min || value.length > range.max || !pattern.test(value)) {
    return `${label} must be ${range.min}-${range.max} characters of ${allowed}, got: '${value}'.`;
  }
  return undefined;
}

/** S3 destination: bucketName 3-63 characters of `[a-z0-9-.]`. */
export function checkBucketName(label: string, value: string): string | undefined {
  return checkDestinationName(label, value, { min: 3, max: 63 }, /^[a-z0-9-.]+$/, 'lowercase letters, digits, hyphens and dots');
}

/** CloudWatch Logs destination: logGroupName 1-512 characters of `[.\-_/#A-Za-z0-9]`. */
export function checkLogGroupName(label: string, value: string): string | undefined {
  return checkDestinationName(label, value, { min: 1, max: 512 }, /^[.\-_/#A-Za-z0-9]+$/, "letters, digits and '.-_/#'");
}

/** Firehose destination: deliveryStreamName 1-64 characters of `[a-zA-Z0-9_.-]`. */
export function checkDeliveryStreamName(label: string, value: string): string | undefined {
  return checkDestinationName(label, value, { min: 1, max: 64 }, /^[a-zA-Z0-9_.-]+$/, "letters, digits and '_.-'");
}
