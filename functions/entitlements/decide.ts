import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { decideEntitlementsRoute } from '../../shared/routes/entitlements.ts';
import { serviceEntitlementDeps } from '../../shared/runtime/entitlements.ts';
import { decideEntitlements, type EntitlementDeps } from '../../shared/services/entitlements.ts';

/** POST /service/entitlements/decisions: may a user do this? One question or up to 25, one round trip. */
export const build = (deps: EntitlementDeps & { http: HttpOptions }) =>
  httpHandler(decideEntitlementsRoute, deps.http, async (request) => ({
    body: await decideEntitlements(deps, request.body),
  }));

export const handler = onColdStart(() => build(serviceEntitlementDeps()));
