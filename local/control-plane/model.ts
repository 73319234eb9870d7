import * as crypto from 'crypto';
import { arnOf, FrameIdSequence, newId, Scope } from './arns';
import {
  accessDenied, conflict, fieldTooLarge, resourceNotFound, roomRateExceeded, serviceQuotaExceeded, unauthorized, validationException,
} from './errors';
import { ChatSession, MessageRecord, RequestOrigin, RoomEvent, RoomFanOut } from './fan-out';
import { RoomMessageRate } from './message-rate';

export type Tags = Record<string, string>;
export type FallbackResult = 'ALLOW' | 'DENY';
export type ChatTokenCapability = 'SEND_MESSAGE' | 'DISCONNECT_USER' | 'DELETE_MESSAGE';
export type LoggingConfigurationState =
  | 'CREATING' | 'CREATE_FAILED' | 'ACTIVE' | 'UPDATING' | 'UPDATE_FAILED' | 'DELETING' | 'DELETE_FAILED';
export type InjectableFailedState = 'CREATE_FAILED' | 'UPDATE_FAILED';

export interface MessageReviewHandler {
  readonly uri: string;
  readonly fallbackResult: FallbackResult;
}

export interface DestinationConfiguration {
  readonly s3?: { readonly bucketName: string };
  readonly cloudWatchLogs?: { readonly logGroupName: string };
  readonly firehose?: { readonly deliveryStreamName: string };
}

export interface RoomRecord {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly createTime: Date;
  readonly updateTime: Date;
  readonly maximumMessageLength: number;
  readonly maximumMessageRatePerSecond: number;
  readonly messageReviewHandler?: MessageReviewHandler;
  readonly loggingConfigurationIdentifiers: string[];
  readonly tags: Tags;
}

export interface LoggingConfigurationRecord {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly createTime: Date;
  readonly updateTime: Date;
  readonly state: LoggingConfigurationState;
  readonly destinationConfiguration: DestinationConfiguration;
  readonly tags: Tags;
}

export interface ChatTokenRecord {
  readonly roomArn: string;
  readonly userId: string;
  readonly capabilities: string[];
  readonly sessionDurationInMinutes: number;
  readonly attributes: Tags;
  readonly token: string;
  readonly tokenExpirationTime: Date;
  readonly sessionExpirationTime: Date;
}

export interface EventRecord {
  readonly roomArn: string;
  readonly id: string;
  readonly eventName: string;
  readonly attributes: Tags;
}

export interface DeletedMessageRecord {
  readonly roomArn: string;
  readonly id: string;
  readonly reason?: string;
}

export interface DisconnectionRecord {
  readonly roomArn: string;
  readonly userId: string;
  readonly reason?: string;
}

/** Room settings as a request carries them (validated): absent members keep their current or default value. */
export interface RoomSettingsInput {
  readonly name?: string;
  readonly maximumMessageLength?: number;
  readonly maximumMessageRatePerSecond?: number;
  readonly messageReviewHandler?: { readonly uri?: string; readonly fallbackResult?: FallbackResult };
  readonly loggingConfigurationIdentifiers?: string[];
}

export interface LoggingConfigurationInput {
  readonly name?: string;
  readonly destinationConfiguration?: DestinationConfiguration;
}

export interface CreateLoggingConfigurationInput extends LoggingConfigurationInput {
  readonly destinationConfiguration: DestinationConfiguration;
  readonly tags?: Tags;
}

export interface ChatTokenInput {
  readonly roomIdentifier: string;
  readonly userId: string;
  readonly capabilities?: ChatTokenCapability[];
  readonly sessionDurationInMinutes?: number;
  readonly attributes?: Tags;
}

export interface SendEventInput {
  readonly roomIdentifier: string;
  readonly eventName: string;
  readonly attributes?: Tags;
}

export interface DeleteMessageInput {
  readonly roomIdentifier: string;
  readonly id: string;
  readonly reason?: string;
}

export interface DisconnectUserInput {
  readonly roomIdentifier: string;
  readonly userId: string;
  readonly reason?: string;
}

/** A client's SendMessage, validated. */
export interface MessageInput {
  readonly content: string;
  readonly attributes?: Tags;
}

/** A message the room accepted, and the room as it was then (its review handler and limits), before review. */
export interface AdmittedMessage {
  readonly room: RoomRecord;
  readonly message: MessageRecord;
}

export interface ServiceSettings {
  readonly scope: Scope;
  readonly creatingMs: number;
  readonly updatingMs: number;
  readonly deletingMs: number;
  readonly loggingConfigurationQuota: number;
  readonly rejectInactiveLoggingConfigurations: boolean;
}

/** Whether the next create (update) of a logging configuration is scripted to end in this failed state. */
export type FailedStateInjection = (state: InjectableFailedState) => boolean;

/** A listed item with its position: the sequence number of its last create or update. */
export interface Listed<T> {
  readonly sequence: number;
  readonly record: T;
}

export const MAX_TAGS_PER_RESOURCE = 50;
const DEFAULT_MAXIMUM_MESSAGE_LENGTH = 500;
const DEFAULT_MAXIMUM_MESSAGE_RATE_PER_SECOND = 10;
const DEFAULT_FALLBACK_RESULT: FallbackResult = 'ALLOW';
const DEFAULT_SESSION_DURATION_IN_MINUTES = 60;
/** The service does not document how long a token can be redeemed; an hour, never past the session, is a plausible window. */
const TOKEN_REDEMPTION_WINDOW_MS = 60 * 60_000;

interface Transition {
  readonly state: 'CREATING' | 'UPDATING' | 'DELETING';
  readonly until: number;
  readonly outcome: LoggingConfigurationState | 'DELETED';
}

interface StoredLoggingConfiguration {
  readonly sequence: number;
  readonly record: LoggingConfigurationRecord;
  /** a change still in progress: the record's state is the settled one until `until` passes */
  readonly transition?: Transition;
}

/**
 * The service's state and rules beyond field validation: existence, references between rooms and logging
 * configurations, the asynchronous logging configuration lifecycle and its quota. Logging configuration
 * transitions are settled from timestamps whenever state is read, so no timer outlives a request.
 */
export class ChatService {
  readonly chatTokens: ChatTokenRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly deletedMessages: DeletedMessageRecord[] = [];
  readonly disconnections: DisconnectionRecord[] = [];
  /** delivered messages (after review), in delivery order */
  readonly messages: MessageRecord[] = [];
  private readonly tokensByValue = new Map<string, ChatTokenRecord>();
  private readonly redeemedTokens = new Set<string>();
  private readonly fanOut = new RoomFanOut();
  private readonly messageRate = new RoomMessageRate();
  private readonly frameIds = new FrameIdSequence();
  private readonly storedRooms = new Map<string, Listed<RoomRecord>>();
  private readonly storedConfigurations = new Map<string, StoredLoggingConfiguration>();
  private sequence = 0;

  constructor(private readonly settings: ServiceSettings, private readonly injectsFailure: FailedStateInjection) {}

  reset(): void {
    this.storedRooms.clear();
    this.storedConfigurations.clear();
    this.chatTokens.length = 0;
    this.events.length = 0;
    this.deletedMessages.length = 0;
    this.disconnections.length = 0;
    this.messages.length = 0;
    this.tokensByValue.clear();
    this.redeemedTokens.clear();
    this.messageRate.clear();
  }

  createRoom(input: RoomSettingsInput & { readonly tags?: Tags }, now: number): RoomRecord {
    this.settle(now);
    this.checkLoggingConfigurations(input.loggingConfigurationIdentifiers ?? []);
    const id = newId();
    const room: RoomRecord = {
      arn: arnOf(this.settings.scope, 'room', id),
      id,
      name: input.name ?? '',
      createTime: new Date(now),
      updateTime: new Date(now),
      maximumMessageLength: input.maximumMessageLength ?? DEFAULT_MAXIMUM_MESSAGE_LENGTH,
      maximumMessageRatePerSecond: input.maximumMessageRatePerSecond ?? DEFAULT_MAXIMUM_MESSAGE_RATE_PER_SECOND,
      ...withReviewHandler(reviewHandlerOf(input.messageReviewHandler)),
      loggingConfigurationIdentifiers: [...input.loggingConfigurationIdentifiers ?? []],
      tags: { ...input.tags },
    };
    this.storedRooms.set(room.arn, { sequence: this.nextSequence(), record: room });
    return room;
  }

  getRoom(arn: string, now: number): RoomRecord {
    this.settle(now);
    return this.room(arn);
  }

  updateRoom(arn: string, input: RoomSettingsInput, now: number): RoomRecord {
    this.settle(now);
    const current = this.room(arn);
    this.checkLoggingConfigurations(input.loggingConfigurationIdentifiers ?? []);
    const handler = input.messageReviewHandler ? reviewHandlerOf(input.messageReviewHandler) : current.messageReviewHandler;
    const room: RoomRecord = {
      arn: current.arn,
      id: current.id,
      name: input.name ?? current.name,
      createTime: current.createTime,
      updateTime: new Date(now),
      maximumMessageLength: input.maximumMessageLength ?? current.maximumMessageLength,
      maximumMessageRatePerSecond: input.maximumMessageRatePerSecond ?? current.maximumMessageRatePerSecond,
      ...withReviewHandler(handler),
      loggingConfigurationIdentifiers: [...input.loggingConfigurationIdentifiers ?? current.loggingConfigurationIdentifiers],
      tags: current.tags,
    };
    this.storedRooms.set(arn, { sequence: this.nextSequence(), record: room });
    return room;
  }

  /**
   * The docs do not say what becomes of a deleted room's connections: here they stay open, their requests answer
   * ERROR 404 ("the room cannot be found") and its tokens no longer connect.
   */
  deleteRoom(arn: string, now: number): void {
    this.settle(now);
    if (!this.storedRooms.delete(arn)) throw resourceNotFound(arn);
  }

  /** In creation order: a Map keeps insertion order through updates. */
  rooms(now: number): RoomRecord[] {
    this.settle(now);
    return [...this.storedRooms.values()].map(({ record }) => record);
  }

  /** Most recently created or updated first, as the service documents for ListRooms. */
  listRooms(now: number): Listed<RoomRecord>[] {
    this.settle(now);
    return [...this.storedRooms.values()].sort(newestFirst);
  }

  createLoggingConfiguration(input: CreateLoggingConfigurationInput, now: number): LoggingConfigurationRecord {
    this.settle(now);
    const quota = this.settings.loggingConfigurationQuota;
    if (this.storedConfigurations.size >= quota) {
      throw serviceQuotaExceeded(arnOf(this.settings.scope, 'logging-configuration', '*'), quota,
        `Quota of ${quota} logging configurations per account and region exceeded`);
    }
    const id = newId();
    const record: LoggingConfigurationRecord = {
      arn: arnOf(this.settings.scope, 'logging-configuration', id),
      id,
      name: input.name ?? '',
      createTime: new Date(now),
      updateTime: new Date(now),
      state: 'CREATING',
      destinationConfiguration: destinationOf(input.destinationConfiguration),
      tags: { ...input.tags },
    };
    const outcome = this.injectsFailure('CREATE_FAILED') ? 'CREATE_FAILED' : 'ACTIVE';
    this.storedConfigurations.set(record.arn, { sequence: this.nextSequence(), record });
    this.begin(record.arn, 'CREATING', this.settings.creatingMs, outcome, now);
    return this.configuration(record.arn);
  }

  getLoggingConfiguration(arn: string, now: number): LoggingConfigurationRecord {
    this.settle(now);
    return this.configuration(arn);
  }

  updateLoggingConfiguration(arn: string, input: LoggingConfigurationInput, now: number): LoggingConfigurationRecord {
    this.settle(now);
    const current = this.requireChangeable(arn);
    const record: LoggingConfigurationRecord = {
      ...current,
      name: input.name ?? current.name,
      destinationConfiguration: input.destinationConfiguration ? destinationOf(input.destinationConfiguration) : current.destinationConfiguration,
      updateTime: new Date(now),
    };
    const outcome = this.injectsFailure('UPDATE_FAILED') ? 'UPDATE_FAILED' : 'ACTIVE';
    this.storedConfigurations.set(arn, { sequence: this.nextSequence(), record });
    this.begin(arn, 'UPDATING', this.settings.updatingMs, outcome, now);
    return this.configuration(arn);
  }

  deleteLoggingConfiguration(arn: string, now: number): void {
    this.settle(now);
    this.requireChangeable(arn);
    this.begin(arn, 'DELETING', this.settings.deletingMs, 'DELETED', now);
  }

  /** In creation order, without the deleted ones. */
  loggingConfigurations(now: number): LoggingConfigurationRecord[] {
    this.settle(now);
    return [...this.storedConfigurations.values()].map(({ record }) => record);
  }

  /** Most recently created or updated first, like ListRooms (the service documents no order here). */
  listLoggingConfigurations(now: number): Listed<LoggingConfigurationRecord>[] {
    this.settle(now);
    return [...this.storedConfigurations.values()].sort(newestFirst);
  }

  tagsOf(arn: string, now: number): Tags {
    this.settle(now);
    return { ...this.taggable(arn).tags };
  }

  tagResource(arn: string, tags: Tags, now: number): void {
    this.settle(now);
    const merged = { ...this.taggable(arn).tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS_PER_RESOURCE) {
      throw validationException(`Resource ${arn} would have more than ${MAX_TAGS_PER_RESOURCE} tags`, [{
        name: 'tags', message: `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags`,
      }]);
    }
    this.retag(arn, merged);
  }

  untagResource(arn: string, tagKeys: readonly string[], now: number): void {
    this.settle(now);
    const remaining = Object.fromEntries(Object.entries(this.taggable(arn).tags).filter(([key]) => !tagKeys.includes(key)));
    this.retag(arn, remaining);
  }

  createChatToken(input: ChatTokenInput, now: number): ChatTokenRecord {
    this.settle(now);
    const roomArn = this.room(input.roomIdentifier).arn;
    const sessionDurationInMinutes = input.sessionDurationInMinutes ?? DEFAULT_SESSION_DURATION_IN_MINUTES;
    const sessionExpiration = now + sessionDurationInMinutes * 60_000;
    const token: ChatTokenRecord = {
      roomArn,
      userId: input.userId,
      capabilities: [...input.capabilities ?? []],
      sessionDurationInMinutes,
      attributes: { ...input.attributes },
      token: crypto.randomBytes(96).toString('base64url'),
      tokenExpirationTime: new Date(Math.min(sessionExpiration, now + TOKEN_REDEMPTION_WINDOW_MS)),
      sessionExpirationTime: new Date(sessionExpiration),
    };
    this.chatTokens.push(token);
    this.tokensByValue.set(token.token, token);
    return token;
  }

  /**
   * The token a client connects with, refused (401) when unknown, expired or already used: each token is accepted
   * once (https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/getting-started-chat-auth.html), and a refused one stays unused.
   */
  redeemChatToken(token: string, now: number): ChatTokenRecord {
    this.settle(now);
    const record = this.tokensByValue.get(token);
    if (!record) throw unauthorized('Unknown chat token');
    if (now > record.tokenExpirationTime.getTime()) throw unauthorized(`Chat token expired at ${record.tokenExpirationTime.toISOString()}`);
    if (this.redeemedTokens.has(token)) throw unauthorized('Chat token already used: each token opens one connection');
    this.room(record.roomArn);
    this.redeemedTokens.add(token);
    return record;
  }

  /** The connection receives its room's messages and events until `closeSession`. */
  openSession(session: ChatSession): void {
    this.fanOut.join(session);
  }

  closeSession(session: ChatSession): void {
    this.fanOut.leave(session);
  }

  /** The room's open connections. */
  sessionsOf(roomArn: string): ChatSession[] {
    return this.fanOut.sessionsOf(roomArn);
  }

  /** A fresh id for a frame a connection receives outside the fan-out (an ERROR). */
  nextFrameId(): string {
    return this.frameIds.next();
  }

  /** The application's event, to every connection of the room. */
  sendEvent(input: SendEventInput, now: number): EventRecord {
    this.settle(now);
    const event: EventRecord = {
      roomArn: this.room(input.roomIdentifier).arn,
      id: this.frameIds.next(),
      eventName: input.eventName,
      attributes: { ...input.attributes },
    };
    this.events.push(event);
    const { roomArn, ...delivered } = event;
    this.fanOut.deliver(this.sessionsOf(roomArn), { kind: 'event', event: { ...delivered, sendTime: new Date(now) } });
    return event;
  }

  /**
   * Tells every connection of the room to delete the message, from the control plane or from a client (`origin`,
   * which needs the DELETE_MESSAGE capability). The `aws:DELETE_MESSAGE` event carries the message id as `MessageId`
   * and as the deprecated `MessageID` that the official client 1.1.1 still reads
   * (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions-event-subscribe.html). Answers the event's id:
   * the id of the delete operation, not the deleted message's.
   */
  deleteMessage(input: DeleteMessageInput, now: number, origin?: RequestOrigin): string {
    this.settle(now);
    if (origin) requireCapability(origin.session.token, 'DELETE_MESSAGE');
    const roomArn = this.room(input.roomIdentifier).arn;
    this.deletedMessages.push({ roomArn, id: input.id, ...withReason(input.reason) });
    const event = this.systemEvent('aws:DELETE_MESSAGE', { MessageID: input.id, MessageId: input.id }, input.reason, now);
    this.fanOut.deliver(this.sessionsOf(roomArn), { kind: 'event', event }, origin);
    return event.id;
  }

  /**
   * Ends every connection of the user in the room (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_DisconnectUser.html),
   * from the control plane or from a client (`origin`, which needs the DISCONNECT_USER capability).
   * The docs are silent on who receives `aws:DISCONNECT_USER`; the Event reference lists `aws:DELETE_MESSAGE` as the
   * only system event a room sees, so here only the requester (whose client settles its request on it) and the
   * disconnected connections (just before they close, so they learn the reason) receive it, not the rest of the room.
   */
  disconnectUser(input: DisconnectUserInput, now: number, origin?: RequestOrigin): void {
    this.settle(now);
    if (origin) requireCapability(origin.session.token, 'DISCONNECT_USER');
    const roomArn = this.room(input.roomIdentifier).arn;
    this.disconnections.push({ roomArn, userId: input.userId, ...withReason(input.reason) });
    const targets = this.sessionsOf(roomArn).filter((session) => session.token.userId === input.userId);
    const event = this.systemEvent('aws:DISCONNECT_USER', { UserId: input.userId }, input.reason, now);
    this.fanOut.deliver([...origin ? [origin.session] : [], ...targets], { kind: 'event', event }, origin);
    targets.forEach((session) => session.disconnect());
  }

  /**
   * The room's rules for a client's message (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions-sendmessage-publish.html):
   * the SEND_MESSAGE capability, `maximumMessageLength` in Unicode code points, `maximumMessageRatePerSecond` for the
   * whole room. Over-length content answers 413 ("the request contains fields that are too large", the messaging
   * API's code for it), not the 400 of the reference's example: the docs disagree, and 413 names the problem.
   */
  admitMessage(token: ChatTokenRecord, input: MessageInput, now: number): AdmittedMessage {
    this.settle(now);
    requireCapability(token, 'SEND_MESSAGE');
    const room = this.room(token.roomArn);
    const characters = [...input.content].length;
    if (characters > room.maximumMessageLength) {
      throw fieldTooLarge(`Content must be at most ${room.maximumMessageLength} characters (the room's maximumMessageLength), got: ${characters}`);
    }
    if (!this.messageRate.admit(room.arn, room.maximumMessageRatePerSecond, now)) {
      throw roomRateExceeded(room.arn, room.maximumMessageRatePerSecond);
    }
    const message: MessageRecord = {
      roomArn: room.arn,
      id: this.frameIds.next(),
      content: input.content,
      attributes: { ...input.attributes },
      sender: { userId: token.userId, attributes: token.attributes },
      sendTime: new Date(now),
    };
    return { room, message };
  }

  /** The (reviewed) message, to every connection of its room; the sender's copy carries its request id. */
  deliverMessage(message: MessageRecord, origin?: RequestOrigin): void {
    this.messages.push(message);
    this.fanOut.deliver(this.sessionsOf(message.roomArn), { kind: 'message', message }, origin);
  }

  private systemEvent(eventName: string, attributes: Tags, reason: string | undefined, now: number): RoomEvent {
    return {
      id: this.frameIds.next(),
      eventName,
      attributes: { ...attributes, ...reason === undefined ? {} : { Reason: reason } },
      sendTime: new Date(now),
    };
  }

  /** Completes every change whose delay has passed; a finished delete also detaches the configuration from its rooms. */
  settle(now: number): void {
    for (const [arn, stored] of this.storedConfigurations) {
      const transition = stored.transition;
      if (!transition || now < transition.until) continue;
      if (transition.outcome === 'DELETED') {
        this.remove(arn);
      } else {
        this.storedConfigurations.set(arn, { sequence: stored.sequence, record: { ...stored.record, state: transition.outcome } });
      }
    }
  }

  private begin(arn: string, state: Transition['state'], delayMs: number, outcome: Transition['outcome'], now: number): void {
    const stored = this.storedConfigurations.get(arn)!;
    this.storedConfigurations.set(arn, {
      sequence: stored.sequence,
      record: { ...stored.record, state },
      transition: { state, until: now + delayMs, outcome },
    });
    this.settle(now);
  }

  private remove(arn: string): void {
    this.storedConfigurations.delete(arn);
    for (const [roomArn, { sequence, record }] of this.storedRooms) {
      if (!record.loggingConfigurationIdentifiers.includes(arn)) continue;
      const loggingConfigurationIdentifiers = record.loggingConfigurationIdentifiers.filter((identifier) => identifier !== arn);
      this.storedRooms.set(roomArn, { sequence, record: { ...record, loggingConfigurationIdentifiers } });
    }
  }

  /** A room may reference only existing configurations and, unless the emulator is told otherwise, only ACTIVE ones. */
  private checkLoggingConfigurations(arns: readonly string[]): void {
    for (const arn of arns) {
      const { state } = this.configuration(arn);
      if (this.settings.rejectInactiveLoggingConfigurations && state !== 'ACTIVE') {
        throw conflict(arn, `Logging configuration ${arn} is ${state}, not ACTIVE`);
      }
    }
  }

  /** Update and delete wait for the previous change to finish, as the service answers 409 meanwhile. */
  private requireChangeable(arn: string): LoggingConfigurationRecord {
    const stored = this.storedConfigurations.get(arn);
    if (!stored) throw resourceNotFound(arn);
    if (stored.transition) {
      throw conflict(arn, `Logging configuration ${arn} is ${stored.record.state}: wait until the change completes`);
    }
    return stored.record;
  }

  private room(arn: string): RoomRecord {
    const stored = this.storedRooms.get(arn);
    if (!stored) throw resourceNotFound(arn);
    return stored.record;
  }

  private configuration(arn: string): LoggingConfigurationRecord {
    const stored = this.storedConfigurations.get(arn);
    if (!stored) throw resourceNotFound(arn);
    return stored.record;
  }

  private taggable(arn: string): RoomRecord | LoggingConfigurationRecord {
    const stored = this.storedRooms.get(arn) ?? this.storedConfigurations.get(arn);
    if (!stored) throw resourceNotFound(arn);
    return stored.record;
  }

  /** Tagging changes neither the update time nor the list position. */
  private retag(arn: string, tags: Tags): void {
    const room = this.storedRooms.get(arn);
    if (room) {
      this.storedRooms.set(arn, { ...room, record: { ...room.record, tags } });
      return;
    }
    const configuration = this.storedConfigurations.get(arn)!;
    this.storedConfigurations.set(arn, { ...configuration, record: { ...configuration.record, tags } });
  }

  private nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }
}

/** An empty (or missing) uri means "no handler", which is how UpdateRoom removes one. */
function reviewHandlerOf(handler: RoomSettingsInput['messageReviewHandler']): MessageReviewHandler | undefined {
  if (!handler?.uri) return undefined;
  return { uri: handler.uri, fallbackResult: handler.fallbackResult ?? DEFAULT_FALLBACK_RESULT };
}

/** A room without a handler has no `messageReviewHandler` member at all, in records as in responses. */
function withReviewHandler(handler: MessageReviewHandler | undefined): { messageReviewHandler?: MessageReviewHandler } {
  return handler ? { messageReviewHandler: handler } : {};
}

/** Keeps only the union member the request set, so unknown members of the request are not echoed back. */
function destinationOf(destination: DestinationConfiguration): DestinationConfiguration {
  if (destination.s3) return { s3: { bucketName: destination.s3.bucketName } };
  if (destination.cloudWatchLogs) return { cloudWatchLogs: { logGroupName: destination.cloudWatchLogs.logGroupName } };
  return { firehose: { deliveryStreamName: destination.firehose!.deliveryStreamName } };
}

/** What a client may do is what its token's capabilities say (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_CreateChatToken.html). */
function requireCapability(token: ChatTokenRecord, capability: ChatTokenCapability): void {
  if (!token.capabilities.includes(capability)) {
    throw accessDenied(`The chat token of user ${token.userId} lacks the ${capability} capability`);
  }
}

function withReason(reason: string | undefined): { reason?: string } {
  return reason === undefined ? {} : { reason };
}

function newestFirst(a: Listed<unknown>, b: Listed<unknown>): number {
  return b.sequence - a.sequence;
}
