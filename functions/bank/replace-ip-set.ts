import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { replaceBankIpSetRoute } from '../../shared/routes/bank-ip-sets.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { bankIpSetDeps } from '../../shared/runtime/ip-sets.ts';
import { type BankIpSetDeps, replaceBankIpSet } from '../../shared/services/bank-ip-sets.ts';
import { bankOrigin } from './origin.ts';

/** PUT /bank/ip-sets/{ipSet}: replaces the bank-wide blocked or allowed addresses (the WAF's IP sets). */
export const build = (deps: BankIpSetDeps & { http: HttpOptions }) =>
  httpHandler(replaceBankIpSetRoute, deps.http, async (request) => ({
    body: await replaceBankIpSet(deps, request.path.ipSet, request.body, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(bankIpSetDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
