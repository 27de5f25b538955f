import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeInitialPasswordRoute } from '../../shared/routes/auth.ts';
import { coreDeps } from '../../shared/runtime/core.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { productionNotifier } from '../../shared/runtime/mail.ts';
import { changeInitialPassword, type LoginDeps } from '../../shared/services/login.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { originOf } from './origin.ts';

/** POST /auth/password-change (steps 5–6): replace the generic or assigned password; the user is told. */
export const build = (deps: LoginDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(changeInitialPasswordRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const body = await changeInitialPassword(deps, request.principal, request.body, originOf(request));
    await notifyUser(deps.notifier, company, user, { kind: 'PASSWORD_CHANGED' }, request.log);
    return { body };
  });

export const handler = onColdStart(() =>
  build({ ...loginDeps(), notifier: productionNotifier(coreDeps().config) }),
);
