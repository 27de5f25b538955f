import { dynamoCompanyStore } from '../data/companies.ts';
import { dynamoCompanyAdminStore } from '../data/company-admin.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { CompanyLifecycleDeps } from '../services/company-lifecycle.ts';
import { type CoreRuntime, clockOf } from './core.ts';
import type { Mailing } from './mailing.ts';

/** Sends nothing: the bank's company routes that tell nobody. */
const silent = { notify: async () => false };

/**
 * Dependencies of the bank's company routes (IAM-authorized: no sessions). Only the routes
 * that send e-mail build on a runtime with mail (so SES stays out of the other bundles).
 */
export function companyLifecycleDeps(
  runtime: CoreRuntime & Partial<Mailing>,
): CompanyLifecycleDeps & { http: HttpOptions } {
  const { config, doc, http } = runtime;
  return {
    store: dynamoCompanyStore(doc, config.TABLE_NAME),
    admin: dynamoCompanyAdminStore(doc, config.TABLE_NAME),
    notifier: runtime.notifier ?? silent,
    http,
    ...clockOf(runtime),
  };
}
