import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeMyPasswordRoute } from '../../shared/routes/auth.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { changeMyPassword, type LoginDeps } from '../../shared/services/login.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { originOf } from './origin.ts';

/** POST /me/password ("Cambio de Clave"): change my password; the session ends with it. */
export const build = (deps: LoginDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(changeMyPasswordRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const body = await changeMyPassword(deps, user, request.body, originOf(request));
    await notifyUser(deps.notifier, company, user, { kind: 'PASSWORD_CHANGED' }, request.log);
    return { body };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) =>
  build({ ...loginDeps(runtime), notifier: runtime.notifier });

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
