import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { removeUserConnectionRulesRoute } from '../../shared/routes/controls.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { connectionControlDeps } from '../../shared/runtime/controls.ts';
import { type ConnectionControlDeps, removeUserRules } from '../../shared/services/connection-controls.ts';
import { originOf } from '../auth/origin.ts';
import { namedEndUser } from '../users/named-end-user.ts';

/** DELETE /users/{userCode}/connection-rules (step 25): the company's rules apply to the user again. */
export const build = (deps: ConnectionControlDeps & { http: HttpOptions }) =>
  httpHandler(removeUserConnectionRulesRoute, deps.http, async (request) => {
    const { user: admin } = request.principal;
    const target = namedEndUser(request);
    await removeUserRules(deps, admin, target, originOf(request), request.transaction);
    return {};
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(connectionControlDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
