import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listPendingOperationsRoute } from '../../shared/routes/entitlements.ts';
import { sessionEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, listPendingOperations } from '../../shared/services/entitlements.ts';

/** GET /operations/pending ("Operaciones por aprobar"): what the caller may approve now. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(listPendingOperationsRoute, deps.http, async (request) => ({
    body: await listPendingOperations(deps, request.principal.user, request.query),
  }));

export const handler = onColdStart(() => build(sessionEntitlementDeps()));
