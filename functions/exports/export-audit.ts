import { fillTemplate } from '../../shared/core/template.ts';
import { tenantPlaceholders } from '../../shared/core/tenant.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { exportAuditRoute } from '../../shared/routes/exports.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { exportAudit } from '../../shared/services/exports.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';
import { originOf } from '../auth/origin.ts';
import { attachment } from './attachment.ts';

type Titles = Record<string, { es: { title: string }; en: { title: string } }>;

/**
 * A refused request's code (an API error code) as its problem's title says it ("Sin permiso").
 * The error catalog is loaded with the export, not at cold start (test/bench/bundle-budget.test.ts).
 */
async function errorTitles(): Promise<(code: string, language: 'es' | 'en') => string | undefined> {
  const catalog = (await import('../../shared/http/messages.ts')).errorCatalog as Titles;
  return (code, language) => {
    const entry = catalog[code];
    return entry ? fillTemplate(entry[language].title, tenantPlaceholders(undefined, language)) : undefined;
  };
}

/** GET /exports/audit: the audit log with the same filters, as CSV, Excel or PDF. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(exportAuditRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    const { format, ...query } = request.query;
    const who = { admin: user, origin: originOf(request) };
    const titles = await errorTitles();
    return attachment(await exportAudit(deps, company, format, query, request.language, who, titles));
  });

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime) => build(userAdminDeps(runtime));

export const handler = onColdStart(() => wire(sessionRuntime()));
