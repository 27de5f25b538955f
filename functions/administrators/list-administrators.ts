import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listAdministratorsRoute } from '../../shared/routes/administrators.ts';
import { administratorListDeps } from '../../shared/runtime/administrators.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { type AdministratorDeps, listAdministrators } from '../../shared/services/administrators.ts';

/** GET /administrators: the company's administrators, the principal first. */
export const build = (deps: Pick<AdministratorDeps, 'administrators'> & { http: HttpOptions }) =>
  httpHandler(listAdministratorsRoute, deps.http, async (request) => ({
    body: await listAdministrators(deps, request.principal.company),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(administratorListDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
