import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { requestTokenRoute } from '../../shared/routes/tokens.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { enrollment } from '../../shared/services/token-enrollment.ts';
import { requestToken, type TokenDeps } from '../../shared/services/tokens.ts';
import { originOf, sessionPrincipal } from '../auth/origin.ts';

/** POST /me/token ("Solicitud BOP Token", step 9): a new secret as an otpauth:// URI and QR code, shown once. */
export const build = (deps: TokenDeps & { http: HttpOptions }) =>
  httpHandler(requestTokenRoute, deps.http, async (request) => ({
    body: await requestToken(deps, sessionPrincipal(request).user, originOf(request), enrollment),
  }));

export const handler = onColdStart(() => build(tokenDeps()));
