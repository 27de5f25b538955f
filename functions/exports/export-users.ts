import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { exportUsersRoute } from '../../shared/routes/exports.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { exportUsers } from '../../shared/services/exports.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';
import { attachment } from './attachment.ts';

/**
 * GET /exports/users ("Imprimir", "Excel", "PDF"): the user list with the same filter.
 * Its own function, so the Excel and PDF libraries weigh on no other cold start.
 */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(exportUsersRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const file = await exportUsers(
      deps,
      company,
      request.query.format,
      request.query.filter,
      request.language,
      {
        admin: user,
        origin: originOf(request),
      },
    );
    return attachment(file);
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
