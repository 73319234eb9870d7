import * as http from 'http';

/** A syntactically valid SigV4 header for IVS Chat: the emulator checks the credential scope, not the signature. */
export const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/ivschat/aws4_request, SignedHeaders=host, Signature=0123456789abcdef';

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTP exchange without the SDK, on a fresh connection so no keep-alive socket outlives the test. */
export async function rawRequest(
  endpoint: string,
  method: string,
  path: string,
  options: { readonly body?: string; readonly headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${endpoint}${path}`, { method, headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/**
 * A clock for the emulator and the messaging endpoint (their `clock` options) that only the test moves: by hand
 * (`advance`), and by `stepMs` each time it is read (once per request the emulator receives, once per inspection). What
 * a read sees of a change in progress is then set by the test's steps, not by how fast the machine runs. It starts at
 * the real time, as the expiry times of tokens do.
 */
export class ManualClock {
  private time = Date.now();

  /** @param stepMs how far each reading moves the clock (0: only `advance` does); tests may change it */
  constructor(public stepMs = 0) {}

  /** For the `clock` options. */
  readonly now = (): number => {
    this.time += this.stepMs;
    return this.time;
  };

  advance(ms: number): void {
    this.time += ms;
  }
}
