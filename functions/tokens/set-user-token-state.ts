import { judgeTokenState } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { setUserTokenStateRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { setUserTokenState, type TokenDeps } from '../../shared/services/tokens.ts';
import { namedUser, originOf } from '../auth/origin.ts';

/** PUT /users/{userCode}/token (step 24): the administrator activates or deactivates an end user's token. */
export const build = (deps: TokenDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(setUserTokenStateRoute, { ...deps.http, alsoJudge: judgeTokenState() }, async (request) => {
    const { company, user } = request.principal;
    const target = namedUser(request);
    const body = await setUserTokenState(
      deps,
      user,
      target,
      request.path.userCode,
      request.body.state,
      originOf(request),
      request.transaction,
    );
    if (body.changed && target) {
      const kind = body.tokenState === 'ACTIVE' ? 'TOKEN_ACTIVATED' : 'TOKEN_DEACTIVATED';
      await notifyUser(deps.notifier, company, target, { kind }, request.log);
    }
    return { body };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) =>
  build({ ...tokenDeps(runtime), notifier: runtime.notifier });

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
