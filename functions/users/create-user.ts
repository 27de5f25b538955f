import { judgeCreateUser } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { createUserRoute } from '../../shared/routes/users.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { passwordAssignmentDeps, userAdminDeps } from '../../shared/runtime/users.ts';
import { createUser, type UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';

/**
 * POST /users (steps 10–13): create an end user, Pendiente, without a password; or
 * with an assigned password and Activo, in the same confirmed request.
 */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(createUserRoute, { ...deps.http, alsoJudge: judgeCreateUser(deps) }, async (request) => {
    const { company, user: admin } = request.principal;
    return {
      body: await createUser(deps, company, admin, request.body, originOf(request), request.transaction),
    };
  });

export const handler = onColdStart(() =>
  build(withIdempotentRequests({ ...userAdminDeps(), passwords: passwordAssignmentDeps() })),
);
