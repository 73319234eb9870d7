/**
 * The IVS Chat API's validation rules as pure functions, shared by the constructs (synth time) and the
 * custom-resource handler (deploy time), so both reject the same inputs with the same messages.
 *
 * Each check returns an error message, or `undefined` when the value is valid. This module must import nothing but
 * types: the handler bundle includes it.
 */
import type { IvsChatResourceType } from './resource-types';

export type { IvsChatResourceType };

export const NAME_MAX_LENGTH = 128;
export const MESSAGE_LENGTH_RANGE = { min: 1, max: 500 } as const;
export const MESSAGE_RATE_RANGE = { min: 1, max: 100 } as const;
export const MAX_LOGGING_CONFIGURATIONS_PER_ROOM = 3;
export const MAX_TAGS = 50;
export const TAG_KEY_MAX_LENGTH = 128;
export const TAG_VALUE_MAX_LENGTH = 256;
export const REVIEW_HANDLER_URI_MAX_LENGTH = 170;
export const FALLBACK_RESULTS = ['ALLOW', 'DENY'] as const;
export const IVS_CHAT_ARN_MAX_LENGTH = 128;

const NAME_PATTERN = /^[a-zA-Z0-9-_]*$/;
const REVIEW_HANDLER_URI_PATTERN = /^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:.+$/;


/** Where a resource lives: the account and region fields of its ARN. */
export interface ResourceEnvironment {
  readonly account: string;
  readonly region: string;
}

/**
 * Lengths as the service counts them, in characters (code points): `'😀'.length` is 2 in JavaScript,
 * yet the service counts one character, so a JavaScript length would reject valid values.
 */
function characters(value: string): number {
  return [...value].length;
}

/** `name`: 0-128 characters of `[a-zA-Z0-9-_]`. */
export function checkName(label: string, value: string): string | undefined {
  if (characters(value) > NAME_MAX_LENGTH) {
    return `${label} must be at most ${NAME_MAX_LENGTH} characters, got: ${characters(value)}.`;
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

/** A whole number of at least 1. */
export function checkPositiveInteger(label: string, value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1) {
    return `${label} must be a positive integer, got: ${value}.`;
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
  if (characters(value) > REVIEW_HANDLER_URI_MAX_LENGTH || !REVIEW_HANDLER_URI_PATTERN.test(value)) {
    return `${label} must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) of at most ${REVIEW_HANDLER_URI_MAX_LENGTH} characters, got: '${value}'.`;
  }
  return undefined;
}

/**
 * An IVS Chat ARN of the given type, as the API takes it in identifiers: at most 128 characters, a
 * 12-digit account and a 12-character id. The partition is any AWS partition's.
 */
export function checkIvsChatArn(label: string, value: string, resourceType: IvsChatResourceType): string | undefined {
  const pattern = new RegExp(`^arn:aws[a-z-]*:ivschat:[a-z0-9-]+:[0-9]{12}:${resourceType}/[a-zA-Z0-9]{12}$`);
  if (characters(value) > IVS_CHAT_ARN_MAX_LENGTH || !pattern.test(value)) {
    const type = resourceType.replace('-', ' ');
    return `${label} must be an IVS Chat ${type} ARN (arn:<partition>:ivschat:<region>:<account>:${resourceType}/<id>), got: '${value}'.`;
  }
  return undefined;
}

/** The account and region of an ARN (`arn:<partition>:<service>:<region>:<account>:...`). */
export function environmentOfArn(arn: string): ResourceEnvironment {
  const [, , , region = '', account = ''] = arn.split(':');
  return { account, region };
}

/**
 * A room reaches its review handler and its logging configurations only in its own account and region:
 * `actual` is the referenced resource's account or region, `expected` the room's.
 */
export function checkSameEnvironment(label: string, key: keyof ResourceEnvironment, expected: string, actual: string): string | undefined {
  if (expected !== actual) {
    return `${label} must be in the room's ${key} (${expected}), got: ${actual}.`;
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
  const length = characters(key);
  if (length < 1 || length > TAG_KEY_MAX_LENGTH) {
    return `Tag keys must be 1-${TAG_KEY_MAX_LENGTH} characters, got ${length} characters: '${key}'.`;
  }
  if (key.toLowerCase().startsWith('aws:')) {
    return `Tag keys must not start with 'aws:' (reserved for AWS), got: '${key}'.`;
  }
  return undefined;
}

/** Tag values: 0-256 characters. */
export function checkTagValue(key: string, value: string): string | undefined {
  if (characters(value) > TAG_VALUE_MAX_LENGTH) {
    return `The value of tag '${key}' must be at most ${TAG_VALUE_MAX_LENGTH} characters, got: ${characters(value)}.`;
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
  if (characters(value) < range.min || characters(value) > range.max || !pattern.test(value)) {
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

/** CreateChatToken: what a token may allow besides reading (viewing is always allowed). */
export const CHAT_TOKEN_CAPABILITIES = ['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE'] as const;
/** CreateChatToken: `sessionDurationInMinutes`, default 60. */
export const SESSION_DURATION_MINUTES_RANGE = { min: 1, max: 180 } as const;
/** CreateChatToken: `userId` is 1-128 characters. */
export const USER_ID_MAX_LENGTH = 128;
/** CreateChatToken: `attributes` total at most 1 KB. */
export const CHAT_TOKEN_ATTRIBUTES_MAX_BYTES = 1024;

const HTTP_HEADER_NAME_PATTERN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Each capability is one of CHAT_TOKEN_CAPABILITIES. */
export function checkCapabilities(label: string, values: readonly string[]): string | undefined {
  const unknown = values.find(value => !(CHAT_TOKEN_CAPABILITIES as readonly string[]).includes(value));
  if (unknown !== undefined) {
    return `${label} may hold only ${CHAT_TOKEN_CAPABILITIES.join(', ')}, got: '${unknown}'.`;
  }
  return undefined;
}

/** CreateChatToken `userId`: 1-128 characters. */
export function checkUserId(label: string, value: string): string | undefined {
  const length = characters(value);
  if (length < 1 || length > USER_ID_MAX_LENGTH) {
    return `${label} must be 1-${USER_ID_MAX_LENGTH} characters, got: ${length}.`;
  }
  return undefined;
}

/** The attributes of a chat token, keys and values counted in UTF-8 bytes, total at most 1 KB. */
export function checkChatTokenAttributes(label: string, attributes: Readonly<Record<string, string>>): string | undefined {
  const encoder = new TextEncoder();
  const bytes = Object.entries(attributes).reduce((total, [key, value]) => total + encoder.encode(key).length + encoder.encode(value).length, 0);
  if (bytes > CHAT_TOKEN_ATTRIBUTES_MAX_BYTES) {
    return `${label} must total at most ${CHAT_TOKEN_ATTRIBUTES_MAX_BYTES} bytes (keys and values, UTF-8), got: ${bytes}.`;
  }
  return undefined;
}

/** An HTTP header name (RFC 9110 token). */
export function checkHeaderName(label: string, value: string): string | undefined {
  if (!HTTP_HEADER_NAME_PATTERN.test(value)) {
    return `${label} must be an HTTP header name (letters, digits and !#$%&'*+.^_\`|~-), got: '${value}'.`;
  }
  return undefined;
}
