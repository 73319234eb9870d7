import { CHAT_ATTRIBUTES } from '../control-plane/chat-rules';
import { MessageRecord } from '../control-plane/fan-out';
import { AdmittedMessage, MessageReviewHandler, Tags } from '../control-plane/model';
import { isRecord, isString, length, oneOf, required, validate } from '../control-plane/validation';
import { LocalFunction } from '../functions/local-function';

// Message review as https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/chat-message-review-handler.html describes it,
// with the fallback of https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_MessageReviewHandler.html.

/** How long the service waits for the handler's answer. */
const REVIEW_TIMEOUT_MS = 200;

/** What the handler is invoked with. */
export interface ReviewRequest {
  readonly Content: string;
  readonly MessageId: string;
  readonly RoomArn: string;
  readonly Attributes: Tags;
  readonly Sender: { readonly Attributes: Tags; readonly UserId: string; readonly Ip: string };
}

/** Whether the message is delivered, as what (the handler may rewrite it), and why, for the log and the sender. */
export interface ReviewVerdict {
  readonly allowed: boolean;
  readonly message: MessageRecord;
  readonly why: string;
}

/**
 * Reviews the message with the room's handler (`handler` is the local function serving the room's handler uri, if
 * any). A missing function, an error, a timeout or an invalid answer applies the room's fallback result.
 */
export async function reviewMessage(handler: LocalFunction | undefined, admitted: AdmittedMessage, ip: string): Promise<ReviewVerdict> {
  const { room, message } = admitted;
  const settings = room.messageReviewHandler!;
  if (!handler) return fallback(settings, message, `no local function serves the review handler ${settings.uri}`);
  let response: unknown;
  try {
    response = await handler.invoke(requestOf(message, ip), REVIEW_TIMEOUT_MS);
  } catch (error) {
    return fallback(settings, message, `the review handler failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problem = responseProblem(response, room.maximumMessageLength);
  if (problem) return fallback(settings, message, `the review handler answered an invalid response: ${problem}`);
  const answer = response as { ReviewResult: 'ALLOW' | 'DENY'; Content?: string | null; Attributes?: Tags | null };
  if (answer.ReviewResult === 'DENY') return { allowed: false, message, why: 'the review handler answered DENY' };
  return {
    allowed: true,
    message: { ...message, content: answer.Content ?? message.content, attributes: answer.Attributes ?? message.attributes },
    why: 'the review handler answered ALLOW',
  };
}

function requestOf(message: MessageRecord, ip: string): ReviewRequest {
  return {
    Content: message.content,
    MessageId: message.id,
    RoomArn: message.roomArn,
    Attributes: message.attributes,
    Sender: { Attributes: message.sender.attributes, UserId: message.sender.userId, Ip: ip },
  };
}

/**
 * Why the answer is not a valid review, or undefined. The service counts invalid answers (ResponseValidationErrors),
 * so members are checked strictly; the docs are silent on two points, decided here: rewritten `Content` must respect
 * the room's `maximumMessageLength` like the sender's did, and members the contract does not name are ignored.
 */
function responseProblem(response: unknown, maximumMessageLength: number): string | undefined {
  if (!isRecord(response)) return `expected a JSON object, got: ${JSON.stringify(response)}`;
  try {
    validate(response, {
      ReviewResult: [required, isString, oneOf(['ALLOW', 'DENY'])],
      Content: [isString, length(0, maximumMessageLength)],
      Attributes: CHAT_ATTRIBUTES,
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function fallback(settings: MessageReviewHandler, message: MessageRecord, reason: string): ReviewVerdict {
  return { allowed: settings.fallbackResult === 'ALLOW', message, why: `${reason}; the room's fallbackResult ${settings.fallbackResult} applies` };
}
