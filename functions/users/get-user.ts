import { nowOf } from '../../shared/core/clock.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getUserRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { type UserAdminDeps, userView } from '../../shared/services/users.ts';
import { namedEndUser } from './named-end-user.ts';

/** GET /users/{userCode}: one end user with everything the administration screen shows. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(getUserRoute, deps.http, async (request) => {
    const target = namedEndUser(request);
    const { company } = request.principal;
    return { body: userView(target, deps.lockoutThreshold, nowOf(deps), company) };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
