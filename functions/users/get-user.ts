import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getUserRoute } from '../../shared/routes/users.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { endUserOrThrow, type UserAdminDeps, userView } from '../../shared/services/users.ts';
import { namedUser } from '../auth/origin.ts';

/** GET /users/{userCode}: one end user with everything the administration screen shows. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(getUserRoute, deps.http, async (request) => {
    const target = endUserOrThrow(namedUser(request), request.path.userCode);
    const { company } = request.principal;
    return { body: userView(target, deps.lockoutThreshold, (deps.now ?? (() => new Date()))(), company) };
  });

export const handler = onColdStart(() => build(userAdminDeps()));
