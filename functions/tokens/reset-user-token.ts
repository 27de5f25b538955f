import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { resetUserTokenRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
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

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) => build(tokenRecoveryDeps(runtime));

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
