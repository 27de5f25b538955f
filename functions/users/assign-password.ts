import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { assignUserPasswordRoute } from '../../shared/routes/users.ts';
import { loginDeps } from '../../shared/runtime/login.ts';
import { assignUserPassword, type LoginDeps } from '../../shared/services/login.ts';
import { namedUser, originOf, sessionPrincipal } from '../auth/origin.ts';

/** PUT /users/{userCode}/password ("Asignar Clave", steps 15–18): the administrator sets an end user's password. */
export const build = (deps: LoginDeps & { http: HttpOptions }) =>
  httpHandler(assignUserPasswordRoute, deps.http, async (request) => {
    const { user: admin } = sessionPrincipal(request);
    const target = namedUser(request);
    return {
      body: await assignUserPassword(
        deps,
        admin,
        target,
        request.path.userCode,
        request.body,
        originOf(request),
      ),
    };
  });

export const handler = onColdStart(() => build(loginDeps()));
