import { describe, expect, it } from 'vitest';
import { decide } from '../../shared/domain/entitlements.ts';
import type { Company, Credential, User } from '../../shared/domain/model.ts';

const now = new Date('2026-12-07T15:00:00.000Z');
const company = { code: 'ACME', accounts: [], settings: {} } as unknown as Company;
const userWith = (credential: Partial<Credential>) =>
  ({
    companyCode: 'ACME',
    userCode: 'ANA',
    role: 'user',
    state: 'ACTIVE',
    profile: 'OPERATOR',
    credential: { kind: 'personal', ...credential },
    permissions: { options: [], limitsCents: {}, approvals: {}, accounts: [] },
  }) as unknown as User;
const reasons = (user: User) =>
  decide({ companyCode: 'ACME', userCode: 'ANA', optionId: 'x' }, company, user, { now, lockoutThreshold: 3 })
    .reasons ?? [];

/** The entitlement decision reads the password lock by the credential module's one rule. */
describe('a password lock, as the entitlement decision sees it', () => {
  it('is a lock while a temporary lock runs, and when it is permanent', () => {
    expect(reasons(userWith({ failedAttempts: 3, lockedUntil: '2026-12-07T15:10:00.000Z' }))).toContain(
      'USER_LOCKED',
    );
    expect(reasons(userWith({ failedAttempts: 3, lockedPermanently: true }))).toContain('USER_LOCKED');
  });

  it('is no lock once a temporary lock has ended, nor below the threshold', () => {
    expect(reasons(userWith({ failedAttempts: 3, lockedUntil: '2026-12-07T14:50:00.000Z' }))).not.toContain(
      'USER_LOCKED',
    );
    expect(reasons(userWith({ failedAttempts: 2 }))).not.toContain('USER_LOCKED');
  });
});
