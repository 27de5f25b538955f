import { dynamoIdempotencyStore } from '../data/idempotency.ts';
import { idempotentRequests } from '../http/idempotency.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { CoreRuntime } from './core.ts';

/**
 * Adds the `Idempotency-Key` step to a function's HTTP options. Only the functions of
 * `idempotent` routes call it, so no other function's bundle holds the step or its store.
 */
export function withIdempotentRequests<D extends { http: HttpOptions }>(runtime: CoreRuntime, deps: D): D {
  const { config, doc } = runtime;
  return {
    ...deps,
    http: { ...deps.http, idempotency: idempotentRequests(dynamoIdempotencyStore(doc, config.TABLE_NAME)) },
  };
}
