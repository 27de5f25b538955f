import type { Actor } from '../core/actor.ts';
import { auditEntry } from '../core/audit.ts';
import { AppError } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import type { Company, User } from '../domain/model.ts';
import { userStateLabels } from '../domain/model.ts';
import type { ExportColumn, ExportDocument, ExportFormat } from '../export/index.ts';
import { renderExport } from '../export/index.ts';
import { filteredUsers, listAudit, type UserAdminDeps } from './users.ts';

/**
 * Most rows one export carries (the user list and the audit log alike). A larger export is
 * refused with EXPORT_TOO_LARGE, never cut short: the filter narrows it. Chosen so the slowest
 * format, the PDF, renders well within API Gateway's 29 s and the base64 answer stays far below
 * Lambda's 6 MB (measured in docs/performance.md, "Exports").
 */
export const MAX_EXPORT_ROWS = 5_000;

const tooLarge = () => new AppError('EXPORT_TOO_LARGE', { limit: MAX_EXPORT_ROWS });

/** The user list's columns, as on the screens of steps 16, 20 and 23. */
const userColumns: ExportColumn[] = [
  { key: 'userCode', header: { es: 'Código de usuario', en: 'User code' }, width: 18 },
  { key: 'firstName', header: { es: 'Nombre', en: 'First name' }, width: 22 },
  { key: 'lastName', header: { es: 'Apellido', en: 'Last name' }, width: 22 },
  { key: 'createdBy', header: { es: 'Ingresado por', en: 'Entered by' }, width: 16 },
  { key: 'createdAt', header: { es: 'Fecha (MM/DD/AA)', en: 'Date (MM/DD/YY)' }, width: 14, kind: 'date' },
  { key: 'state', header: { es: 'Estado', en: 'State' }, width: 16 },
];

const auditColumns: ExportColumn[] = [
  { key: 'at', header: { es: 'Fecha y hora', en: 'Date and time' }, width: 18, kind: 'datetime' },
  { key: 'actor', header: { es: 'Usuario', en: 'User' }, width: 14 },
  { key: 'action', header: { es: 'Acción', en: 'Action' }, width: 30 },
  { key: 'target', header: { es: 'Usuario afectado', en: 'Affected user' }, width: 14 },
  { key: 'sourceIp', header: { es: 'IP', en: 'IP' }, width: 18 },
  { key: 'detail', header: { es: 'Detalle', en: 'Detail' }, width: 60 },
];

const document = (
  company: Company,
  language: Language,
  title: ExportDocument['title'],
  columns: ExportColumn[],
  rows: ExportDocument['rows'],
  filter: string | undefined,
  now: Date,
): ExportDocument => ({
  title,
  companyCode: company.code,
  companyName: company.legalName,
  generatedAt: now,
  ...(filter ? { filter } : {}),
  language,
  columns,
  rows,
});

/** Who exported what (the list, the format, the filter, how many rows): audited before the file is served. */
async function auditExport(
  deps: UserAdminDeps,
  admin: User,
  origin: Actor,
  action: 'USERS_EXPORTED' | 'AUDIT_EXPORTED',
  format: ExportFormat,
  filter: Record<string, string | undefined>,
  rows: number,
  now: Date,
) {
  const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
  await deps.users.audit(
    auditEntry(origin, now, {
      companyCode: admin.companyCode,
      actor: admin.userCode,
      action,
      outcome: format.toUpperCase(),
      changes: { filter: { after: given }, rows: { after: rows } },
    }),
  );
}

/** The user list with the on-screen filter, as CSV, Excel or PDF; the export is audited. */
export async function exportUsers(
  deps: UserAdminDeps,
  company: Company,
  format: ExportFormat,
  filter: string | undefined,
  language: Language,
  who: { admin: User; origin: Actor },
) {
  const users = await filteredUsers(deps, company.code, filter);
  if (users.length > MAX_EXPORT_ROWS) throw tooLarge();
  const rows = users.map((row) => ({
    userCode: row.userCode,
    firstName: row.firstName,
    lastName: row.lastName,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    state: userStateLabels[row.state][language],
  }));
  const now = (deps.now ?? (() => new Date()))();
  const file = await renderExport(
    format,
    document(company, language, { es: 'Usuarios', en: 'Users' }, userColumns, rows, filter, now),
  );
  await auditExport(deps, who.admin, who.origin, 'USERS_EXPORTED', format, { filter }, rows.length, now);
  return file;
}

/** The audit log with the on-screen filters, newest first, as CSV, Excel or PDF; the export is audited. */
export async function exportAudit(
  deps: UserAdminDeps,
  company: Company,
  format: ExportFormat,
  query: { user?: string; from?: string; to?: string },
  language: Language,
  who: { admin: User; origin: Actor },
) {
  const rows: ExportDocument['rows'] = [];
  let cursor: string | undefined;
  do {
    const page = await listAudit(deps, company.code, {
      ...query,
      pageSize: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of page.items) {
      rows.push({
        at: item.at,
        actor: item.actorName ? `${item.actor} (${item.actorName})` : item.actor,
        action: item.action,
        target: item.target ?? '',
        sourceIp: item.sourceIp,
        detail: [
          item.outcome,
          item.count && item.count > 1 ? `×${item.count}` : undefined,
          item.changes ? JSON.stringify(item.changes) : undefined,
        ]
          .filter(Boolean)
          .join(' '),
      });
    }
    cursor = page.page.nextCursor;
    if (rows.length > MAX_EXPORT_ROWS) throw tooLarge();
  } while (cursor);
  const filter = [
    query.user && `${language === 'es' ? 'Usuario' : 'User'} ${query.user}`,
    query.from,
    query.to,
  ]
    .filter(Boolean)
    .join(' · ');
  const now = (deps.now ?? (() => new Date()))();
  const file = await renderExport(
    format,
    document(
      company,
      language,
      { es: 'Bitácora de auditoría', en: 'Audit log' },
      auditColumns,
      rows,
      filter || undefined,
      now,
    ),
  );
  await auditExport(deps, who.admin, who.origin, 'AUDIT_EXPORTED', format, query, rows.length, now);
  return file;
}
