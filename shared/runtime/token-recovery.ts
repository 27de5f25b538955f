import { type CompanyStore, dynamoCompanyStore } from '../data/companies.ts';
import { dynamoTokenStore } from '../data/token-store.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { TokenRecoveryDeps } from '../services/token-recovery.ts';
import { type CoreRuntime, clockOf } from './core.ts';
import type { Mailing } from './mailing.ts';

/**
 * Dependencies of a token reset: the administrator's "Reiniciar BOP Token" (a session route) and
 * the bank's reset of an administrator's token (IAM-authorized), which also reads the company.
 */
export function tokenRecoveryDeps(runtime: CoreRuntime & Mailing): TokenRecoveryDeps & {
  companies: Pick<CompanyStore, 'getCompany' | 'getUser'>;
  http: HttpOptions;
} {
  const { config, doc, http, notifier } = runtime;
  return {
    tokens: dynamoTokenStore(doc, config.TABLE_NAME),
    companies: dynamoCompanyStore(doc, config.TABLE_NAME),
    notifier,
    http,
    ...clockOf(runtime),
  };
}
