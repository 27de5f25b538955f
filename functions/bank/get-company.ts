import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getCompanyRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';

import { type CompanyLifecycleDeps, getCompany } from '../../shared/services/company-lifecycle.ts';

/** GET /bank/companies/{companyCode}: one company as the bank sees it. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(getCompanyRoute, deps.http, async (request) => ({
    body: await getCompany(deps, request.path.companyCode),
  }));

export const handler = onColdStart(() => build(companyLifecycleDeps()));
