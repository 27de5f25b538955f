import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { listCompaniesRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { type CompanyLifecycleDeps, listCompanies } from '../../shared/services/company-lifecycle.ts';

/** GET /bank/companies: the bank's companies, a page at a time. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(listCompaniesRoute, deps.http, async (request) => ({
    body: await listCompanies(deps, request.query),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(companyLifecycleDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
