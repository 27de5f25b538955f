import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeUserStateRoute } from '../../shared/routes/users.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { changeUserState, endUserOrThrow, type UserAdminDeps } from '../../shared/services/users.ts';
import { namedUser, originOf, sessionPrincipal } from '../auth/origin.ts';

/** PUT /users/{userCode}/state ("Cambiar Estado", steps 19–23). */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(changeUserStateRoute, deps.http, async (request) => {
    const { user: admin } = sessionPrincipal(request);
    const target = endUserOrThrow(namedUser(request), request.path.userCode);
    return { body: await changeUserState(deps, admin, target, request.body, originOf(request)) };
  });

export const handler = onColdStart(() => build(userAdminDeps()));
