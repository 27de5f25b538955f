import { validationError } from '../core/errors.ts';
import { tenant } from '../core/tenant.ts';
import { dayEnd, dayStart } from '../domain/bank-calendar.ts';
import { readCursor, signCursor } from '../domain/cursor.ts';
import { BANK_ACTOR } from '../domain/model.ts';
import type { UserAdminDeps } from './users.ts';

/** What the audit log needs: the audit store (beside the users') and the cursor key. */
export type AuditLogDeps = Pick<UserAdminDeps, 'users' | 'cursorKey'>;

/** The audit log, newest first, by user and date range (the bank's calendar days), paginated. */
export async function listAudit(
  deps: AuditLogDeps,
  companyCode: string,
  query: { user?: string; from?: string; to?: string; pageSize: number; cursor?: string },
) {
  if (query.from && query.to && query.from > query.to) {
    throw validationError([{ field: 'query.to', rule: 'too_small', params: { minimum: query.from } }]);
  }
  const key = await deps.cursorKey();
  const scope = `${companyCode}|audit|${query.user ?? ''}|${query.from ?? ''}|${query.to ?? ''}`;
  let startKey: Record<string, unknown> | undefined;
  if (query.cursor) {
    startKey = readCursor<Record<string, unknown>>(key, scope, query.cursor);
    if (!startKey || typeof startKey !== 'object')
      throw validationError([{ field: 'query.cursor', rule: 'invalid_cursor' }]);
  }
  const page = await deps.users.listAudit(companyCode, {
    user: query.user,
    from: query.from ? dayStart(query.from).toISOString() : undefined,
    to: query.to ? dayEnd(query.to).toISOString() : undefined,
    limit: query.pageSize,
    startKey,
  });
  return {
    items: page.items.map((entry) => ({
      at: entry.at,
      actor: entry.actor,
      // The bank back office's entries name the bank (the tenant's name) beside its code.
      ...(entry.actor === BANK_ACTOR ? { actorName: tenant().name } : {}),
      action: entry.action,
      ...(entry.target ? { target: entry.target } : {}),
      sourceIp: entry.sourceIp,
      ...(entry.outcome ? { outcome: entry.outcome } : {}),
      ...(entry.count ? { count: entry.count } : {}),
      ...(entry.changes ? { changes: entry.changes } : {}),
    })),
    page: {
      size: query.pageSize,
      ...(page.lastKey ? { nextCursor: signCursor(key, scope, page.lastKey) } : {}),
    },
  };
}
