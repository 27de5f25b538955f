import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listUsersRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { listUsers, type UserAdminDeps } from '../../shared/services/users.ts';

/** GET /users (steps 16, 20, 23): "Mostrar 10 registros", "Filtrar", Anterior / Siguiente. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(listUsersRoute, deps.http, async (request) => ({
    body: await listUsers(deps, request.principal.company.code, request.query),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
