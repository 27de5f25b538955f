import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { decideOperationRoute } from '../../shared/routes/entitlements.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { sessionEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { decideOperation, type EntitlementDeps } from '../../shared/services/entitlements.ts';
import { originOf } from '../auth/origin.ts';

/** POST /operations/{operationId}/decision: approve or reject, confirmed with the BOP Token code (X-OTP). */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(decideOperationRoute, deps.http, async (request) => ({
    body: await decideOperation(
      deps,
      request.principal.user,
      request.path.operationId,
      request.body,
      originOf(request),
      request.transaction,
    ),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(sessionEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
