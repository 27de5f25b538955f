import type { HttpOptions } from '../../shared/http/middleware.ts';
import { httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { onboardCompanyRoute } from '../../shared/routes/bank.ts';
import { type CoreRuntime, coreRuntime } from '../../shared/runtime/core.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
import { onboardingDeps } from '../../shared/runtime/onboarding.ts';
import { type OnboardingDeps, onboardCompany } from '../../shared/services/onboarding.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies: the bank back office onboards a company and its administrator. */
export const build = (deps: OnboardingDeps & { http: HttpOptions }) =>
  httpHandler(onboardCompanyRoute, deps.http, async (request) => ({
    body: await onboardCompany(deps, request.body, bankOrigin(request)),
  }));

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: CoreRuntime & Mailing) =>
  build(withIdempotentRequests(runtime, onboardingDeps(runtime)));

export const handler = onColdStart(() => wire(withMail(coreRuntime())));
