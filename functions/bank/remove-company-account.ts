import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { removeCompanyAccountRoute } from '../../shared/routes/bank.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { type CompanyLifecycleDeps, removeAccount } from '../../shared/services/company-lifecycle.ts';
import { bankOrigin } from './origin.ts';

/** DELETE /bank/companies/{companyCode}/accounts/{accountNumber}: out of the company and every grant. */
export const build = (deps: CompanyLifecycleDeps & { http: HttpOptions }) =>
  httpHandler(removeCompanyAccountRoute, deps.http, async (request) => ({
    body: await removeAccount(
      deps,
      request.path.companyCode,
      request.path.accountNumber,
      bankOrigin(request),
    ),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(companyLifecycleDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
