import { dynamoCompanyAdminStore } from '../data/company-admin.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { CompanyLifecycleDeps } from '../services/company-lifecycle.ts';
import type { Notifier } from '../services/notify.ts';
import { coreDeps } from './core.ts';

/**
 * Dependencies of the bank's company routes (IAM-authorized: no sessions), from the environment.
 * Only the routes that send e-mail pass `notifier` (so SES stays out of the other bundles).
 */
export function companyLifecycleDeps(
  notifier: (config: ReturnType<typeof coreDeps>['config']) => Notifier = () => ({
    notify: async () => false,
  }),
): CompanyLifecycleDeps & { http: HttpOptions } {
  const { config, doc, store, http } = coreDeps();
  return {
    store,
    admin: dynamoCompanyAdminStore(doc, config.TABLE_NAME),
    notifier: notifier(config),
    http,
  };
}
