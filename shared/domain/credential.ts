import type { BopToken, Credential } from './model.ts';

/**
 * The lockout policy (docs/security.md, "Lockout and code guessing"): password failures and
 * BOP Token code failures are counted apart; `threshold` failures in a row lock the credential.
 * A password lock is temporary (`minutes`, PCI DSS 8.3.4) until the `permanentAfter`-th lock
 * within 24 hours, which is permanent (the administrator assigns a password; the bank re-issues
 * the administrator's). A token lock lasts until the administrator re-activates the token (end
 * users, step 24) or the bank re-issues the administrator's password.
 */
export interface LockoutPolicy {
  threshold: number;
  minutes: number;
  permanentAfter: number;
}

/** The product's defaults: three failures, thirty minutes, the third lock in a day is permanent. */
export const DEFAULT_LOCKOUT: LockoutPolicy = { threshold: 3, minutes: 30, permanentAfter: 3 };

/** The window in which repeated temporary locks escalate to a permanent one. */
export const ESCALATION_WINDOW_MS = 24 * 3_600_000;

/** A credential's lock as the administrator sees it: since when, and until when (none when permanent). */
export type CredentialLock =
  | { kind: 'TEMPORARY'; since?: string; until: string }
  | { kind: 'PERMANENT'; since?: string };

/** Whether the password's failures in a row have reached the threshold: the first condition of any lock. */
const failuresAtThreshold = (credential: Credential | undefined, threshold: number) =>
  (credential?.failedAttempts ?? 0) >= threshold;

/**
 * The password lock in force at `now`, if any. The counter is at the threshold and either the
 * lock was made permanent, or its end is still ahead (an expired temporary lock is no lock: the
 * next attempt starts counting again). A lock without an end predates temporary locks: permanent.
 */
export function passwordLock(
  credential: Credential | undefined,
  threshold: number,
  now: Date,
): CredentialLock | undefined {
  if (!credential || !failuresAtThreshold(credential, threshold)) return undefined;
  const since = credential.lockedAt;
  if (credential.lockedPermanently || !credential.lockedUntil) {
    return { kind: 'PERMANENT', ...(since ? { since } : {}) };
  }
  if (Date.parse(credential.lockedUntil) <= now.getTime()) return undefined;
  return { kind: 'TEMPORARY', ...(since ? { since } : {}), until: credential.lockedUntil };
}

/** Whether the stored temporary lock has ended, so the next attempt restarts the count. */
export function expiredTemporaryLock(credential: Credential | undefined, threshold: number, now: Date) {
  return Boolean(
    credential &&
      failuresAtThreshold(credential, threshold) &&
      !credential.lockedPermanently &&
      credential.lockedUntil &&
      Date.parse(credential.lockedUntil) <= now.getTime(),
  );
}

/** The end of a temporary lock that an attempt at `now` would start. */
export const lockEnd = (policy: LockoutPolicy, now: Date) =>
  new Date(now.getTime() + policy.minutes * 60_000).toISOString();

/**
 * The lock that the attempt reaching the threshold makes: temporary, or permanent when it is
 * the `permanentAfter`-th within 24 hours; `history` is the locks of the last 24 hours with it.
 */
export function escalate(credential: Credential | undefined, policy: LockoutPolicy, now: Date) {
  const recent = (credential?.lockHistory ?? []).filter(
    (at) => now.getTime() - Date.parse(at) < ESCALATION_WINDOW_MS,
  );
  const history = [...recent, now.toISOString()];
  return { history, permanent: history.length >= policy.permanentAfter };
}

/** Whether the BOP Token is locked by wrong codes (until re-activated, or reset by the bank). */
export const tokenLocked = (token: BopToken | undefined, threshold: number) =>
  (token?.failedCodes ?? 0) >= threshold;

/** The token's lock as the administrator sees it. */
export function tokenLock(token: BopToken | undefined, threshold: number): CredentialLock | undefined {
  if (!tokenLocked(token, threshold)) return undefined;
  return { kind: 'PERMANENT', ...(token?.lastFailedCodeAt ? { since: token.lastFailedCodeAt } : {}) };
}
