/** What the page reads from `config.json`: the serving script (../serve.ts) answers it from the local server's ready line. */
export interface PageConfig {
  /** The messaging endpoint: the chat client's `regionOrUrl`. */
  readonly messagingUrl: string;
  /**
   * The header in which the page names its caller to an IAM-authenticated token vendor. That is local only: deployed,
   * a page signs the request with the user's credentials (SigV4), and the function URL takes the caller from that.
   */
  readonly principalHeader: string;
  readonly users: TokenVendorConfig;
  readonly moderators: TokenVendorConfig;
}

export interface TokenVendorConfig {
  /** Where to POST for a token: a path on the page's own origin, so the page needs no CORS. */
  readonly url: string;
  /** The caller's ARN without the session name, the user's name (the role that may invoke this vendor). */
  readonly principalPrefix: string;
}
