import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listOperationEventsRoute } from '../../shared/routes/entitlements.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { type EntitlementDeps, listOperationEvents } from '../../shared/services/entitlements.ts';

/** GET /service/operation-events: the company's approved, rejected, withdrawn and expired operations. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(listOperationEventsRoute, deps.http, async (request) => ({
    body: await listOperationEvents(deps, request.query.companyCode),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(serviceEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
