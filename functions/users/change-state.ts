import { judgeStateChange } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeUserStateRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { changeUserState, type UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';
import { namedEndUser } from './named-end-user.ts';

/** PUT /users/{userCode}/state ("Cambiar Estado", steps 19–23). */
export const build = (deps: UserAdminDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(changeUserStateRoute, { ...deps.http, alsoJudge: judgeStateChange() }, async (request) => {
    const { company, user: admin } = request.principal;
    const target = namedEndUser(request);
    const body = await changeUserState(
      deps,
      admin,
      target,
      request.body,
      originOf(request),
      request.transaction,
    );
    await notifyUser(
      deps.notifier,
      company,
      target,
      { kind: 'STATE_CHANGED', state: request.body.state },
      request.log,
    );
    return { body };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) =>
  build({ ...userAdminDeps(runtime), notifier: runtime.notifier });

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
