import type { CompanyStore } from '../data/companies.ts';
import { dynamoTokenStore } from '../data/token-store.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { TokenRecoveryDeps } from '../services/token-recovery.ts';
import { baseDeps } from './base.ts';
import { coreDeps } from './core.ts';
import { productionNotifier } from './mail.ts';

/** Dependencies of the administrator's "Reiniciar BOP Token" (a session route), from the environment. */
export function tokenRecoveryDeps(): TokenRecoveryDeps & { http: HttpOptions } {
  const { config, doc, http } = baseDeps();
  return { tokens: dynamoTokenStore(doc, config.TABLE_NAME), notifier: productionNotifier(config), http };
}

/** Dependencies of the bank's reset of the administrator's token (IAM-authorized: no sessions). */
export function bankTokenRecoveryDeps(): TokenRecoveryDeps & {
  companies: Pick<CompanyStore, 'getCompany' | 'getUser'>;
  http: HttpOptions;
} {
  const { config, doc, store, http } = coreDeps();
  return {
    tokens: dynamoTokenStore(doc, config.TABLE_NAME),
    companies: store,
    notifier: productionNotifier(config),
    http,
  };
}
