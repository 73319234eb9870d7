import type { DestinationConfiguration, FallbackResult, MessageReviewHandler, UpdateLoggingConfigurationRequest, UpdateRoomRequest } from '@aws-sdk/client-ivschat';
import type { LoggingConfigurationSettings, RoomSettings } from './properties';

export type RoomChanges = Omit<UpdateRoomRequest, 'identifier'>;
export type LoggingConfigurationChanges = Omit<UpdateLoggingConfigurationRequest, 'identifier'>;

/** The service's values for unset fields: a field removed from the properties is reset to them. */
const DEFAULTS = {
  name: '',
  maximumMessageLength: 500,
  maximumMessageRatePerSecond: 10,
  fallbackResult: 'ALLOW',
} as const;

interface ReviewHandler {
  readonly uri: string;
  readonly fallbackResult: FallbackResult;
}

/** The `UpdateRoom` fields that turn `previous` into `next`, or `undefined` when no field changed. */
export function roomChanges(previous: RoomSettings, next: RoomSettings): RoomChanges | undefined {
  const changes: { -readonly [K in keyof RoomChanges]: RoomChanges[K] } = {};
  const name = next.name ?? DEFAULTS.name;
  if (name !== (previous.name ?? DEFAULTS.name)) {
    changes.name = name;
  }
  const length = next.maximumMessageLength ?? DEFAULTS.maximumMessageLength;
  if (length !== (previous.maximumMessageLength ?? DEFAULTS.maximumMessageLength)) {
    changes.maximumMessageLength = length;
  }
  const rate = next.maximumMessageRatePerSecond ?? DEFAULTS.maximumMessageRatePerSecond;
  if (rate !== (previous.maximumMessageRatePerSecond ?? DEFAULTS.maximumMessageRatePerSecond)) {
    changes.maximumMessageRatePerSecond = rate;
  }
  const handler = normalizedReviewHandler(next.messageReviewHandler);
  const previousHandler = normalizedReviewHandler(previous.messageReviewHandler);
  if (handler.uri !== previousHandler.uri || handler.fallbackResult !== previousHandler.fallbackResult) {
    // An empty uri removes the handler; otherwise send both fields so that an omitted fallback resets to ALLOW.
    changes.messageReviewHandler = handler.uri === '' ? { uri: '' } : handler;
  }
  const identifiers = next.loggingConfigurationIdentifiers ?? [];
  if (!sameMembers(identifiers, previous.loggingConfigurationIdentifiers ?? [])) {
    changes.loggingConfigurationIdentifiers = identifiers;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** The `UpdateLoggingConfiguration` fields that turn `previous` into `next`, or `undefined` when none changed. */
export function loggingConfigurationChanges(
  previous: LoggingConfigurationSettings,
  next: LoggingConfigurationSettings & { destinationConfiguration: DestinationConfiguration },
): LoggingConfigurationChanges | undefined {
  const changes: { -readonly [K in keyof LoggingConfigurationChanges]: LoggingConfigurationChanges[K] } = {};
  const name = next.name ?? DEFAULTS.name;
  if (name !== (previous.name ?? DEFAULTS.name)) {
    changes.name = name;
  }
  if (JSON.stringify(next.destinationConfiguration) !== JSON.stringify(previous.destinationConfiguration)) {
    // Any destination change, even of type (S3 to CloudWatch Logs), is an in-place update.
    changes.destinationConfiguration = next.destinationConfiguration;
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** A handler with an empty uri is no handler; the fallback defaults to ALLOW. */
function normalizedReviewHandler(handler: MessageReviewHandler | undefined): ReviewHandler {
  const uri = handler?.uri ?? '';
  return { uri, fallbackResult: uri === '' ? DEFAULTS.fallbackResult : handler?.fallbackResult ?? DEFAULTS.fallbackResult };
}

/** Logging configuration identifiers are a set: their order is no change. */
function sameMembers(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && set.size === new Set(b).size && b.every(item => set.has(item));
}
