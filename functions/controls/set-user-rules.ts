import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { setUserConnectionRulesRoute } from '../../shared/routes/controls.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { connectionControlDeps } from '../../shared/runtime/controls.ts';
import { type ConnectionControlDeps, setUserRules } from '../../shared/services/connection-controls.ts';
import { originOf } from '../auth/origin.ts';
import { namedEndUser } from '../users/named-end-user.ts';

/** PUT /users/{userCode}/connection-rules (step 25): one end user's own rules, replacing the company's. */
export const build = (deps: ConnectionControlDeps & { http: HttpOptions }) =>
  httpHandler(setUserConnectionRulesRoute, deps.http, async (request) => {
    const { company, user: admin } = request.principal;
    const target = namedEndUser(request);
    return {
      body: await setUserRules(
        deps,
        company,
        admin,
        target,
        request.body,
        originOf(request),
        request.transaction,
      ),
    };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(connectionControlDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
