import { parseImportRow } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { importUsersRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { importUsers } from '../../shared/services/user-import.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';

/**
 * PUT /users/imports: creates every user of a CSV or Excel file under one code, or
 * nothing if any row has a problem (each listed by row and column); idempotent, and a retry of the
 * same file after a partial failure skips the users already created.
 */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(importUsersRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    return {
      body: await importUsers(
        { ...deps, parseRow: parseImportRow },
        company,
        user,
        request.body,
        originOf(request),
        request.transaction,
      ),
    };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) =>
  build(withIdempotentRequests(runtime, userAdminDeps(runtime)));

export const handler = onColdStart(() => wire(sessionRuntime()));
