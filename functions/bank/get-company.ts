import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getCompanyRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { type CompanyLifecycleDeps, getCompany } from '../../shared/services/company-lifecycle.ts';

/** GET /bank/companies/{companyCode}: one company as the bank sees it. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(getCompanyRoute, deps.http, async (request) => ({
    body: await getCompany(deps, request.path.companyCode),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(companyLifecycleDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
