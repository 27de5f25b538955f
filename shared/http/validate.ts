import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { AppError } from '../core/errors.ts';
import { type Problem, problemsError } from '../core/problems.ts';
import type { Principal } from '../domain/principal.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import { isApproval } from '../services/dual-control-step.ts';
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
      // An approval (dual control) carries no body: the proposal's stored input replaces it.
      if (isApproval(route, event.headers) && raw.length === 0) return;
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

/**
 * The business problems of a request whose body breaks its schema, judged on the fields that pass
 * their own schema (`validFields` in `shared/http/validation.ts`), so that one answer lists them
 * with the schema's (`shared/core/problems.ts`). Given by the user-administration handlers; reads
 * only, never writes.
 */
export type AlsoJudge = (request: {
  body: unknown;
  principal: Principal;
  event: APIGatewayProxyEvent;
}) => Promise<Problem[]>;

/**
 * Body, path and query through the route's zod schemas: typed input, or a 400 naming every field
 * (with `alsoJudge`, every business problem of the body's valid fields too).
 */
export async function validate<R extends RouteDefinition>(
  route: R,
  event: APIGatewayProxyEvent,
  judged?: { alsoJudge: AlsoJudge; principal: Principal },
): Promise<ValidInput<R>> {
  const parseBody = async (schema: () => z.ZodMiniType) => {
    try {
      return await parseOrThrow(schema, event.body, 'body');
    } catch (error) {
      if (!judged || !(error instanceof AppError)) throw error;
      const more = await judged.alsoJudge({ body: event.body, principal: judged.principal, event });
      throw problemsError([...error.issues, ...more]) ?? error;
    }
  };
  return {
    body: route.request.body ? await parseBody(route.request.body) : undefined,
    path: route.request.path
      ? await parseOrThrow(route.request.path, event.pathParameters ?? {}, 'path')
      : undefined,
    query: route.request.query
      ? await parseOrThrow(route.request.query, event.queryStringParameters ?? {}, 'query')
      : undefined,
  } as ValidInput<R>;
}
