import { judgeAssignedPassword } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { assignUserPasswordRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import type { LoginDeps } from '../../shared/services/login.ts';
import { type Notifier, notifyUser } from '../../shared/services/notify.ts';
import { assignUserPassword } from '../../shared/services/user-passwords.ts';
import { namedUser, originOf } from '../auth/origin.ts';

/** PUT /users/{userCode}/password ("Asignar Clave", steps 15–18): the administrator sets an end user's password. */
export const build = (deps: LoginDeps & { http: HttpOptions; notifier?: Notifier }) =>
  httpHandler(
    assignUserPasswordRoute,
    { ...deps.http, alsoJudge: judgeAssignedPassword(deps.policy) },
    async (request) => {
      const { company, user: admin } = request.principal;
      const target = namedUser(request);
      const body = await assignUserPassword(
        deps,
        admin,
        target,
        request.path.userCode,
        request.body,
        originOf(request),
        request.transaction,
      );
      // Never the password itself: only that one was assigned.
      if (target)
        await notifyUser(deps.notifier, company, target, { kind: 'PASSWORD_ASSIGNED' }, request.log);
      return { body };
    },
  );

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) =>
  build({ ...loginDeps(runtime), notifier: runtime.notifier });

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
