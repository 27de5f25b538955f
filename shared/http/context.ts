import { randomUUID } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Language } from '../core/language.ts';
import type { Logger } from '../core/logger.ts';
import type { Principal } from '../domain/principal.ts';
import { negotiateLanguage } from './locale.ts';

export const CORRELATION_HEADER = 'x-correlation-id';
/** A client's own correlation id, kept beside the request's (never instead of it): short, plain characters. */
const CORRELATION_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** What the first step learns of a request, for the steps after it and the problem responder. */
export type RequestContext = {
  language: Language;
  correlationId: string;
  clientCorrelationId?: string;
  log: Logger;
  /** The authenticated caller, once known: the refusal audit names them. */
  principal?: Principal;
};
export type Event = APIGatewayProxyEvent & { internal?: RequestContext; rawBody?: string | null };
export type Middleware = middy.MiddlewareObj<Event, APIGatewayProxyResult>;

/** The first step: the request's correlation id, language and log. */
export function requestContext(rootLog: Logger): Middleware {
  return {
    before: (request) => {
      const { event } = request;
      const given = event.headers[CORRELATION_HEADER];
      // The server's id identifies the request; a client's is only recorded beside it.
      const correlationId = event.requestContext?.requestId ?? randomUUID();
      const clientCorrelationId = given && CORRELATION_ID.test(given) ? given : undefined;
      event.internal = {
        language: negotiateLanguage(event.headers['accept-language']),
        correlationId,
        ...(clientCorrelationId ? { clientCorrelationId } : {}),
        log: rootLog.child({
          correlationId,
          ...(clientCorrelationId ? { clientCorrelationId } : {}),
          method: event.httpMethod,
          path: event.path,
        }),
      };
    },
  };
}

/** The security headers, the correlation id and CORS of every answer, success or problem. */
export function baseHeaders(correlationId: string, origin: string | undefined, allowed: readonly string[]) {
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    [CORRELATION_HEADER]: correlationId,
  };
  if (origin && allowed.includes(origin)) {
    // Tokens travel in Authorization, never in cookies: no credentials mode is needed.
    headers['access-control-allow-origin'] = origin;
    headers['access-control-expose-headers'] = `${CORRELATION_HEADER}, content-disposition`;
    headers.vary = 'Origin';
  }
  return headers;
}
