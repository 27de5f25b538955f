import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { createUserRoute } from '../../shared/routes/users.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { createUser, type UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';

/** POST /users (steps 10–13): create an end user, Pendiente, without a password. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(createUserRoute, deps.http, async (request) => {
    const { company, user: admin } = request.principal;
    return {
      body: await createUser(deps, company, admin, request.body, originOf(request), request.transaction),
    };
  });

export const handler = onColdStart(() => build(withIdempotentRequests(userAdminDeps())));
