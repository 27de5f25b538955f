import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/core/actor.ts';
import type { AuditEntry } from '../../../shared/core/audit.ts';
import { AppError } from '../../../shared/core/errors.ts';
import { createLogger } from '../../../shared/core/logger.ts';
import type { UserStore, UserSummary } from '../../../shared/data/users.ts';
import type { Company, User } from '../../../shared/domain/model.ts';
import { problemBody } from '../../../shared/http/problem.ts';
import { exportAudit, exportUsers, MAX_EXPORT_ROWS } from '../../../shared/services/exports.ts';

/**
 * Issue 19 §2, "Large exports": an export of more than MAX_EXPORT_ROWS rows is refused with a
 * clear, bilingual 4xx (never cut short, never a 6 MB+ answer or a gateway timeout); a filter
 * that narrows it below the limit exports.
 */
const company = { code: 'BIG', legalName: 'Grande, S.A.' } as Company;
const summary = (i: number): UserSummary => ({
  userCode: `U${String(i).padStart(6, '0')}`,
  firstName: i % 2 ? 'MARIA' : 'JUAN',
  lastName: 'PEREZ',
  createdBy: 'ADMON',
  createdAt: '2026-11-26T14:00:00.000Z',
  state: 'ACTIVE',
  role: 'user',
  locked: false,
  tokenState: 'NONE',
});
const entry = (i: number): AuditEntry => ({
  companyCode: 'BIG',
  actor: 'ADMON',
  action: 'USER_UPDATED',
  target: `U${i}`,
  sourceIp: '203.0.113.10',
  correlationId: `c-${i}`,
  at: new Date(Date.UTC(2026, 10, 26) - i * 1000).toISOString(),
});

/** A store with `users` end users and `entries` audit entries, served 100 per page. */
function deps(users: number, entries: number) {
  const audited: AuditEntry[] = [];
  const store = {
    audit: async (entry: AuditEntry) => {
      audited.push(entry);
    },
    listSummaries: async () => Array.from({ length: users }, (_, i) => summary(i)),
    listAudit: async (_company: string, options: { limit: number; startKey?: Record<string, unknown> }) => {
      const from = Number(options.startKey?.offset ?? 0);
      const to = Math.min(entries, from + options.limit);
      return {
        items: Array.from({ length: to - from }, (_, i) => entry(from + i)),
        ...(to < entries ? { lastKey: { offset: to } } : {}),
      };
    },
  } as unknown as UserStore;
  return {
    audited,
    users: store,
    cursorKey: async () => new Uint8Array(32).fill(7),
    lockoutThreshold: 3,
    now: () => new Date('2026-11-26T15:00:00Z'),
  };
}

/** The administrator who exports, and where from. */
const who = {
  admin: { companyCode: 'BIG', userCode: 'ADMON' } as User,
  origin: {
    sourceIp: '203.0.113.10',
    correlationId: 'c-export',
    log: createLogger({ write: () => {} }),
  } as Actor,
};

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const { code, params } = error as AppError;
  return { code, es: problemBody(code, 'es', { params }), en: problemBody(code, 'en', { params }) };
};

describe('Exports are capped with a clear error, not cut short', () => {
  it('refuses a user export of one row more than the limit with a bilingual 422 that suggests a filter', async () => {
    // Act
    const refused = await refusal(
      exportUsers(deps(MAX_EXPORT_ROWS + 1, 0), company, 'pdf', undefined, 'es', who),
    );

    // Assess
    expect(MAX_EXPORT_ROWS).toBe(5_000);
    expect(refused.code).toBe('EXPORT_TOO_LARGE');
    expect(refused.es).toMatchObject({ status: 422, code: 'EXPORT_TOO_LARGE' });
    expect(refused.es.detail).toContain('5000 filas');
    expect(refused.es.detail).toContain('Filtre');
    expect(refused.en.detail).toContain('5000 rows');
    expect(refused.en.detail).toContain('Filter');
  });

  it('exports exactly the limit, and a filter that narrows a larger list', async () => {
    // Act
    const atLimit = await exportUsers(deps(MAX_EXPORT_ROWS, 0), company, 'csv', undefined, 'en', who);
    const filtered = await exportUsers(deps(MAX_EXPORT_ROWS * 2, 0), company, 'csv', 'MARIA', 'en', who);

    // Assess
    expect(atLimit.body.toString('utf8').trim().split('\n').length).toBeGreaterThan(MAX_EXPORT_ROWS);
    expect(filtered.body.toString('utf8')).toContain('MARIA');
    expect(filtered.body.toString('utf8')).not.toContain('JUAN');
  });

  it('refuses an audit export beyond the limit instead of silently dropping the oldest entries', async () => {
    // Act
    const refused = await refusal(exportAudit(deps(0, MAX_EXPORT_ROWS + 1), company, 'csv', {}, 'en', who));
    const auditDeps = deps(0, MAX_EXPORT_ROWS);
    const atLimit = await exportAudit(auditDeps, company, 'csv', {}, 'en', who);

    // Assess
    expect(refused.en).toMatchObject({ status: 422, code: 'EXPORT_TOO_LARGE' });
    expect(atLimit.body.toString('utf8')).toContain(`U${MAX_EXPORT_ROWS - 1}`);
    expect(auditDeps.audited).toMatchObject([
      { action: 'AUDIT_EXPORTED', actor: 'ADMON', changes: { rows: { after: MAX_EXPORT_ROWS } } },
    ]);
  });
});
