import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listPendingOperationsRoute } from '../../shared/routes/entitlements.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { sessionEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, listPendingOperations } from '../../shared/services/entitlements.ts';

/** GET /operations/pending ("Operaciones por aprobar"): what the caller may approve now. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(listPendingOperationsRoute, deps.http, async (request) => ({
    body: await listPendingOperations(deps, request.principal.user, request.query),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(sessionEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
