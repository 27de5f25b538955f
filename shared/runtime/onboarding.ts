import { tenant } from '../core/tenant.ts';
import { dynamoCompanyStore } from '../data/companies.ts';
import { dynamoCredentialStore } from '../data/credentials.ts';
import { passwordPolicy } from '../domain/password-policy.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { OnboardingDeps } from '../services/onboarding.ts';
import { type CoreRuntime, replacedBy } from './core.ts';
import type { Mailing } from './mailing.ts';

/** Dependencies of the bank's onboarding routes (IAM-authorized: no sessions). */
export function onboardingDeps(runtime: CoreRuntime & Mailing): OnboardingDeps & { http: HttpOptions } {
  const { config, doc, http, mailer, notifier } = runtime;
  return {
    store: dynamoCompanyStore(doc, config.TABLE_NAME),
    credentials: dynamoCredentialStore(doc, config.TABLE_NAME),
    http,
    mailer,
    notifier,
    policy: passwordPolicy(config.PASSWORD_PROFILE),
    bankName: tenant().name,
    genericPasswordTtlHours: config.GENERIC_PASSWORD_TTL_HOURS,
    ...replacedBy(runtime),
  };
}
