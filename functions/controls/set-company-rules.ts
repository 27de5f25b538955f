import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { setCompanyConnectionRulesRoute } from '../../shared/routes/controls.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { connectionControlDeps } from '../../shared/runtime/controls.ts';
import { type ConnectionControlDeps, setCompanyRules } from '../../shared/services/connection-controls.ts';
import { originOf } from '../auth/origin.ts';

/** PUT /company/connection-rules (step 25): the allowed hours and IPs of every end user without rules of their own. */
export const build = (deps: ConnectionControlDeps & { http: HttpOptions }) =>
  httpHandler(setCompanyConnectionRulesRoute, deps.http, async (request) => {
    const { company, user: admin } = request.principal;
    return {
      body: await setCompanyRules(deps, company, admin, request.body, originOf(request), request.transaction),
    };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(connectionControlDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
