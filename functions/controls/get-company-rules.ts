import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getCompanyConnectionRulesRoute } from '../../shared/routes/controls.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { connectionControlDeps } from '../../shared/runtime/controls.ts';
import { companyRulesView } from '../../shared/services/connection-controls.ts';

/** GET /company/connection-rules (step 25, "a nivel general"): the company-wide allowed hours and IPs. */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(getCompanyConnectionRulesRoute, deps.http, async (request) => ({
    body: companyRulesView(request.principal.company),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(connectionControlDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
