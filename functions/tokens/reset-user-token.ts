import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { resetUserTokenRoute } from '../../shared/routes/tokens.ts';
import { tokenRecoveryDeps } from '../../shared/runtime/token-recovery.ts';
import { resetUserToken, type TokenRecoveryDeps } from '../../shared/services/token-recovery.ts';
import { namedUser, originOf } from '../auth/origin.ts';

/** POST /users/{userCode}/token/reset ("Reiniciar BOP Token"): the administrator resets an end user's token. */
export const build = (deps: TokenRecoveryDeps & { http: HttpOptions }) =>
  httpHandler(resetUserTokenRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    return {
      body: await resetUserToken(
        deps,
        company,
        user,
        namedUser(request),
        request.path.userCode,
        originOf(request),
        request.transaction,
      ),
    };
  });

export const handler = onColdStart(() => build(tokenRecoveryDeps()));
