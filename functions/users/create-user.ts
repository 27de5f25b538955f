import { judgeCreateUser } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { createUserRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
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

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) =>
  build(
    withIdempotentRequests(runtime, {
      ...userAdminDeps(runtime),
      passwords: passwordAssignmentDeps(runtime),
    }),
  );

export const handler = onColdStart(() => wire(sessionRuntime()));
