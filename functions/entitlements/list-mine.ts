import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listMyOperationsRoute } from '../../shared/routes/entitlements.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { sessionEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, listMyOperations } from '../../shared/services/entitlements.ts';

/** GET /operations/mine: the caller's captured operations and their state. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(listMyOperationsRoute, deps.http, async (request) => ({
    body: await listMyOperations(deps, request.principal.user, request.query),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(sessionEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
