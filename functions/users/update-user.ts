import { judgeUpdateUser } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { updateUserRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { type UserAdminDeps, updateUser } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';
import { namedEndUser } from './named-end-user.ts';

/** PATCH /users/{userCode} ("TEN EN CUENTA"): modify an end user's data, with the version read. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(updateUserRoute, { ...deps.http, alsoJudge: judgeUpdateUser() }, async (request) => {
    const { company, user: admin } = request.principal;
    const target = namedEndUser(request);
    return {
      body: await updateUser(
        deps,
        company,
        admin,
        target,
        request.body,
        originOf(request),
        request.transaction,
      ),
    };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
