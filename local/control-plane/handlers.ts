import { arnRules, Scope } from './arns';
import { CHAT_ATTRIBUTES, MESSAGE_ID, REASON, USER_ID } from './chat-rules';
import {
  ChatService, ChatTokenInput, CreateLoggingConfigurationInput, DeleteMessageInput, DisconnectUserInput, LoggingConfigurationInput,
  LoggingConfigurationRecord, MAX_TAGS_PER_RESOURCE, RoomRecord, RoomSettingsInput, SendEventInput, Tags,
} from './model';
import { OperationName } from './operations';
import { paginate } from './pagination';
import {
  exactlyOneOf, FieldRules, isInteger, isList, isMap, isString, isStructure, length, notPrefixed, oneOf, pattern, range, required,
  Rule, validate,
} from './validation';

/** What an operation answers: the HTTP status, unless it is 204 the JSON body, and for errors the shape name. */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly errorType?: string;
}

/** The request's members, from the JSON body and the URL alike. */
export type Input = Readonly<Record<string, unknown>>;

export type Handler = (input: Input, now: number) => Answer;

const NAME: Rule[] = [isString, length(0, 128), pattern(/^[a-zA-Z0-9-_]*$/)];
const REVIEW_HANDLER_URI = /^$|^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:.+/;
const TAG_KEY: Rule[] = [isString, length(1, 128), notPrefixed('aws:')];
const TAGS: Rule[] = [isMap(TAG_KEY, [isString, length(0, 256)]), length(0, MAX_TAGS_PER_RESOURCE)];
const MAX_RESULTS: Rule[] = [isInteger, range(1, 50)];
const NEXT_TOKEN: Rule[] = [isString, length(0, 1024)];
const DEFAULT_MAX_RESULTS = 50;

const MESSAGE_REVIEW_HANDLER: FieldRules = {
  'messageReviewHandler': [isStructure],
  'messageReviewHandler.uri': [isString, length(0, 170), pattern(REVIEW_HANDLER_URI)],
  'messageReviewHandler.fallbackResult': [isString, oneOf(['ALLOW', 'DENY'])],
};

const DESTINATION_MEMBERS = ['s3', 'cloudWatchLogs', 'firehose'];

/** The members of a destination, each required inside the (optional) member of the union that holds it. */
const DESTINATION_DETAILS: FieldRules = {
  'destinationConfiguration.s3': [isStructure],
  'destinationConfiguration.s3.bucketName': [required, isString, length(3, 63), pattern(/^[a-z0-9-.]+$/)],
  'destinationConfiguration.cloudWatchLogs': [isStructure],
  'destinationConfiguration.cloudWatchLogs.logGroupName': [required, isString, length(1, 512), pattern(/^[\.\-_/#A-Za-z0-9]+$/)],
  'destinationConfiguration.firehose': [isStructure],
  'destinationConfiguration.firehose.deliveryStreamName': [required, isString, length(1, 64), pattern(/^[a-zA-Z0-9_.-]+$/)],
};

/** The 17 operations: field validation from the API model, then the service's rules in ChatService. */
export function createHandlers(service: ChatService, scope: Scope): Record<OperationName, Handler> {
  const roomIdentifier = [required, ...arnRules(scope, 'room')];
  const loggingConfigurationIdentifier = [required, ...arnRules(scope, 'logging-configuration')];
  const resourceArn = [required, ...arnRules(scope, 'any')];
  const roomSettings: FieldRules = {
    name: NAME,
    maximumMessageLength: [isInteger, range(1, 500)],
    maximumMessageRatePerSecond: [isInteger, range(1, 100)],
    ...MESSAGE_REVIEW_HANDLER,
    loggingConfigurationIdentifiers: [isList(...arnRules(scope, 'logging-configuration')), length(0, 3)],
  };
  const destination = (presence: Rule[]): FieldRules => ({
    destinationConfiguration: [...presence, isStructure, exactlyOneOf(DESTINATION_MEMBERS)],
    ...DESTINATION_DETAILS,
  });

  return {
    CreateRoom: (input, now) => {
      validate(input, { ...roomSettings, tags: TAGS });
      return ok(service.createRoom(input as RoomSettingsInput & { tags?: Tags }, now));
    },
    GetRoom: (input, now) => {
      validate(input, { identifier: roomIdentifier });
      return ok(service.getRoom(input.identifier as string, now));
    },
    UpdateRoom: (input, now) => {
      validate(input, { identifier: roomIdentifier, ...roomSettings });
      return ok(service.updateRoom(input.identifier as string, input as RoomSettingsInput, now));
    },
    DeleteRoom: (input, now) => {
      validate(input, { identifier: roomIdentifier });
      service.deleteRoom(input.identifier as string, now);
      return NO_CONTENT;
    },
    ListRooms: (input, now) => {
      validate(input, {
        name: NAME,
        messageReviewHandlerUri: [isString, length(1, 170), pattern(REVIEW_HANDLER_URI)],
        loggingConfigurationIdentifier: arnRules(scope, 'logging-configuration'),
        nextToken: NEXT_TOKEN,
        maxResults: MAX_RESULTS,
      });
      const matching = service.listRooms(now).filter(({ record }) => matchesRoomFilters(record, input));
      const page = paginate(matching, 'rooms', maxResultsOf(input), input.nextToken as string | undefined);
      return ok({ rooms: page.items.map(roomSummary), nextToken: page.nextToken });
    },
    CreateLoggingConfiguration: (input, now) => {
      validate(input, { name: NAME, ...destination([required]), tags: TAGS });
      return ok(service.createLoggingConfiguration(input as unknown as CreateLoggingConfigurationInput, now));
    },
    GetLoggingConfiguration: (input, now) => {
      validate(input, { identifier: loggingConfigurationIdentifier });
      return ok(service.getLoggingConfiguration(input.identifier as string, now));
    },
    UpdateLoggingConfiguration: (input, now) => {
      validate(input, { identifier: loggingConfigurationIdentifier, name: NAME, ...destination([]) });
      return ok(service.updateLoggingConfiguration(input.identifier as string, input as LoggingConfigurationInput, now));
    },
    DeleteLoggingConfiguration: (input, now) => {
      validate(input, { identifier: loggingConfigurationIdentifier });
      service.deleteLoggingConfiguration(input.identifier as string, now);
      return NO_CONTENT;
    },
    ListLoggingConfigurations: (input, now) => {
      validate(input, { nextToken: NEXT_TOKEN, maxResults: MAX_RESULTS });
      const listing = service.listLoggingConfigurations(now);
      const page = paginate<LoggingConfigurationRecord>(listing, 'loggingConfigurations', maxResultsOf(input), input.nextToken as string | undefined);
      return ok({ loggingConfigurations: page.items, nextToken: page.nextToken });
    },
    TagResource: (input, now) => {
      validate(input, { resourceArn, tags: [required, ...TAGS] });
      service.tagResource(input.resourceArn as string, input.tags as Tags, now);
      return ok({});
    },
    UntagResource: (input, now) => {
      validate(input, { resourceArn, tagKeys: [required, isList(...TAG_KEY), length(1, MAX_TAGS_PER_RESOURCE)] });
      service.untagResource(input.resourceArn as string, input.tagKeys as string[], now);
      return ok({});
    },
    ListTagsForResource: (input, now) => {
      validate(input, { resourceArn });
      return ok({ tags: service.tagsOf(input.resourceArn as string, now) });
    },
    CreateChatToken: (input, now) => {
      validate(input, {
        roomIdentifier,
        userId: USER_ID,
        capabilities: [isList(isString, oneOf(['SEND_MESSAGE', 'DISCONNECT_USER', 'DELETE_MESSAGE']))],
        sessionDurationInMinutes: [isInteger, range(1, 180)],
        attributes: CHAT_ATTRIBUTES,
      });
      const { token, tokenExpirationTime, sessionExpirationTime } = service.createChatToken(input as unknown as ChatTokenInput, now);
      return ok({ token, tokenExpirationTime, sessionExpirationTime });
    },
    SendEvent: (input, now) => {
      validate(input, { roomIdentifier, eventName: [required, isString, length(1, 100)], attributes: CHAT_ATTRIBUTES });
      const event = service.sendEvent(input as unknown as SendEventInput, now);
      return ok({ id: event.id });
    },
    DeleteMessage: (input, now) => {
      validate(input, { roomIdentifier, id: MESSAGE_ID, reason: REASON });
      return ok({ id: service.deleteMessage(input as unknown as DeleteMessageInput, now) });
    },
    DisconnectUser: (input, now) => {
      validate(input, { roomIdentifier, userId: USER_ID, reason: REASON });
      service.disconnectUser(input as unknown as DisconnectUserInput, now);
      return ok({});
    },
  };
}

const NO_CONTENT: Answer = { status: 204 };

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function maxResultsOf(input: Input): number {
  return (input.maxResults as number | undefined) ?? DEFAULT_MAX_RESULTS;
}

/** ListRooms filters match exactly and combine; an empty name filters nothing. */
function matchesRoomFilters(room: RoomRecord, input: Input): boolean {
  const { name, messageReviewHandlerUri, loggingConfigurationIdentifier } = input as {
    name?: string; messageReviewHandlerUri?: string; loggingConfigurationIdentifier?: string;
  };
  return (!name || room.name === name)
    && (messageReviewHandlerUri === undefined || room.messageReviewHandler?.uri === messageReviewHandlerUri)
    && (loggingConfigurationIdentifier === undefined || room.loggingConfigurationIdentifiers.includes(loggingConfigurationIdentifier));
}

/** RoomSummary lacks the message limits: callers read them through GetRoom. */
function roomSummary(room: RoomRecord): Omit<RoomRecord, 'maximumMessageLength' | 'maximumMessageRatePerSecond'> {
  const { arn, id, name, messageReviewHandler, createTime, updateTime, tags, loggingConfigurationIdentifiers } = room;
  return { arn, id, name, messageReviewHandler, createTime, updateTime, tags, loggingConfigurationIdentifiers };
}
