/**
 * A reference message review handler for IVS Chat rooms: denies messages that hold a word of a deny-list,
 * masks words of a mask-list, and passes the message's attributes through.
 *
 * IVS Chat waits at most 200 ms for the answer before it applies the room's fallback result, so the review
 * is synchronous and pure: no I/O, the word lists compiled once per cold start. The Lambda entry point is
 * `handler`; the lists come from the environment (`DENY_LIST`, `MASK_LIST`: comma-separated words).
 */

/** What IVS Chat sends the handler for each message. */
export interface MessageReviewRequest {
  readonly Content: string;
  readonly MessageId: string;
  readonly RoomArn: string;
  readonly Attributes?: Record<string, string>;
  readonly Sender: {
    readonly UserId: string;
    readonly Ip?: string;
    readonly Attributes?: Record<string, string>;
  };
}

/** What the handler answers: the (possibly rewritten) content is delivered on ALLOW. */
export interface MessageReviewResponse {
  readonly ReviewResult: 'ALLOW' | 'DENY';
  readonly Content: string;
  readonly Attributes?: Record<string, string>;
}

export interface ReviewPolicy {
  /** Messages holding one of these words (case-insensitive, whole words) are denied. */
  readonly denyList?: readonly string[];
  /** These words (case-insensitive, whole words) are replaced by `mask` characters, one per character. */
  readonly maskList?: readonly string[];
  /** @default '*' */
  readonly mask?: string;
}

export type MessageReviewer = (request: MessageReviewRequest) => MessageReviewResponse;

/**
 * A reviewer for the policy. It returns its answer directly (no promise): reviewing does no I/O, so it
 * answers in microseconds, far below the 200 ms IVS Chat allows.
 */
export function createMessageReviewer(policy: ReviewPolicy): MessageReviewer {
  // Without the global flag, `test` keeps no state between messages.
  const deny = wordsPattern(policy.denyList ?? [], 'iu');
  const maskWords = wordsPattern(policy.maskList ?? [], 'giu');
  const mask = policy.mask ?? '*';
  return (request) => {
    const content = request.Content;
    const attributes = request.Attributes === undefined ? {} : { Attributes: request.Attributes };
    if (deny?.test(content)) {
      return { ReviewResult: 'DENY', Content: content, ...attributes };
    }
    const rewritten = maskWords ? content.replace(maskWords, word => mask.repeat([...word].length)) : content;
    return { ReviewResult: 'ALLOW', Content: rewritten, ...attributes };
  };
}

/** The policy the environment describes: comma-separated `DENY_LIST` and `MASK_LIST`. */
export function policyFromEnvironment(env: Record<string, string | undefined>): ReviewPolicy {
  const words = (value: string | undefined) => (value ?? '').split(',').map(word => word.trim()).filter(word => word !== '');
  return { denyList: words(env.DENY_LIST), maskList: words(env.MASK_LIST) };
}

/** Whole words, case-insensitive, Unicode-aware: `scam` matches "SCAM!" but not "scampi". */
function wordsPattern(words: readonly string[], flags: string): RegExp | undefined {
  if (words.length === 0) {
    return undefined;
  }
  const alternatives = words.map(word => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, flags);
}

const reviewer = createMessageReviewer(policyFromEnvironment(process.env));

/** The Lambda entry point. */
export async function handler(request: MessageReviewRequest): Promise<MessageReviewResponse> {
  return reviewer(request);
}
