import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { AppError } from '../core/errors.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import type { Middleware } from './context.ts';
import { parseOrThrow } from './validation.ts';

/** Largest JSON body any route accepts; API Gateway's own 10 MB limit is far above it. */
export const MAX_BODY_BYTES = 64 * 1024;

type Infer<S> = S extends () => z.ZodMiniType ? z.infer<ReturnType<S>> : undefined;

/** The request's input as the route's schemas read it. */
export interface ValidInput<R extends RouteDefinition> {
  body: Infer<R['request']['body']>;
  path: Infer<R['request']['path']>;
  query: Infer<R['request']['query']>;
}

/** Before JSON parsing: the body's size, its content type, and no body where the route takes none. */
export function bodyGuard(route: RouteDefinition): Middleware {
  return {
    before: ({ event }) => {
      const raw = event.body ?? '';
      const size = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw);
      if (size > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { limit: MAX_BODY_BYTES });
      if (!route.request.body) {
        if (raw.length > 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return;
      }
      const contentType = event.headers['content-type'] ?? '';
      if (!/^application\/json\s*(;|$)/i.test(contentType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      if (raw.length === 0) throw new AppError('MALFORMED_JSON');
    },
  };
}

/** Body, path and query through the route's zod schemas: typed input, or a 400 naming every field. */
export async function validate<R extends RouteDefinition>(
  route: R,
  event: APIGatewayProxyEvent,
): Promise<ValidInput<R>> {
  return {
    body: route.request.body ? await parseOrThrow(route.request.body, event.body, 'body') : undefined,
    path: route.request.path
      ? await parseOrThrow(route.request.path, event.pathParameters ?? {}, 'path')
      : undefined,
    query: route.request.query
      ? await parseOrThrow(route.request.query, event.queryStringParameters ?? {}, 'query')
      : undefined,
  } as ValidInput<R>;
}
