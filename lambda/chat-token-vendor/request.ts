import type { UserIdSourceSpec } from '../../src/private/chat-token-vendor-environment';

/**
 * The members the vendor reads of a request from a function URL or API Gateway: HTTP API / function URL
 * payload 2.0 (`requestContext.http.method`, lowercase headers) or REST API payload 1.0 (`httpMethod`).
 */
export interface VendorRequest {
  readonly httpMethod?: string;
  readonly headers?: Record<string, string | undefined> | null;
  readonly requestContext?: {
    readonly http?: { readonly method?: string };
    readonly authorizer?: Record<string, unknown> | null;
    /** REST API with IAM authorization. */
    readonly identity?: { readonly userArn?: string | null; readonly cognitoIdentityId?: string | null };
  };
}

/** Why no user id was found: the answer's status and message. */
export interface MissingUserId {
  readonly status: 400 | 401;
  readonly error: string;
}

export function methodOf(request: VendorRequest): string | undefined {
  return request.requestContext?.http?.method ?? request.httpMethod;
}

/** The user id the request carries where the source says, or why there is none. */
export function userIdOf(request: VendorRequest, source: UserIdSourceSpec): string | MissingUserId {
  switch (source.kind) {
    case 'header':
      return headerOf(request, source.name)
        ?? { status: 400, error: `Missing user id: send it in the '${source.name}' header.` };
    case 'claim':
      return claimOf(request, source.name)
        ?? { status: 401, error: `Unauthorized: the request carries no '${source.name}' claim from an authorizer.` };
    case 'iam':
      return iamPrincipalOf(request)
        ?? { status: 401, error: 'Unauthorized: the request is not signed with IAM credentials.' };
  }
}

function headerOf(request: VendorRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return nonEmpty(entry?.[1]);
}

function claimOf(request: VendorRequest, name: string): string | undefined {
  const authorizer = request.requestContext?.authorizer ?? {};
  const places = [
    record(record(authorizer.jwt).claims), // HTTP API JWT authorizer
    record(authorizer.claims), // REST API Cognito user pool authorizer
    record(authorizer.lambda), // HTTP API Lambda authorizer
    authorizer, // REST API Lambda authorizer
  ];
  for (const place of places) {
    const value = place[name];
    if (typeof value === 'string' || typeof value === 'number') {
      return nonEmpty(String(value));
    }
  }
  return undefined;
}

/** Every user of a Cognito identity pool signs with the pool's role: their identity id tells them apart. */
function iamPrincipalOf(request: VendorRequest): string | undefined {
  const iam = record(request.requestContext?.authorizer?.iam);
  const identityId = nonEmpty(record(iam.cognitoIdentity).identityId);
  const identity = request.requestContext?.identity;
  return identityId ?? nonEmpty(iam.userArn) ?? nonEmpty(identity?.cognitoIdentityId) ?? nonEmpty(identity?.userArn);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {};
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
