import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import type { LockRecord } from '../data/auth-store.ts';
import { escalate, type LockoutPolicy } from '../domain/credential.ts';
import type { User } from '../domain/model.ts';
import type { LockNotifier } from './lock-notices.ts';

/** The log event of every lock, which the lockout alarm counts (docs/security.md). */
export const CREDENTIAL_LOCKED_EVENT = 'CREDENTIAL_LOCKED';

/** How a lock is audited (`CREDENTIAL_LOCKED`, outcome) and shown in words in the audit log. */
export type LockOutcome = 'PASSWORD_TEMPORARY' | 'PASSWORD_PERMANENT' | 'TOKEN';

function lockAudit(
  user: Pick<User, 'companyCode' | 'userCode'>,
  outcome: LockOutcome,
  origin: Actor,
  now: Date,
  until?: string,
): AuditEntry {
  origin.log?.warn('credential locked', {
    event: CREDENTIAL_LOCKED_EVENT,
    credential: outcome === 'TOKEN' ? 'TOKEN' : 'PASSWORD',
    lock: outcome === 'PASSWORD_TEMPORARY' ? 'TEMPORARY' : 'PERMANENT',
    ...(until ? { until } : {}),
  });
  return auditEntry(origin, now, {
    companyCode: user.companyCode,
    actor: user.userCode,
    target: user.userCode,
    action: 'CREDENTIAL_LOCKED',
    outcome,
    changes: { locked: { before: false, after: true }, ...(until ? { lockedUntil: { after: until } } : {}) },
  });
}

/**
 * The lock that the password attempt reaching the threshold makes: temporary until `until`, or
 * permanent when it is the policy's n-th lock within 24 hours.
 */
export function passwordLockRecord(
  user: User,
  policy: LockoutPolicy,
  until: string,
  origin: Actor,
  now: Date,
): LockRecord {
  const { history, permanent } = escalate(user.credential, policy, now);
  return {
    audit: lockAudit(
      user,
      permanent ? 'PASSWORD_PERMANENT' : 'PASSWORD_TEMPORARY',
      origin,
      now,
      permanent ? undefined : until,
    ),
    password: { user, threshold: policy.threshold, until, at: now.toISOString(), history, permanent },
  };
}

/** The lock that the wrong code reaching the threshold makes on the BOP Token. */
export function tokenLockRecord(
  user: Pick<User, 'companyCode' | 'userCode'>,
  origin: Actor,
  now: Date,
): LockRecord {
  return { audit: lockAudit(user, 'TOKEN', origin, now) };
}

/**
 * After the attempt that made `lock` has stored it: tells the user (and an end user's
 * administrator) that it happened, and until when if temporary. Never throws.
 */
export async function tellLock(
  onLock: LockNotifier | undefined,
  user: Pick<User, 'companyCode' | 'userCode' | 'role' | 'email'>,
  lock: LockRecord,
  origin: Actor,
): Promise<void> {
  if (!onLock) return;
  const password = lock.password;
  await onLock(
    {
      user,
      credential: password ? 'PASSWORD' : 'TOKEN',
      ...(password && !password.permanent ? { unlocksAt: password.until } : {}),
    },
    origin.log,
  );
}
