import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/*
 * node:http rather than fetch: choosing the client's source address (`localAddress`, e.g.
 * 127.0.0.2 to test IP rules) needs an undici Agent with fetch, and Node 20 bundles undici
 * without exposing it (the `undici` package is not a dependency).
 */

export interface HttpResponse<T = unknown> {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body's bytes, and the same decoded as UTF-8. */
  raw: Buffer;
  text: string;
  /** The parsed JSON body when the response is JSON (`application/json`, `application/problem+json`). */
  body: T;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (set the Content-Type yourself). */
  body?: string | Buffer;
  /** The source address to connect from, e.g. 127.0.0.2. */
  localAddress?: string;
  timeoutMs?: number;
}

/** One HTTP request; never throws on an error status, only when there is no answer. */
export function request<T = unknown>(
  url: string | URL,
  options: RequestOptions = {},
): Promise<HttpResponse<T>> {
  const payload = options.json === undefined ? options.body : JSON.stringify(options.json);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...(options.json === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...options.headers,
  };
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        timeout: options.timeoutMs ?? 20_000,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          const isJson = /json/i.test(incoming.headers['content-type'] ?? '');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            raw,
            text,
            body: (isJson && text ? JSON.parse(text) : undefined) as T,
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`No answer from ${url} in time`)));
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The header that stands in for the bank's IAM signature on the local stack. */
export function bankAuthorization(bankKey: string): Record<string, string> {
  return { Authorization: `Bearer ${bankKey}` };
}
