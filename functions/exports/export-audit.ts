import { fillTemplate } from '../../shared/core/template.ts';
import { tenantPlaceholders } from '../../shared/core/tenant.ts';
import { errorCatalog } from '../../shared/http/messages.ts';
import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { exportAuditRoute } from '../../shared/routes/exports.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { exportAudit } from '../../shared/services/exports.ts';
import type { UserAdminDeps } from '../../shared/services/users.ts';
import { originOf, sessionPrincipal } from '../auth/origin.ts';
import { attachment } from './attachment.ts';

/** A refusal's code (an API error code) as the problem's title says it: "Sin permiso". */
const errorTitle = (code: string, language: 'es' | 'en'): string | undefined => {
  const entry = (errorCatalog as Record<string, { es: { title: string }; en: { title: string } }>)[code];
  return entry ? fillTemplate(entry[language].title, tenantPlaceholders(undefined, language)) : undefined;
};

/** GET /exports/audit: the audit log with the same filters, as CSV, Excel or PDF. */
export const build = (deps: UserAdminDeps & { http: HttpOptions }) =>
  httpHandler(exportAuditRoute, deps.http, async (request) => {
    const { company, user } = sessionPrincipal(request);
    const { format, ...query } = request.query;
    const who = { admin: user, origin: originOf(request) };
    return attachment(await exportAudit(deps, company, format, query, request.language, who, errorTitle));
  });

export const handler = onColdStart(() => build(userAdminDeps()));
