import { CreateRoomCommand, DeleteRoomCommand, GetRoomCommand, MessageReviewHandler, UpdateRoomCommand, UpdateRoomRequest } from '@aws-sdk/client-ivschat';
import { callIvsChat, unlessNotFound } from './api';
import { FieldTable, integer, ReadContext, report, text } from './fields';
import { createdResource, ResourceHandler } from './lifecycle';
import { tagsField, updateTags } from './tags';
import type { RoomResourceProperties } from '../../src/private/resource-properties';
import { RESOURCE_TYPES } from '../../src/private/resource-types';
import {
  checkFallbackResult,
  checkIvsChatArn,
  checkLoggingConfigurationCount,
  checkName,
  checkReviewHandlerUri,
  checkSameEnvironment,
  environmentOfArn,
  MESSAGE_LENGTH_RANGE,
  MESSAGE_RATE_RANGE,
} from '../../src/private/service-rules';

/** What CreateRoom and UpdateRoom take, besides the room's identifier and tags. */
export type RoomFields = Omit<UpdateRoomRequest, 'identifier'>;

/** A handler with an empty uri is no handler; the fallback then, or when it is not set, is ALLOW. */
const NO_REVIEW_HANDLER = { uri: '', fallbackResult: 'ALLOW' } as const;

/** The room's properties, field by field, with the service's defaults (what a removed property returns to). */
export const ROOM_FIELDS = new FieldTable<RoomFields, RoomResourceProperties>([
  { property: 'Name', field: 'name', read: text(checkName), default: '' },
  { property: 'MaximumMessageLength', field: 'maximumMessageLength', read: integer(MESSAGE_LENGTH_RANGE), default: 500 },
  { property: 'MaximumMessageRatePerSecond', field: 'maximumMessageRatePerSecond', read: integer(MESSAGE_RATE_RANGE), default: 10 },
  {
    property: 'MessageReviewHandler',
    field: 'messageReviewHandler',
    read: reviewHandler,
    default: NO_REVIEW_HANDLER,
    normalize: (handler: MessageReviewHandler) => handler.uri ? { uri: handler.uri, fallbackResult: handler.fallbackResult ?? 'ALLOW' } : NO_REVIEW_HANDLER,
    // An empty uri removes the handler; otherwise both fields go, so that an omitted fallback resets to ALLOW.
    toRequest: (handler: MessageReviewHandler) => handler.uri === '' ? { uri: '' } : handler,
  },
  {
    property: 'LoggingConfigurationIdentifiers',
    field: 'loggingConfigurationIdentifiers',
    read: loggingConfigurationIdentifiers,
    default: [],
    // A set: their order is no change.
    equal: (a: string[], b: string[]) => a.length === b.length && new Set(a).size === new Set(b).size && b.every(item => a.includes(item)),
  },
]);

/**
 * `Custom::IvsChatRoom`. A create is one CreateRoom and nothing else: no GetRoom to wait out eventual
 * consistency, because room operations share a 5 TPS quota that a stack of many rooms already saturates,
 * and with no call after CreateRoom there is nothing that could fail and orphan the new room.
 */
export const roomHandler: ResourceHandler<RoomResourceProperties> = {
  arnResourceType: RESOURCE_TYPES.room.arnResource,

  async create(properties, invocation) {
    const { tags, ...fields } = ROOM_FIELDS.settings(properties, invocation.environment);
    const room = await callIvsChat('CreateRoom', undefined, (client, options) => client.send(
      new CreateRoomCommand({ ...fields, tags: tagsField(tags) }), options,
    ));
    return createdResource('CreateRoom', room);
  },

  async update(resource, properties, oldProperties, invocation) {
    const next = ROOM_FIELDS.settings(properties, invocation.environment);
    const previous = ROOM_FIELDS.previousSettings(oldProperties);
    const changes = ROOM_FIELDS.changes(previous, next);
    if (changes !== undefined) {
      await callIvsChat('UpdateRoom', resource.arn, (client, options) => client.send(
        new UpdateRoomCommand({ identifier: resource.arn, ...changes }), options,
      ));
    }
    const tagsChanged = await updateTags(resource.arn, previous.tags, next.tags);
    return changes !== undefined || tagsChanged;
  },

  async delete(resource) {
    await callIvsChat('DeleteRoom', resource.arn, (client, options) => client.send(new DeleteRoomCommand({ identifier: resource.arn }), options));
  },

  async exists(resource) {
    const room = await unlessNotFound(callIvsChat('GetRoom', resource.arn, (client, options) => client.send(
      new GetRoomCommand({ identifier: resource.arn }), options,
    )));
    return room !== undefined;
  },

  attributes(resource) {
    return { Arn: resource.arn, Id: resource.id };
  },
};

function reviewHandler(label: string, raw: unknown, problems: string[], { environment }: ReadContext): MessageReviewHandler {
  if (typeof raw !== 'object' || raw === null) {
    problems.push(`${label} must be an object with Uri and FallbackResult, got: ${JSON.stringify(raw)}.`);
    return NO_REVIEW_HANDLER;
  }
  const { Uri: rawUri = '', FallbackResult: rawFallback } = raw as { Uri?: unknown; FallbackResult?: unknown };
  const uri = text((l, value) => value === '' ? undefined : checkReviewHandlerUri(l, value) ?? sameEnvironment(l, value, environment))(
    `${label}.Uri`, rawUri, problems, {});
  const fallbackResult = rawFallback === undefined ? undefined : text(checkFallbackResult)(`${label}.FallbackResult`, rawFallback, problems, {});
  return { uri, fallbackResult: fallbackResult as MessageReviewHandler['fallbackResult'] };
}

function loggingConfigurationIdentifiers(label: string, raw: unknown, problems: string[], { environment }: ReadContext): string[] {
  if (!Array.isArray(raw)) {
    problems.push(`${label} must be a list of logging configuration ARNs, got: ${JSON.stringify(raw)}.`);
    return [];
  }
  report(problems, checkLoggingConfigurationCount(raw.length));
  return raw.map((identifier, index) => text(
    (l, value) => checkIvsChatArn(l, value, 'logging-configuration') ?? sameEnvironment(l, value, environment),
  )(`${label}[${index}]`, identifier, problems, {}));
}

/** The problem with an ARN outside the room's account or region, when the room's is known. */
function sameEnvironment(label: string, arn: string, environment: ReadContext['environment']): string | undefined {
  if (environment === undefined) {
    return undefined;
  }
  const theirs = environmentOfArn(arn);
  return checkSameEnvironment(label, 'account', environment.account, theirs.account)
    ?? checkSameEnvironment(label, 'region', environment.region, theirs.region);
}
