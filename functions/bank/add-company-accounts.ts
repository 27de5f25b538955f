import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { addCompanyAccountsRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { addAccounts, type CompanyLifecycleDeps } from '../../shared/services/company-lifecycle.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/accounts: the bank adds accounts. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(addCompanyAccountsRoute, deps.http, async (request) => ({
    body: await addAccounts(deps, request.path.companyCode, request.body.accounts, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(companyLifecycleDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
