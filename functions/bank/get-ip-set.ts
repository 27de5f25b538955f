import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { getBankIpSetRoute } from '../../shared/routes/bank-ip-sets.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { bankIpSetDeps } from '../../shared/runtime/ip-sets.ts';
import { type BankIpSetDeps, getBankIpSet } from '../../shared/services/bank-ip-sets.ts';

/** GET /bank/ip-sets/{ipSet}: the bank-wide blocked or allowed addresses that the WAF enforces. */
export const build = (deps: BankIpSetDeps & { http: HttpOptions }) =>
  httpHandler(getBankIpSetRoute, deps.http, async (request) => ({
    body: await getBankIpSet(deps, request.path.ipSet),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime) => build(bankIpSetDeps(runtime));

export const handler = onColdStart(() => wire(coreRuntime()));
