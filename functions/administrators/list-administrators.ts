import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listAdministratorsRoute } from '../../shared/routes/administrators.ts';
import { administratorListDeps } from '../../shared/runtime/administrators.ts';
import { type AdministratorDeps, listAdministrators } from '../../shared/services/administrators.ts';

/** GET /administrators: the company's administrators, the principal first. */
export const build = (deps: Pick<AdministratorDeps, 'administrators'> & { http: HttpOptions }) =>
  httpHandler(listAdministratorsRoute, deps.http, async (request) => ({
    body: await listAdministrators(deps, request.principal.company),
  }));

export const handler = onColdStart(() => build(administratorListDeps()));
