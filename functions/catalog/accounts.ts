import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { companyAccountsRoute } from '../../shared/routes/catalog.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';

/** GET /company/accounts: the account list of step 13 ("Incluir / Excluir"). */
export const build = (deps: { http: HttpOptions }) =>
  httpHandler(companyAccountsRoute, deps.http, async (request) => {
    const { company } = request.principal;
    return { body: { companyCode: company.code, legalName: company.legalName, accounts: company.accounts } };
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(runtime);

export const handler = onColdStart(() => wire(sessionRuntime()));
