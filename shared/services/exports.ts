import type { Actor } from '../core/actor.ts';
import { auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import { tenantPlaceholders } from '../core/tenant.ts';
import {
  type AuditWordsContext,
  auditActionText,
  auditChangeLines,
  auditOutcomeText,
} from '../domain/audit-labels.ts';
import type { Company, User } from '../domain/model.ts';
import { userStateLabels } from '../domain/model.ts';
import { optionGroups } from '../domain/options-catalog.ts';
import { formatAmount } from '../export/format.ts';
import type { ExportColumn, ExportDocument, ExportFormat } from '../export/index.ts';
import { renderExport } from '../export/index.ts';
import { listAudit } from './audit.ts';
import { tenantOptionGroups } from './option-labels.ts';
import { filteredUsers, type UserAdminDeps } from './users.ts';

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
  { key: 'at', header: { es: 'Fecha y hora', en: 'Date and time' }, width: 16, kind: 'datetime' },
  { key: 'actor', header: { es: 'Realizado por', en: 'Done by' }, width: 16 },
  { key: 'action', header: { es: 'Acción', en: 'Action' }, width: 26 },
  { key: 'target', header: { es: 'Usuario afectado', en: 'Affected user' }, width: 12 },
  { key: 'sourceIp', header: { es: 'IP de origen', en: 'Source IP' }, width: 14 },
  { key: 'outcome', header: { es: 'Resultado', en: 'Outcome' }, width: 22, wrap: true },
  {
    key: 'changes',
    header: { es: 'Cambios (antes → después)', en: 'Changes (before → after)' },
    width: 50,
    wrap: true,
  },
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

/** The audit log's words in a language, with the bank's token name, amounts and option names. */
function auditWords(
  language: Language,
  outcomeText?: (code: string, language: Language) => string | undefined,
): AuditWordsContext {
  const options = new Map(
    tenantOptionGroups(optionGroups).flatMap((g) => g.options.map((o) => [o.id, o.label[language]] as const)),
  );
  return {
    lang: language,
    params: tenantPlaceholders(undefined, language),
    amount: (value) => formatAmount(Number(value), language),
    optionLabel: (id) => options.get(id),
    ...(outcomeText ? { otherCode: (code: string) => outcomeText(code, language) } : {}),
  };
}

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
  const now = nowOf(deps);
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
  outcomeText?: (code: string, language: Language) => string | undefined,
) {
  const rows: ExportDocument['rows'] = [];
  const words = auditWords(language, outcomeText);
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
        action: auditActionText(item.action, words),
        target: item.target ?? '',
        sourceIp: item.sourceIp,
        outcome: auditOutcomeText(item.outcome, item.count, words),
        changes: auditChangeLines(item.changes, words).join('\n'),
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
  const now = nowOf(deps);
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
