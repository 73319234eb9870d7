import * as crypto from 'crypto';
import { isString, length, pattern, Rule } from './validation';

export type ResourceKind = 'room' | 'logging-configuration';

/** The account and region the emulator plays: every identifier it accepts lives there. */
export interface Scope {
  readonly region: string;
  readonly accountId: string;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ID_LENGTH = 12;

/** The API model's own patterns (partition hard-coded); tagging accepts either kind because the model's ResourceArn regex is buggy. */
const MODEL_PATTERNS: Readonly<Record<ResourceKind | 'any', RegExp>> = {
  'room': /^arn:aws:ivschat:[a-z0-9-]+:[0-9]+:room\/[a-zA-Z0-9-]+$/,
  'logging-configuration': /^arn:aws:ivschat:[a-z0-9-]+:[0-9]+:logging-configuration\/[a-zA-Z0-9-]+$/,
  'any': /^arn:aws:ivschat:[a-z0-9-]+:[0-9]+:(room|logging-configuration)\/[a-zA-Z0-9-]+$/,
};

export function arnOf(scope: Scope, kind: ResourceKind, id: string): string {
  return `arn:aws:ivschat:${scope.region}:${scope.accountId}:${kind}/${id}`;
}

/** Ids are 12 characters of [a-zA-Z0-9], like the service's. */
export function newId(): string {
  return Array.from({ length: ID_LENGTH }, () => ID_ALPHABET[crypto.randomInt(ID_ALPHABET.length)]).join('');
}

/**
 * Ids of what a room's clients receive (messages, events, errors), 12 alphanumerics like DeleteMessage's `id`.
 * The official client drops a frame whose `Id` it has already seen, so ids never repeat: a counter makes that
 * certain for this service's life, and a random prefix keeps a restarted server from reissuing the ids a
 * reconnecting client still remembers.
 */
export class FrameIdSequence {
  private readonly prefix = newId().slice(0, ID_LENGTH - COUNTER_DIGITS);
  private issued = 0;

  next(): string {
    this.issued += 1;
    return this.prefix + base62(this.issued).padStart(COUNTER_DIGITS, ID_ALPHABET[0]);
  }
}

/** 62^8 ids (2e14) per prefix: no local server lives long enough to wrap around. */
const COUNTER_DIGITS = 8;

function base62(value: number): string {
  let digits = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / ID_ALPHABET.length)) {
    digits = ID_ALPHABET[rest % ID_ALPHABET.length] + digits;
  }
  return digits;
}

/**
 * Rules for an `identifier`: the model's pattern first, then this emulator's scope, so an ARN built for
 * another account, region or resource type fails loudly instead of reading as "not found".
 */
export function arnRules(scope: Scope, kind: ResourceKind | 'any'): Rule[] {
  return [isString, length(1, 128), pattern(MODEL_PATTERNS[kind]), inScope(scope, kind)];
}

function inScope(scope: Scope, kind: ResourceKind | 'any'): Rule {
  const kinds = kind === 'any' ? 'room|logging-configuration' : kind;
  const expected = new RegExp(`^arn:aws:ivschat:${scope.region}:${scope.accountId}:(${kinds})/[a-zA-Z0-9]{${ID_LENGTH}}$`);
  return (value) => expected.test(value as string)
    ? undefined
    : `Member must be an ARN of region ${scope.region} and account ${scope.accountId} with a ${ID_LENGTH}-character alphanumeric id`;
}
