import { isMap, isString, length, pattern, required, Rule, totalUtf8Bytes } from './validation';

// Members both edges validate: the control plane's operations and the messaging endpoint's frames
// (https://docs.aws.amazon.com/ivs/latest/ChatAPIReference/API_Operations.html), so each rule is written once.

/** Chat attributes (of tokens, events, messages) are string maps of at most 1 KB, keys and values together. */
export const CHAT_ATTRIBUTES: Rule[] = [isMap([], [isString]), totalUtf8Bytes(1024)];

export const USER_ID: Rule[] = [required, isString, length(1, 128)];

export const REASON: Rule[] = [isString, length(1, 256)];

/** A message id as DeleteMessage accepts it: the 12 alphanumerics the service generates. */
export const MESSAGE_ID: Rule[] = [required, isString, length(12, 12), pattern(/^[a-zA-Z0-9]+$/)];
