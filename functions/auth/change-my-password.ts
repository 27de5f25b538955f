import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeMyPasswordRoute } from '../../shared/routes/auth.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { changeMyPassword, type LoginDeps } from '../../shared/services/login.ts';
import { originOf, sessionPrincipal } from './origin.ts';

/** POST /me/password ("Cambio de Clave"): change my password; the session ends with it. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(changeMyPasswordRoute, deps.http, async (request) => ({
    body: await changeMyPassword(deps, sessionPrincipal(request).user, request.body, originOf(request)),
  }));

export const handler = onColdStart(() => build(loginDeps()));
