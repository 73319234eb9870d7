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

/** Consecutive duplicates removed: the sequence of states a poller observed. */
export function transitions<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => index === 0 || values[index - 1] !== value);
}
