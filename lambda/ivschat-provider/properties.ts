import type { DestinationConfiguration, FallbackResult, MessageReviewHandler } from '@aws-sdk/client-ivschat';
import { tagsFromProperty } from './tags';
import type {
  DestinationConfigurationProperty,
  LoggingConfigurationResourceProperties,
  MessageReviewHandlerProperty,
  RoomResourceProperties,
  TagProperty,
} from '../../src/private/resource-properties';
import {
  checkBucketName,
  checkDeliveryStreamName,
  checkFallbackResult,
  checkIntegerRange,
  checkIvsChatArn,
  checkLogGroupName,
  checkLoggingConfigurationCount,
  checkName,
  checkReviewHandlerUri,
  checkSameEnvironment,
  checkTagCount,
  checkTagKey,
  checkTagValue,
  environmentOfArn,
  MESSAGE_LENGTH_RANGE,
  MESSAGE_RATE_RANGE,
  ResourceEnvironment,
} from '../../src/private/rules';

/** The resource properties break the service's rules; nothing was called. */
export class InvalidPropertiesError extends Error {
  constructor(problems: string[]) {
    super(problems.join(' '));
    this.name = 'InvalidPropertiesError';
  }
}

/** A room as the API takes it. A property that is not set stays `undefined` (the service's default applies). */
export interface RoomSettings {
  readonly name?: string;
  readonly maximumMessageLength?: number;
  readonly maximumMessageRatePerSecond?: number;
  readonly messageReviewHandler?: MessageReviewHandler;
  readonly loggingConfigurationIdentifiers?: string[];
  readonly tags: Record<string, string>;
}

/** A logging configuration as the API takes it. */
export interface LoggingConfigurationSettings {
  readonly name?: string;
  /** `undefined` only in previous settings that were never valid. */
  readonly destinationConfiguration?: DestinationConfiguration;
  readonly tags: Record<string, string>;
}

export interface ValidLoggingConfigurationSettings extends LoggingConfigurationSettings {
  readonly destinationConfiguration: DestinationConfiguration;
}

/**
 * The room to create or update to; throws `InvalidPropertiesError` listing every problem. With the room's
 * `environment` (its stack's account and region), the review handler and the logging configurations must be there too.
 */
export function roomSettings(properties: RoomResourceProperties | undefined, environment?: ResourceEnvironment): RoomSettings {
  return validated(problems => readRoom(properties ?? {}, problems, environment));
}

/**
 * The room as the previous properties described it. These are never validated: after a failed update,
 * CloudFormation rolls back with the rejected properties as the old ones, and the rollback must succeed.
 */
export function previousRoomSettings(properties: RoomResourceProperties | undefined): RoomSettings {
  return readRoom(properties ?? {}, []);
}

/** The logging configuration to create or update to; throws `InvalidPropertiesError` listing every problem. */
export function loggingConfigurationSettings(properties: LoggingConfigurationResourceProperties | undefined): ValidLoggingConfigurationSettings {
  const settings = validated(problems => readLoggingConfiguration(properties, problems));
  // validated() has thrown if the destination was missing or invalid.
  return settings as ValidLoggingConfigurationSettings;
}

/** The logging configuration as the previous properties described it; never validated (see `previousRoomSettings`). */
export function previousLoggingConfigurationSettings(properties: LoggingConfigurationResourceProperties | undefined): LoggingConfigurationSettings {
  return readLoggingConfiguration(properties, []);
}

function validated<T>(read: (problems: string[]) => T): T {
  const problems: string[] = [];
  const settings = read(problems);
  if (problems.length > 0) {
    throw new InvalidPropertiesError(problems);
  }
  return settings;
}

function readRoom(properties: RoomResourceProperties, problems: string[], environment?: ResourceEnvironment): RoomSettings {
  return {
    name: text('Name', properties.Name, problems, checkName),
    maximumMessageLength: integer('MaximumMessageLength', properties.MaximumMessageLength, MESSAGE_LENGTH_RANGE, problems),
    maximumMessageRatePerSecond: integer('MaximumMessageRatePerSecond', properties.MaximumMessageRatePerSecond, MESSAGE_RATE_RANGE, problems),
    messageReviewHandler: reviewHandler(properties.MessageReviewHandler, problems, environment),
    loggingConfigurationIdentifiers: loggingConfigurationIdentifiers(properties.LoggingConfigurationIdentifiers, problems, environment),
    tags: tags(properties.Tags, problems),
  };
}

function readLoggingConfiguration(properties: LoggingConfigurationResourceProperties | undefined, problems: string[]): LoggingConfigurationSettings {
  return {
    name: text('Name', properties?.Name, problems, checkName),
    destinationConfiguration: destination(properties?.DestinationConfiguration, problems),
    tags: tags(properties?.Tags, problems),
  };
}

function text(label: string, raw: unknown, problems: string[], check: (label: string, value: string) => string | undefined): string | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw !== 'string') {
    problems.push(`${label} must be a string, got: ${JSON.stringify(raw)}.`);
    return String(raw);
  }
  report(problems, check(label, raw));
  return raw;
}

/** CloudFormation passes numbers as strings: "500". */
function integer(label: string, raw: unknown, range: { min: number; max: number }, problems: string[]): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
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
}

function reviewHandler(
  raw: MessageReviewHandlerProperty | undefined,
  problems: string[],
  environment?: ResourceEnvironment,
): MessageReviewHandler | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) {
    problems.push(`MessageReviewHandler must be an object with Uri and FallbackResult, got: ${JSON.stringify(raw)}.`);
    return undefined;
  }
  const uri = text('MessageReviewHandler.Uri', raw.Uri ?? '', problems, (label, value) => value === ''
    ? undefined
    : checkReviewHandlerUri(label, value) ?? sameEnvironment(label, value, environment));
  const fallbackResult = text('MessageReviewHandler.FallbackResult', raw.FallbackResult, problems, checkFallbackResult);
  return { uri, fallbackResult: fallbackResult as FallbackResult | undefined };
}

function loggingConfigurationIdentifiers(raw: string[] | undefined, problems: string[], environment?: ResourceEnvironment): string[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    problems.push(`LoggingConfigurationIdentifiers must be a list of logging configuration ARNs, got: ${JSON.stringify(raw)}.`);
    return undefined;
  }
  report(problems, checkLoggingConfigurationCount(raw.length));
  return raw.map((identifier, index) => text(`LoggingConfigurationIdentifiers[${index}]`, identifier, problems, (label, value) =>
    checkIvsChatArn(label, value, 'logging-configuration') ?? sameEnvironment(label, value, environment)) ?? '');
}

/** The problem with an ARN outside the room's account or region, when the room's is known. */
function sameEnvironment(label: string, arn: string, environment: ResourceEnvironment | undefined): string | undefined {
  if (environment === undefined) {
    return undefined;
  }
  const theirs = environmentOfArn(arn);
  return checkSameEnvironment(label, 'account', environment.account, theirs.account)
    ?? checkSameEnvironment(label, 'region', environment.region, theirs.region);
}

function tags(raw: TagProperty[] | undefined, problems: string[]): Record<string, string> {
  if (raw === undefined) {
    return {};
  }
  if (!Array.isArray(raw)) {
    problems.push(`Tags must be a list of {Key, Value}, got: ${JSON.stringify(raw)}.`);
    return {};
  }
  report(problems, checkTagCount(raw.length));
  const seen = new Set<string>();
  for (const tag of raw) {
    const key = String(tag?.Key ?? '');
    report(problems, checkTagKey(key));
    report(problems, checkTagValue(key, String(tag?.Value ?? '')));
    if (seen.has(key)) {
      problems.push(`Tag key '${key}' appears more than once.`);
    }
    seen.add(key);
  }
  return tagsFromProperty(raw);
}

function destination(raw: DestinationConfigurationProperty | undefined, problems: string[]): DestinationConfiguration | undefined {
  const members = typeof raw === 'object' && raw !== null
    ? (['S3', 'CloudWatchLogs', 'Firehose'] as const).filter(member => raw[member] !== undefined)
    : [];
  if (raw === undefined || members.length !== 1) {
    problems.push(`DestinationConfiguration must have exactly one of S3, CloudWatchLogs or Firehose, got: ${members.length === 0 ? 'none' : members.join(', ')}.`);
    return undefined;
  }
  const label = `DestinationConfiguration.${members[0]}`;
  if (raw.S3 !== undefined) {
    const bucketName = text(`${label}.BucketName`, raw.S3?.BucketName ?? '', problems, checkBucketName) ?? '';
    return { s3: { bucketName } };
  }
  if (raw.CloudWatchLogs !== undefined) {
    const logGroupName = text(`${label}.LogGroupName`, raw.CloudWatchLogs?.LogGroupName ?? '', problems, checkLogGroupName) ?? '';
    return { cloudWatchLogs: { logGroupName } };
  }
  const deliveryStreamName = text(`${label}.DeliveryStreamName`, raw.Firehose?.DeliveryStreamName ?? '', problems, checkDeliveryStreamName) ?? '';
  return { firehose: { deliveryStreamName } };
}

function report(problems: string[], problem: string | undefined): void {
  if (problem !== undefined) {
    problems.push(problem);
  }
}
