import { randomUUID } from 'crypto';
import * as http from 'http';
import type { ExtraRoute } from './control-plane';
import type { LocalFunction } from './functions/local-function';

/**
 * How a local caller of an IAM-authenticated token vendor says who it is. A function URL with `AWS_IAM` auth takes the
 * caller from the SigV4 signature, which the local server does not verify: the caller names its principal in a header
 * instead, and the vendor gets it where Lambda puts a signed caller's identity (`requestContext.authorizer.iam`).
 */
export const PRINCIPAL_HEADER = 'x-cdk-ivs-chat-local-principal';
/** The Cognito identity ID of a caller with identity pool credentials (`requestContext.authorizer.iam.cognitoIdentity`). */
export const COGNITO_IDENTITY_HEADER = 'x-cdk-ivs-chat-local-cognito-identity-id';

/** The largest request body a vendor takes (a function URL takes 6 MB; a token request is a few bytes). */
const MAX_BODY_BYTES = 64 * 1024;

/** How long a vendor may take to answer locally (the construct gives it 10 s). */
const VENDOR_TIMEOUT_MS = 10_000;

/** The function URL's CORS settings, as the template's `AWS::Lambda::Url` `Cors` holds them. */
export interface UrlCors {
  readonly AllowOrigins?: string[];
  readonly AllowMethods?: string[];
  readonly AllowHeaders?: string[];
  readonly ExposeHeaders?: string[];
  readonly AllowCredentials?: boolean;
  readonly MaxAge?: number;
}

export interface TokenVendorEndpoint {
  /** The path under which the local server serves this vendor, such as `/token-vendors/ChatApp/TokenVendorHandler4DAFD114/`. */
  readonly pathPrefix: string;
  readonly authType: 'AWS_IAM' | 'NONE';
  readonly cors?: UrlCors;
  readonly function: LocalFunction;
  readonly accountId: string;
}

/**
 * A token vendor's function URL, locally: turns an HTTP request into the function URL event (payload format 2.0) Lambda
 * would pass, runs the vendor's own bundled handler, and answers what it returns.
 */
export function tokenVendorRoute(vendor: TokenVendorEndpoint, log: (line: string) => void): ExtraRoute {
  return {
    pathPrefix: vendor.pathPrefix,
    handle: async (request, response) => {
      const origin = request.headers.origin;
      const corsHeaders = corsHeadersFor(vendor.cors, origin);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        // A preflight: answered by the function URL itself, never by the function.
        response.writeHead(corsHeaders['access-control-allow-origin'] ? 200 : 403, preflightHeaders(vendor.cors, corsHeaders)).end();
        return;
      }
      const body = await readBody(request, MAX_BODY_BYTES);
      if (body === undefined) {
        answer(response, 413, { Message: 'Request must be smaller than 65536 bytes' }, corsHeaders);
        return;
      }
      const principal = vendor.authType === 'AWS_IAM' ? iamPrincipalOf(request, vendor.accountId) : undefined;
      if (vendor.authType === 'AWS_IAM' && principal === undefined) {
        log(`token vendor ${vendor.pathPrefix}: 403, no ${PRINCIPAL_HEADER} header (what an unsigned request to an AWS_IAM function URL gets)`);
        answer(response, 403, { Message: 'Forbidden' }, corsHeaders);
        return;
      }
      try {
        const result = await vendor.function.invoke(functionUrlEvent(request, body, vendor.accountId, principal), VENDOR_TIMEOUT_MS);
        const { statusCode = 200, headers = {}, body: resultBody = '' } = (result ?? {}) as { statusCode?: number; headers?: Record<string, string>; body?: string };
        response.writeHead(statusCode, { ...headers, ...corsHeaders }).end(typeof resultBody === 'string' ? resultBody : JSON.stringify(resultBody));
      } catch (error) {
        log(`token vendor ${vendor.pathPrefix}: the function failed: ${(error as Error).message}`);
        answer(response, 502, { Message: 'Internal Server Error' }, corsHeaders);
      }
    },
  };
}

/** What Lambda's `requestContext.authorizer.iam` holds for a signed caller, from the local principal headers. */
function iamPrincipalOf(request: http.IncomingMessage, accountId: string): Record<string, unknown> | undefined {
  const userArn = headerValue(request, PRINCIPAL_HEADER);
  const identityId = headerValue(request, COGNITO_IDENTITY_HEADER);
  if (userArn === undefined && identityId === undefined) {
    return undefined;
  }
  return {
    accessKey: 'ASIALOCALCDKIVSCHAT',
    accountId,
    callerId: userArn ?? identityId,
    cognitoIdentity: identityId === undefined ? null : { amr: ['authenticated'], identityId, identityPoolId: 'local' },
    principalOrgId: null,
    userArn: userArn ?? `arn:aws:sts::${accountId}:assumed-role/Cognito_Authenticated/CognitoIdentityCredentials`,
    userId: userArn ?? identityId,
  };
}

function functionUrlEvent(request: http.IncomingMessage, body: string, accountId: string, iam: Record<string, unknown> | undefined): unknown {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value ?? ''])),
    ...url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {},
    requestContext: {
      accountId,
      apiId: 'local',
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...iam && { authorizer: { iam } },
    },
    ...body === '' ? {} : { body },
    isBase64Encoded: false,
  };
}

/** The CORS headers of an actual request, as a function URL adds them. */
function corsHeadersFor(cors: UrlCors | undefined, origin: string | undefined): Record<string, string> {
  if (cors === undefined || origin === undefined) {
    return {};
  }
  const allowed = (cors.AllowOrigins ?? []).some(pattern => pattern === '*' || pattern === origin);
  if (!allowed) {
    return {};
  }
  return {
    'access-control-allow-origin': (cors.AllowOrigins ?? []).includes('*') && !cors.AllowCredentials ? '*' : origin,
    ...cors.AllowCredentials && { 'access-control-allow-credentials': 'true' },
    ...cors.ExposeHeaders?.length && { 'access-control-expose-headers': cors.ExposeHeaders.join(',') },
  };
}

function preflightHeaders(cors: UrlCors | undefined, corsHeaders: Record<string, string>): Record<string, string> {
  if (!corsHeaders['access-control-allow-origin']) {
    return {};
  }
  return {
    ...corsHeaders,
    'access-control-allow-methods': (cors?.AllowMethods ?? ['*']).join(','),
    'access-control-allow-headers': (cors?.AllowHeaders ?? ['*']).join(','),
    ...cors?.MaxAge !== undefined && { 'access-control-max-age': String(cors.MaxAge) },
  };
}

function headerValue(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** The request body, or undefined when it is larger than `limit` bytes. */
async function readBody(request: http.IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answer(response: http.ServerResponse, status: number, body: object, headers: Record<string, string>): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
