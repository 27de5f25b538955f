import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { cancelTokenRoute } from '../../shared/routes/tokens.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { cancelToken, type TokenDeps } from '../../shared/services/tokens.ts';
import { originOf, sessionPrincipal } from '../auth/origin.ts';

/** POST /me/token/cancellation ("Cancelar BOP Token"): the owner cancels their token with a current code. */
export const build = (deps: TokenDeps & { http: HttpOptions }) =>
  httpHandler(cancelTokenRoute, deps.http, async (request) => ({
    body: await cancelToken(deps, sessionPrincipal(request).user, request.body.otp, originOf(request)),
  }));

export const handler = onColdStart(() => build(tokenDeps()));
