import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getCompanyConnectionRulesRoute } from '../../shared/routes/controls.ts';
import { connectionControlDeps } from '../../shared/runtime/controls.ts';
import { companyRulesView } from '../../shared/services/connection-controls.ts';

/** GET /company/connection-rules (step 25, "a nivel general"): the company-wide allowed hours and IPs. */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(getCompanyConnectionRulesRoute, deps.http, async (request) => ({
    body: companyRulesView(request.principal.company),
  }));

export const handler = onColdStart(() => build(connectionControlDeps()));
