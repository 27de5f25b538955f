import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { withdrawOperationRoute } from '../../shared/routes/entitlements.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { sessionEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, withdrawOperation } from '../../shared/services/entitlements.ts';
import { originOf } from '../auth/origin.ts';

/** POST /operations/{operationId}/withdrawal: the maker withdraws their own pending operation. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(withdrawOperationRoute, deps.http, async (request) => ({
    body: await withdrawOperation(deps, request.principal.user, request.path.operationId, originOf(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(sessionEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
