/** The example app's moderation policy, used by the deployed review handler (chat-app.ts) and the demo. */

/** Messages holding one of these words are dropped. */
export const DENY_LIST = ['spam', 'scam'];

/** These words are masked in delivered messages. */
export const MASK_LIST = ['darn', 'heck'];
