import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { requestTokenRoute } from '../../shared/routes/tokens.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { tokenDeps } from '../../shared/runtime/tokens.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { enrollment } from '../../shared/services/token-enrollment.ts';
import { requestToken, type TokenDeps } from '../../shared/services/tokens.ts';
import { originOf } from '../auth/origin.ts';

/** POST /me/token ("Solicitud BOP Token", step 9): a new secret as an otpauth:// URI and QR code, shown once. */
export const build = (deps: TokenDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(requestTokenRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const body = await requestToken(deps, user, originOf(request), enrollment);
    await notifyUser(deps.notifier, company, user, { kind: 'TOKEN_REQUESTED' }, request.log);
    return { body };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) =>
  build({ ...tokenDeps(runtime), notifier: runtime.notifier });

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
