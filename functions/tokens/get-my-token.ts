import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getMyTokenRoute } from '../../shared/routes/tokens.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { myToken } from '../../shared/services/tokens.ts';

/** GET /me/token: the state of the caller's BOP Token ("Sigue el paso a paso hasta que tu token se encuentre instalado"). */
export const build = (deps: { http: HttpOptions; lockoutThreshold: number }) =>
  httpHandler(getMyTokenRoute, deps.http, async (request) => ({
    body: myToken(request.principal.user, deps.lockoutThreshold),
  }));

export const handler = onColdStart(() => build(tokenDeps()));
