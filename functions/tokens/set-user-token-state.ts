import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { setUserTokenStateRoute } from '../../shared/routes/tokens.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { setUserTokenState, type TokenDeps } from '../../shared/services/tokens.ts';
import { namedUser, originOf, sessionPrincipal } from '../auth/origin.ts';

/** PUT /users/{userCode}/token (step 24): the administrator activates or deactivates an end user's token. */
export const build = (deps: TokenDeps & { http: HttpOptions }) =>
  httpHandler(setUserTokenStateRoute, deps.http, async (request) => ({
    body: await setUserTokenState(
      deps,
      sessionPrincipal(request).user,
      namedUser(request),
      request.path.userCode,
      request.body.state,
      originOf(request),
    ),
  }));

export const handler = onColdStart(() => build(tokenDeps()));
