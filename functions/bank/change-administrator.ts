import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { changeAdministratorRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { type CompanyLifecycleDeps, changeAdministrator } from '../../shared/services/company-lifecycle.ts';
import { bankOrigin } from './origin.ts';

/** PATCH /bank/companies/{companyCode}/administrator: the administrator's name or e-mail. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(changeAdministratorRoute, deps.http, async (request) => ({
    body: await changeAdministrator(deps, request.path.companyCode, request.body, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(companyLifecycleDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
