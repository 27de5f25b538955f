import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getServiceOperationRoute } from '../../shared/routes/entitlements.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, getOperation } from '../../shared/services/entitlements.ts';

/** GET /service/operations/{companyCode}/{operationId}: an operation's state, for the transactional module. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(getServiceOperationRoute, deps.http, async (request) => ({
    body: await getOperation(deps, request.path.companyCode, request.path.operationId),
  }));

export const handler = onColdStart(() => build(serviceEntitlementDeps()));
