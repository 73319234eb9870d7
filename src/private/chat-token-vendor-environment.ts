/**
 * The environment contract of the chat token vendor, shared by the construct (which writes the variables)
 * and the handler in lambda/chat-token-vendor (which reads them). This module must not import anything:
 * the handler bundle includes it.
 */

/** The variables the construct sets. ATTRIBUTES is absent when the tokens carry no attributes. */
export interface ChatTokenVendorEnvironment {
  /** The room's ARN. */
  readonly ROOM_ARN: string;
  /** Comma-separated capabilities, such as `SEND_MESSAGE,DELETE_MESSAGE`; empty for view-only tokens. */
  readonly CAPABILITIES: string;
  /** An integer, 1-180. */
  readonly SESSION_DURATION_MINUTES: string;
  /** `header:<name>`, `claim:<name>` or `iam` (see `UserIdSourceSpec`). */
  readonly USER_ID_SOURCE: string;
  /** A JSON object of string values. */
  readonly ATTRIBUTES?: string;
}

/** Where the handler reads the user id. */
export type UserIdSourceSpec =
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'claim'; readonly name: string }
  | { readonly kind: 'iam' };

export function renderUserIdSource(spec: UserIdSourceSpec): string {
  return spec.kind === 'iam' ? 'iam' : `${spec.kind}:${spec.name}`;
}

/** The spec a USER_ID_SOURCE value describes, or undefined when it describes none. */
export function parseUserIdSource(value: string): UserIdSourceSpec | undefined {
  if (value === 'iam') {
    return { kind: 'iam' };
  }
  const separator = value.indexOf(':');
  const kind = value.slice(0, separator);
  const name = value.slice(separator + 1);
  if (separator < 0 || name === '' || (kind !== 'header' && kind !== 'claim')) {
    return undefined;
  }
  return { kind, name };
}
