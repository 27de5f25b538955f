import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { captureOperationRoute } from '../../shared/routes/entitlements.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { captureOperation, type EntitlementDeps } from '../../shared/services/entitlements.ts';
import { bankOrigin } from '../bank/origin.ts';

/** POST /service/operations: a transactional module registers a captured operation (Idempotency-Key). */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(captureOperationRoute, deps.http, async (request) => ({
    body: await captureOperation(deps, request.body, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) =>
  build(withIdempotentRequests(runtime, serviceEntitlementDeps(runtime)));

export const handler = onColdStart(() => wire(coreRuntime()));
