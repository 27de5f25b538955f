import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { installTokenRoute } from '../../shared/routes/tokens.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { installToken, type TokenDeps } from '../../shared/services/tokens.ts';
import { originOf, sessionPrincipal } from '../auth/origin.ts';

/** POST /me/token/installation: the app's current code proves the token works; it becomes installed. */
export const build = (deps: TokenDeps & { http: HttpOptions }) =>
  httpHandler(installTokenRoute, deps.http, async (request) => ({
    body: await installToken(deps, sessionPrincipal(request).user, request.body.otp, originOf(request)),
  }));

export const handler = onColdStart(() => build(tokenDeps()));
