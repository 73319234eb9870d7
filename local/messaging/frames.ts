import { CHAT_ATTRIBUTES, MESSAGE_ID, REASON, USER_ID } from '../control-plane/chat-rules';
import { ServiceError, validationException } from '../control-plane/errors';
import { Delivery } from '../control-plane/fan-out';
import { Tags } from '../control-plane/model';
import { FieldRules, isRecord, isString, oneOf, required, validate } from '../control-plane/validation';

// The frames of the messaging API (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions.html), with the
// capitalized member names the official client sends and reads.

/**
 * The largest frame worth parsing, in bytes. A SEND_MESSAGE at the service's limits (500 code points of content,
 * 1 KB of attributes) fits in about 20 KB even with every character \u-escaped; a larger frame answers ERROR 400
 * unread, so a client cannot make the server parse megabytes of JSON.
 */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Beyond this, the WebSocket layer stops reading and closes the connection (1009, message too big). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export type ClientFrame =
  | { readonly action: 'SEND_MESSAGE'; readonly requestId?: string; readonly content: string; readonly attributes?: Tags }
  | { readonly action: 'DELETE_MESSAGE'; readonly requestId?: string; readonly id: string; readonly reason?: string }
  | { readonly action: 'DISCONNECT_USER'; readonly requestId?: string; readonly userId: string; readonly reason?: string };

const ACTIONS: ReadonlyArray<ClientFrame['action']> = ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'];

/** The members of each action; `RequestId` is optional in all of them. Unknown members are ignored. */
const ACTION_FIELDS: Readonly<Record<ClientFrame['action'], FieldRules>> = {
  SEND_MESSAGE: { Content: [required, isString], Attributes: CHAT_ATTRIBUTES },
  DELETE_MESSAGE: { Id: MESSAGE_ID, Reason: REASON },
  DISCONNECT_USER: { UserId: USER_ID, Reason: REASON },
};

/** The JSON value of a text frame; binary, oversized and non-JSON frames answer 400. */
export function decodeFrame(data: Buffer, isBinary: boolean): unknown {
  if (isBinary) throw badFrame('Binary frames are not supported: send JSON text frames');
  if (data.length > MAX_FRAME_BYTES) throw badFrame(`Frame of ${data.length} bytes exceeds the limit of ${MAX_FRAME_BYTES} bytes`);
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    throw badFrame('Frame is not valid JSON');
  }
}

/** The frame's `RequestId` when it is a string, so that even an invalid request's ERROR reaches the client's pending promise. */
export function requestIdOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.RequestId === 'string' ? value.RequestId : undefined;
}

/** A client request, validated like the control plane validates its operations (JSON null reads as absent). */
export function parseClientFrame(value: unknown): ClientFrame {
  if (!isRecord(value)) throw badFrame('Frame must be a JSON object');
  validate(value, { Action: [required, isString, oneOf(ACTIONS)], RequestId: [isString] });
  const action = value.Action as ClientFrame['action'];
  validate(value, ACTION_FIELDS[action]);
  const requestId = optional<string>(value.RequestId);
  switch (action) {
    case 'SEND_MESSAGE':
      return { action, requestId, content: value.Content as string, attributes: optional<Tags>(value.Attributes) };
    case 'DELETE_MESSAGE':
      return { action, requestId, id: value.Id as string, reason: optional<string>(value.Reason) };
    case 'DISCONNECT_USER':
      return { action, requestId, userId: value.UserId as string, reason: optional<string>(value.Reason) };
  }
}

/**
 * A MESSAGE or EVENT frame (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions-message-subscribe.html,
 * .../actions-event-subscribe.html). Attribute maps are always present, empty when there are none, as the reference's
 * formats show every member.
 */
export function deliveryFrame(delivery: Delivery, requestId?: string): string {
  if (delivery.kind === 'message') {
    const { id, content, attributes, sender, sendTime } = delivery.message;
    return JSON.stringify({
      Type: 'MESSAGE',
      Id: id,
      ...requestIdMember(requestId),
      Content: content,
      Attributes: attributes,
      SendTime: sendTime.toISOString(),
      Sender: { UserId: sender.userId, Attributes: sender.attributes },
    });
  }
  const { id, eventName, attributes, sendTime } = delivery.event;
  return JSON.stringify({ Type: 'EVENT', Id: id, ...requestIdMember(requestId), EventName: eventName, Attributes: attributes, SendTime: sendTime.toISOString() });
}

/** An ERROR frame (https://docs.aws.amazon.com/ivs/latest/chatmsgapireference/actions-error-subscribe.html): the error's status is its code. */
export function errorFrame(id: string, error: ServiceError, requestId?: string): string {
  return JSON.stringify({ Type: 'ERROR', Id: id, ...requestIdMember(requestId), ErrorCode: error.status, ErrorMessage: error.message });
}

function badFrame(message: string): ServiceError {
  return validationException(message, [], 'OTHER');
}

function optional<T>(value: unknown): T | undefined {
  return (value ?? undefined) as T | undefined;
}

function requestIdMember(requestId: string | undefined): { RequestId?: string } {
  return requestId === undefined ? {} : { RequestId: requestId };
}
