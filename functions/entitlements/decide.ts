import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { decideEntitlementsRoute } from '../../shared/routes/entitlements.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { decideEntitlements, type EntitlementDeps } from '../../shared/services/entitlements.ts';

/** POST /service/entitlements/decisions: may a user do this? One question or up to 25, one round trip. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(decideEntitlementsRoute, deps.http, async (request) => ({
    body: await decideEntitlements(deps, request.body),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(serviceEntitlementDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
