import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { captureOperationRoute } from '../../shared/routes/entitlements.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { captureOperation, type EntitlementDeps } from '../../shared/services/entitlements.ts';
import { bankOrigin } from '../bank/origin.ts';

/** POST /service/operations: a transactional module registers a captured operation (Idempotency-Key). */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(captureOperationRoute, deps.http, async (request) => ({
    body: await captureOperation(deps, request.body, bankOrigin(request)),
  }));

export const handler = onColdStart(() => build(withIdempotentRequests(serviceEntitlementDeps())));
