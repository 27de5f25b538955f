import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getServiceOperationRoute } from '../../shared/routes/entitlements.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, getOperation } from '../../shared/services/entitlements.ts';

/** GET /service/operations/{companyCode}/{operationId}: an operation's state, for the transactional module. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(getServiceOperationRoute, deps.http, async (request) => ({
    body: await getOperation(deps, request.path.companyCode, request.path.operationId),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(serviceEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
