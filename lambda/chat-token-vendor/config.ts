import {
  ChatTokenVendorEnvironment, parseUserIdSource, UserIdSourceSpec,
} from '../../src/private/chat-token-vendor-environment';
import * as rules from '../../src/private/service-rules';

/** The vendor's configuration, read from the environment the construct set. */
export interface VendorConfig {
  readonly roomArn: string;
  /** The room's region: the token is created there, whatever the function's. */
  readonly region: string;
  readonly capabilities: string[];
  readonly sessionDurationInMinutes: number;
  readonly userIdSource: UserIdSourceSpec;
  readonly attributes?: Record<string, string>;
}

const ROOM_ARN = /^arn:aws[a-z-]*:ivschat:([a-z0-9-]+):[0-9]{12}:room\/[a-zA-Z0-9]+$/;

/** Reads and checks the configuration; throws with a message that names the variable at fault. */
export function readConfig(env: Partial<Record<keyof ChatTokenVendorEnvironment, string>>): VendorConfig {
  const roomArn = env.ROOM_ARN ?? '';
  const region = ROOM_ARN.exec(roomArn)?.[1];
  if (region === undefined) {
    throw new Error(`ROOM_ARN must be an IVS Chat room ARN, got: '${roomArn}'.`);
  }
  const capabilities = (env.CAPABILITIES ?? '').split(',').filter(capability => capability !== '');
  check(rules.checkCapabilities('CAPABILITIES', capabilities));
  const sessionDurationInMinutes = Number(env.SESSION_DURATION_MINUTES);
  check(rules.checkIntegerRange('SESSION_DURATION_MINUTES', sessionDurationInMinutes, rules.SESSION_DURATION_MINUTES_RANGE));
  const userIdSource = parseUserIdSource(env.USER_ID_SOURCE ?? '');
  if (userIdSource === undefined) {
    throw new Error(`USER_ID_SOURCE must be 'iam', 'header:<name>' or 'claim:<name>', got: '${env.USER_ID_SOURCE ?? ''}'.`);
  }
  return { roomArn, region, capabilities, sessionDurationInMinutes, userIdSource, ...attributesOf(env.ATTRIBUTES) };
}

function attributesOf(json: string | undefined): { attributes?: Record<string, string> } {
  if (json === undefined || json === '') {
    return {};
  }
  let attributes: unknown;
  try {
    attributes = JSON.parse(json);
  } catch {
    attributes = undefined;
  }
  const valid = typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)
    && Object.values(attributes).every(value => typeof value === 'string');
  if (!valid) {
    throw new Error('ATTRIBUTES must be a JSON object of strings.');
  }
  return { attributes: attributes as Record<string, string> };
}

function check(message: string | undefined): void {
  if (message !== undefined) {
    throw new Error(message);
  }
}
