import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { logoutRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { type LoginDeps, logout } from '../../shared/services/login.ts';
import { originOf } from './origin.ts';

/** POST /auth/logout: ends the caller's session. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(logoutRoute, deps.http, async (request) => {
    const { user, sessionId } = request.principal;
    await logout(deps, user, sessionId, originOf(request));
    return {};
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(loginDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
