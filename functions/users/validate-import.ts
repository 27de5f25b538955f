import { asIssue } from '../../shared/core/problems.ts';
import { parseImportRow } from '../../shared/http/business-checks.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { validateUserImportRoute } from '../../shared/routes/users.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { judgeImport, MAX_IMPORT_ROWS, rowOf } from '../../shared/services/user-import.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';

/**
 * POST /users/imports: every row's errors of a file of users to create,
 * by row and column, in Spanish and English; no code asked, nothing written.
 */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(validateUserImportRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const judged = await judgeImport({ ...deps, parseRow: parseImportRow }, company, user, request.body);
    // The catalog's texts, loaded only when there is an error to word.
    const { fieldMessage } =
      judged.problems.length > 0 ? await import('../../shared/http/problem.ts') : { fieldMessage: undefined };
    const errors = judged.problems.map((problem) => {
      const issue = asIssue(problem);
      return {
        ...rowOf(issue.field),
        field: issue.field,
        code: issue.rule,
        message: { es: fieldMessage?.(issue, 'es') ?? '', en: fieldMessage?.(issue, 'en') ?? '' },
      };
    });
    return {
      body: {
        rows: judged.rows,
        maxRows: MAX_IMPORT_ROWS,
        toCreate: judged.toCreate.length,
        alreadyCreated: judged.alreadyCreated,
        valid: errors.length === 0,
        errors,
      },
    };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
