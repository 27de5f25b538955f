import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '../core/logger.ts';
import type { StoredResponse } from '../data/idempotency.ts';
import type { Principal } from '../domain/principal.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import type { IdempotentRequests } from './idempotency.ts';

/** What the idempotent step wraps: the rest of the request, and the headers of a replayed answer. */
export interface IdempotentRun {
  headers: Record<string, string | undefined>;
  principal: Principal;
  /** What the key fingerprints: the validated body, path and query. */
  input: { body?: unknown; path?: unknown; query?: unknown };
  context: Context | undefined;
  log: Logger;
  replayHeaders: () => Record<string, string>;
  run: () => Promise<APIGatewayProxyResult>;
}

/**
 * The `Idempotency-Key` step of a route (`idempotent` in the route table): a request with a key
 * claims it, runs, and keeps its answer; a repeat gets the kept answer; a failure releases the
 * key. Routes that are not idempotent just run. Fails at cold start when an idempotent route
 * has no caller to scope keys by.
 */
export function idempotentStep(route: RouteDefinition, idempotency: IdempotentRequests | undefined) {
  if (route.idempotent && (route.access === 'public' || route.access === 'challenge')) {
    throw new Error(`Invalid configuration: idempotent route ${route.id} needs a bank or session caller`);
  }
  return async (request: IdempotentRun): Promise<APIGatewayProxyResult> => {
    if (!route.idempotent) return request.run();
    // A key is never ignored: without the step, a request that sends one is refused (a logged 500), not run unprotected.
    if (!idempotency) {
      if (request.headers['idempotency-key'] === undefined) return request.run();
      throw new Error(`Invalid configuration: route ${route.id} has no idempotency store`);
    }
    const key = idempotency.keyOf(request.headers);
    if (!key) return request.run();
    const step = await idempotency.begin({
      routeId: route.id,
      caller: callerOf(request.principal),
      key,
      input: request.input,
      remainingMs: request.context?.getRemainingTimeInMillis?.(),
      log: request.log,
    });
    if (step?.kind === 'replay') return replayed(step.response, request.replayHeaders());
    try {
      const response = await request.run();
      // The action is done: a failure to keep its answer must not turn it into an error.
      await step?.settle(response).catch((error: unknown) => {
        request.log.warn('idempotent answer not kept', { error: (error as Error).name });
      });
      return response;
    } catch (error) {
      await step?.release().catch((inner: unknown) => {
        request.log.warn('idempotency key not released', { error: (inner as Error).name });
      });
      throw error;
    }
  };
}

/** Whose idempotency keys a request uses: the bank's IAM identity, or the company user in session. */
function callerOf(principal: Principal): string {
  if (principal.kind === 'bank') return `bank/${principal.arn}`;
  if (principal.kind === 'user') return `${principal.company.code}/${principal.user.userCode}`;
  throw new Error('idempotent routes need a bank or session caller');
}

/** The stored answer of the first execution, repeated with this request's own headers. */
function replayed(stored: StoredResponse, headers: Record<string, string>): APIGatewayProxyResult {
  return {
    statusCode: stored.statusCode,
    headers: {
      ...headers,
      ...(stored.contentType ? { 'content-type': stored.contentType } : {}),
      'idempotent-replayed': 'true',
    },
    body: stored.body,
    ...(stored.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
}
