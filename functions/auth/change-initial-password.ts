import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeInitialPasswordRoute } from '../../shared/routes/auth.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { changeInitialPassword, type LoginDeps } from '../../shared/services/login.ts';
import { challengePrincipal, originOf } from './origin.ts';

/** POST /auth/password-change (steps 5–6): replace the generic or assigned password. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(changeInitialPasswordRoute, deps.http, async (request) => ({
    body: await changeInitialPassword(deps, challengePrincipal(request), request.body, originOf(request)),
  }));

export const handler = onColdStart(() => build(loginDeps()));
