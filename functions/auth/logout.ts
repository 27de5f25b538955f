import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { logoutRoute } from '../../shared/routes/auth.ts';
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

export const handler = onColdStart(() => build(loginDeps()));
