import { createHash } from 'crypto';
import { CreateChatTokenCommand, IvschatClient } from '@aws-sdk/client-ivschat';
import { readConfig, VendorConfig } from './config';
import { methodOf, userIdOf, VendorRequest } from './request';
import { checkUserId } from '../../src/private/service-rules';

/** A function URL / API Gateway proxy answer. */
export interface VendorResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const clients = new Map<string, IvschatClient>();

/** One client per region, created on first use: endpoint from `AWS_ENDPOINT_URL_IVSCHAT` when set, credentials from the role. */
function ivschat(region: string): IvschatClient {
  let client = clients.get(region);
  if (!client) {
    client = new IvschatClient({ region });
    clients.set(region, client);
  }
  return client;
}

/**
 * Vends a chat token for the room the environment names, to the user the request identifies. Logs one JSON
 * line per request (outcome, capabilities, a pseudonym of the user id): never the token, which lets its holder join
 * as that user, nor the user id, which IVS Chat's API marks sensitive.
 */
export async function handler(request: VendorRequest): Promise<VendorResponse> {
  let config: VendorConfig;
  try {
    config = readConfig(process.env);
  } catch (error) {
    log({ outcome: 'misconfigured', reason: (error as Error).message });
    return answer(500, { error: 'The token vendor is misconfigured: see its logs.' });
  }
  const method = methodOf(request);
  if (method !== undefined && method !== 'POST') {
    return answer(405, { error: `Method ${method} not allowed: POST to get a chat token.` }, { Allow: 'POST' });
  }
  const userId = userIdOf(request, config.userIdSource);
  if (typeof userId !== 'string') {
    log({ outcome: 'refused', status: userId.status, reason: userId.error });
    return answer(userId.status, { error: userId.error });
  }
  const userIdError = checkUserId('The user id', userId);
  if (userIdError !== undefined) {
    log({ outcome: 'refused', status: 400, reason: userIdError });
    return answer(400, { error: userIdError });
  }

  const details = { user: pseudonym(userId), capabilities: config.capabilities, sessionDurationInMinutes: config.sessionDurationInMinutes };
  try {
    const created = await ivschat(config.region).send(new CreateChatTokenCommand({
      roomIdentifier: config.roomArn,
      userId,
      capabilities: config.capabilities as CreateChatTokenCommand['input']['capabilities'],
      sessionDurationInMinutes: config.sessionDurationInMinutes,
      attributes: config.attributes,
    }));
    log({ outcome: 'issued', ...details });
    return answer(200, {
      token: created.token,
      tokenExpirationTime: created.tokenExpirationTime?.toISOString(),
      sessionExpirationTime: created.sessionExpirationTime?.toISOString(),
    });
  } catch (error) {
    const { name, message } = error as Error;
    log({ outcome: 'failed', ...details, error: name, reason: message });
    return name === 'ThrottlingException'
      ? answer(429, { error: 'Too many requests: try again shortly.' })
      : answer(500, { error: 'Could not create a chat token.' });
  }
}

function answer(statusCode: number, body: object, headers: Record<string, string> = {}): VendorResponse {
  return {
    statusCode,
    // A token is single-use and personal: no cache may keep it.
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * What the logs hold instead of a user id: enough to follow one user's requests, or to find them given the id, but
 * not the id. (A hash of a guessable id can be guessed back: the logs still deserve their access controls.)
 */
export function pseudonym(userId: string): string {
  return `sha256:${createHash('sha256').update(userId).digest('hex').slice(0, 16)}`;
}

function log(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
