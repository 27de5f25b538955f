import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getUserConnectionRulesRoute } from '../../shared/routes/controls.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { connectionControlDeps } from '../../shared/runtime/controls.ts';
import { userRulesView } from '../../shared/services/connection-controls.ts';
import { namedEndUser } from '../users/named-end-user.ts';

/** GET /users/{userCode}/connection-rules (step 25, "para un usuario final"): the user's own rules, and which apply. */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(getUserConnectionRulesRoute, deps.http, async (request) => {
    const { company } = request.principal;
    const target = namedEndUser(request);
    return { body: userRulesView(company, target) };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(connectionControlDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
