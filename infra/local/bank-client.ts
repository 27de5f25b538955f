import { type RouteId, route } from '../../shared/routes.ts';
import { fillPath } from './routing.ts';

export interface BankCall {
  pathParameters?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
  /** Extra request headers (an `Idempotency-Key`). */
  headers?: Record<string, string>;
  language?: 'es' | 'en';
}

export interface BankAnswer {
  status: number;
  contentType: string;
  /** Parsed JSON when the answer is JSON, the text otherwise. */
  body: unknown;
}

/**
 * Calls a bank back-office route of the local API as the bank does, with the local bank key
 * in place of the IAM signature. The method and path come from the route table.
 */
export async function callBankRoute(
  apiUrl: string,
  bankKey: string,
  id: RouteId,
  call: BankCall = {},
): Promise<BankAnswer> {
  const definition = route(id);
  const url = new URL(fillPath(definition.path, call.pathParameters ?? {}), apiUrl);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method: definition.method,
    headers: {
      Authorization: `Bearer ${bankKey}`,
      Accept: 'application/json',
      'Accept-Language': call.language ?? 'es',
      ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...call.headers,
    },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const body = /json/i.test(contentType) && text ? (JSON.parse(text) as unknown) : text;
  return { status: response.status, contentType, body };
}
