import { randomUUID } from 'node:crypto';
import type { Keys } from '../auth/secrets.ts';
import { signToken, type TokenSettings } from '../auth/tokens.ts';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import type { ChallengePurpose } from '../core/challenge.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, validationError } from '../core/errors.ts';
import type { AuthStore, LockRecord, SessionItem } from '../data/auth-store.ts';
import { BANK_AUDIT_SCOPE } from '../data/keys.ts';
import { plainTransaction } from '../data/transact.ts';
import { antiphishingImage, decoyImage, imageDataUrl } from '../domain/antiphishing-images.ts';
import { connectionRefusal } from '../domain/connection-rules.ts';
import {
  DEFAULT_LOCKOUT,
  expiredTemporaryLock,
  type LockoutPolicy,
  lockEnd,
  tokenLocked,
} from '../domain/credential.ts';
import type { Company, User } from '../domain/model.ts';
import { type Argon2Parameters, hashPassword, needsRehash, verifyPassword } from '../domain/password-hash.ts';
import type { PasswordPolicy } from '../domain/password-policy.ts';
import { newPasswordIssues, nextCredential } from './credentials.ts';
import type { LockNotifier } from './lock-notices.ts';
import { passwordLockRecord, tellLock } from './lockout.ts';
import { confirmWithActiveToken, otpAtLoginRequired } from './otp.ts';

/**
 * A hash of a random password with the current parameters: verified against when the company
 * or the user does not exist, so that every refused login costs the same time.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=32768,t=2,p=1$4q4ZWAJCsf9iG/jpjJ4cNA$j1Bp3BPesXqqFdYqd8TLEIkw+w1Tc1+KqxKQ2U3LXkQ';

export interface LoginDeps {
  store: AuthStore;
  keys: () => Promise<Keys>;
  issuer: string;
  audience: string;
  policy: PasswordPolicy;
  lockoutThreshold: number;
  /** How long a temporary password lock lasts (default 30). */
  lockoutMinutes?: number;
  /** The n-th password lock within 24 hours is permanent (default 3). */
  lockoutPermanentAfter?: number;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  challengeMinutes: number;
  /** Lifetime of an assigned password, like the generic one. */
  assignedPasswordTtlHours: number;
  now?: () => Date;
  hash?: (password: string) => Promise<string>;
  /** What a login re-hashes an older stored hash with: the current Argon2id parameters unless given (tests give cheap ones). */
  rehashParameters?: Argon2Parameters;
  /** Tells of a lock once the attempt that made it has stored it; loaded on the first lock. */
  onLock?: LockNotifier;
}

/** The lockout policy of the deployment (`shared/domain/credential.ts`). */
const lockoutOf = (deps: LoginDeps): LockoutPolicy => ({
  threshold: deps.lockoutThreshold,
  minutes: deps.lockoutMinutes ?? DEFAULT_LOCKOUT.minutes,
  permanentAfter: deps.lockoutPermanentAfter ?? DEFAULT_LOCKOUT.permanentAfter,
});

/**
 * Counts a password attempt for the named user while its password is checked (scrypt runs off
 * the main thread): the verdict is used only once the attempt is reserved, so the lockout bounds
 * guesses exactly as when counting first. An unknown user, a user without a password and a locked
 * user cost the same: one conditional write (refused for them) and one hash of the same cost.
 */
async function attemptPassword(
  deps: LoginDeps,
  codes: { companyCode: string; userCode: string },
  credential: User['credential'],
  password: string,
  now: Date,
) {
  const policy = lockoutOf(deps);
  const until = lockEnd(policy, now);
  const restartAfter = expiredTemporaryLock(credential, policy.threshold, now)
    ? credential?.lockedUntil
    : undefined;
  const [attempt, matches] = await Promise.all([
    deps.store.reservePasswordAttempt(codes, policy.threshold, until, restartAfter),
    verifyPassword(password, credential?.passwordHash ?? DUMMY_HASH),
  ]);
  return { attempt, matches: Boolean(credential) && matches, policy, until };
}

async function tokenSettings(deps: LoginDeps): Promise<TokenSettings> {
  let keys: Keys;
  try {
    keys = await deps.keys();
  } catch {
    throw new AppError('SECRETS_UNAVAILABLE');
  }
  return { key: keys.sessionSigning, issuer: deps.issuer, audience: deps.audience };
}

/**
 * An authentication audit entry. Each is also logged as an `audit` line with its action and
 * outcome (never secrets), from which CloudWatch metric filters count logins and lockouts.
 */
const auditOf = (
  user: Pick<User, 'companyCode' | 'userCode'>,
  action: string,
  origin: Actor,
  at: Date,
  extra: Partial<AuditEntry> = {},
): AuditEntry => {
  origin.log.info('audit', { action, ...(extra.outcome ? { outcome: extra.outcome } : {}) });
  return auditEntry(origin, at, {
    companyCode: user.companyCode,
    actor: user.userCode,
    target: user.userCode,
    action,
    ...extra,
  });
};

/** Step 3: the user's anti-phishing image, or a keyed decoy indistinguishable from a real one. */
export async function identify(deps: LoginDeps, input: { companyCode: string; userCode: string }) {
  const [{ user }, keys] = await Promise.all([
    deps.store.getCaller(input.companyCode, input.userCode, false),
    deps.keys().catch(() => {
      throw new AppError('SECRETS_UNAVAILABLE');
    }),
  ]);
  const image =
    (user?.imageId && antiphishingImage(user.imageId)) ||
    decoyImage(keys.decoy, input.companyCode, input.userCode);
  return { image: { id: image.id, label: image.label, dataUrl: imageDataUrl(image) } };
}

async function issueChallenge(
  deps: LoginDeps,
  user: User,
  purpose: ChallengePurpose,
  origin: Actor,
  now: Date,
  audit: AuditEntry,
) {
  const challengeId = randomUUID();
  const expiresAt = new Date(now.getTime() + deps.challengeMinutes * 60_000);
  await deps.store.putChallenge(
    {
      companyCode: user.companyCode,
      userCode: user.userCode,
      challengeId,
      purpose,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
    },
    true,
    audit,
  );
  const token = await signToken(
    await tokenSettings(deps),
    { kind: 'challenge', companyCode: user.companyCode, userCode: user.userCode, purpose, challengeId },
    now,
    expiresAt,
  );
  origin.log.info('challenge issued', { purpose });
  return { token, expiresAt: expiresAt.toISOString() };
}

/** Starts the user's one session (replacing any other) and answers it. */
export async function startSession(
  deps: LoginDeps,
  company: Company,
  user: User,
  origin: Actor,
  now: Date,
  clearChallenge: boolean,
) {
  const sessionId = randomUUID();
  const absolute = new Date(now.getTime() + deps.sessionMaxHours * 3_600_000);
  const session: SessionItem = {
    companyCode: user.companyCode,
    userCode: user.userCode,
    sessionId,
    role: user.role,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    absoluteExpiresAt: absolute.toISOString(),
    sourceIp: origin.sourceIp,
    expiresAt: Math.floor(absolute.getTime() / 1000),
  };
  await deps.store.startSession(session, auditOf(user, 'LOGIN_SUCCEEDED', origin, now), clearChallenge);
  const token = await signToken(
    await tokenSettings(deps),
    { kind: 'session', companyCode: user.companyCode, userCode: user.userCode, role: user.role, sessionId },
    now,
    absolute,
  );
  return {
    token,
    expiresAt: absolute.toISOString(),
    idleTimeoutSeconds: deps.sessionIdleMinutes * 60,
    user: {
      companyCode: user.companyCode,
      userCode: user.userCode,
      role: user.role,
      firstName: user.firstName,
      lastName: user.lastName,
      language: company.language,
    },
  };
}

/**
 * Steps 4, 7 and 8: the password login. Every refusal (unknown company or user, wrong
 * password, locked, pending or disabled user, expired generic password) gets the same
 * answer after the same work; the real reason goes to the audit log. Only an end user whose
 * password was right and who is outside the connection controls (step 25) is told which
 * rule refused them (CONNECTION_HOURS or CONNECTION_IP).
 */
export async function login(
  deps: LoginDeps,
  input: { companyCode: string; userCode: string; password: string },
  origin: Actor,
) {
  const now = nowOf(deps);
  // Keys first: without them no session or challenge can be signed, so nothing is counted or written.
  await tokenSettings(deps);
  const { company, user } = await deps.store.getCaller(input.companyCode, input.userCode, false);
  const credential = company ? user?.credential : undefined;
  const { attempt, matches, policy, until } = await attemptPassword(
    deps,
    input,
    credential,
    input.password,
    now,
  );
  if (!company || !user || !credential) {
    // Audited in the bank's partition (no company's audit may be written by a stranger).
    const outcome = company ? 'UNKNOWN_USER' : 'UNKNOWN_COMPANY';
    const claimed = `${input.companyCode}/${input.userCode}`;
    await deps.store.audit({
      ...auditOf({ companyCode: BANK_AUDIT_SCOPE, userCode: claimed }, 'LOGIN_REFUSED', origin, now, {
        outcome,
      }),
    });
    throw new AppError('LOGIN_FAILED');
  }
  const refuse = async (outcome: string, lock?: LockRecord): Promise<never> => {
    await deps.store.audit(auditOf(user, 'LOGIN_REFUSED', origin, now, { outcome }), lock);
    if (lock) await tellLock(deps.onLock, user, lock, origin);
    throw new AppError('LOGIN_FAILED');
  };
  // A right password refused for another reason clears the counter (only a right password does).
  const refuseRight = async (outcome: string): Promise<never> => {
    await deps.store.clearAttempts(user, auditOf(user, 'LOGIN_REFUSED', origin, now, { outcome }));
    throw new AppError('LOGIN_FAILED');
  };
  if (!attempt) return refuse('LOCKED');
  if (!matches) {
    // The reserved attempt's own number: exact under concurrency, so exactly one attempt locks.
    if (attempt !== policy.threshold) return refuse('WRONG_PASSWORD');
    return refuse('WRONG_PASSWORD_NOW_LOCKED', passwordLockRecord(user, policy, until, origin, now));
  }
  if (user.state !== 'ACTIVE') return refuseRight(`STATE_${user.state}`);
  // A suspended company: said only once the password is right, like step 25's rules.
  if (company.suspension) {
    await deps.store.clearAttempts(
      user,
      auditOf(user, 'LOGIN_REFUSED', origin, now, { outcome: 'COMPANY_SUSPENDED' }),
    );
    throw new AppError('COMPANY_SUSPENDED');
  }
  // Step 25: checked only once the password is right, so the specific code reveals nothing
  // about whether the user exists; the attempt is then not a failed one.
  const refusal = await connectionRefusal(company, user, now, origin.sourceIp);
  if (refusal) {
    await deps.store.clearAttempts(user, auditOf(user, 'LOGIN_REFUSED', origin, now, { outcome: refusal }));
    throw new AppError(refusal);
  }
  if (credential.kind === 'personal')
    await upgradeHash(deps, user, credential.passwordHash, input.password, origin, now);
  if (credential.kind !== 'personal') {
    if (credential.expiresAt && Date.parse(credential.expiresAt) <= now.getTime()) {
      return refuseRight(`${credential.kind.toUpperCase()}_PASSWORD_EXPIRED`);
    }
    const audit = auditOf(user, 'LOGIN_PASSWORD_CHANGE_REQUIRED', origin, now);
    return {
      status: 'PASSWORD_CHANGE_REQUIRED' as const,
      challenge: await issueChallenge(deps, user, 'change_password', origin, now, audit),
    };
  }
  if (!user.imageId) {
    const audit = auditOf(user, 'LOGIN_IMAGE_REQUIRED', origin, now);
    return {
      status: 'IMAGE_REQUIRED' as const,
      challenge: await issueChallenge(deps, user, 'choose_image', origin, now, audit),
    };
  }
  return completeLogin(deps, company, user, origin, now);
}

/**
 * A personal password still hashed with older parameters (scrypt) is
 * re-hashed with the current ones once it has proved right, with its audit entry, by a
 * conditional write that loses to any concurrent change of the password (then the login
 * goes on, and the new password's hash is already current).
 */
async function upgradeHash(
  deps: LoginDeps,
  user: User,
  stored: string,
  password: string,
  origin: Actor,
  now: Date,
) {
  if (!needsRehash(stored, deps.rehashParameters)) return;
  const stronger = await hashPassword(password, deps.rehashParameters);
  const audit = auditOf(user, 'PASSWORD_HASH_UPGRADED', origin, now, {
    changes: { passwordHash: { before: stored.split('$')[0] || 'argon2id', after: 'argon2id' } },
  });
  await deps.store.upgradePasswordHash(user, stored, stronger, audit);
}

/**
 * The last step of a login: the session, or — when the company asks for the token at login
 * and the user has installed one — an OTP challenge first. A user whose token is installed
 * but not active cannot complete the login (the password was right, so saying why reveals
 * nothing). Users who have not installed a token yet log in with the password, so they can
 * request and install one (the administrator acts only once theirs is active).
 */
async function completeLogin(deps: LoginDeps, company: Company, user: User, origin: Actor, now: Date) {
  const tokenState = user.token?.state;
  if (
    otpAtLoginRequired(company) &&
    tokenState === 'ACTIVE' &&
    tokenLocked(user.token, deps.lockoutThreshold)
  ) {
    // The password was right, so saying why reveals nothing; no code is asked of a locked token.
    await deps.store.clearAttempts(
      user,
      auditOf(user, 'LOGIN_REFUSED', origin, now, { outcome: 'TOKEN_LOCKED' }),
    );
    throw new AppError('TOKEN_LOCKED');
  }
  if (otpAtLoginRequired(company) && (tokenState === 'INSTALLED' || tokenState === 'INACTIVE')) {
    await deps.store.clearAttempts(
      user,
      auditOf(user, 'LOGIN_REFUSED', origin, now, { outcome: 'TOKEN_NOT_ACTIVE' }),
    );
    throw new AppError('TOKEN_INACTIVE');
  }
  if (otpAtLoginRequired(company) && tokenState === 'ACTIVE') {
    const audit = auditOf(user, 'LOGIN_OTP_REQUIRED', origin, now);
    return {
      status: 'OTP_REQUIRED' as const,
      challenge: await issueChallenge(deps, user, 'otp', origin, now, audit),
    };
  }
  return {
    status: 'AUTHENTICATED' as const,
    session: await startSession(deps, company, user, origin, now, false),
  };
}

/**
 * Token at login: the current code of the user's active BOP Token, after the password. A
 * wrong code counts on the token (never reset by the password or a new challenge) and keeps
 * the challenge (the user types the next code); at the threshold the token locks. The right
 * one is accepted once, then the challenge is consumed and the session starts.
 */
export async function loginWithOtp(
  deps: LoginDeps,
  principal: { company: Company; user: User; purpose: ChallengePurpose; challengeId: string },
  code: string,
  origin: Actor,
) {
  const now = nowOf(deps);
  if (principal.purpose !== 'otp') throw new AppError('CHALLENGE_INVALID');
  await confirmWithActiveToken(deps, principal.user, code, {
    origin,
    purpose: 'LOGIN',
    lockedError: 'TOKEN_LOCKED',
  });
  await consume(deps, principal, 'otp', now);
  return {
    status: 'AUTHENTICATED' as const,
    session: await startSession(deps, principal.company, principal.user, origin, now, false),
  };
}

/** Consumes a login challenge of the expected purpose, once. */
async function consume(
  deps: LoginDeps,
  principal: { user: User; purpose: ChallengePurpose; challengeId: string },
  purpose: ChallengePurpose,
  now: Date,
) {
  if (principal.purpose !== purpose) throw new AppError('CHALLENGE_INVALID');
  const ok = await deps.store.consumeChallenge(
    principal.user.companyCode,
    principal.user.userCode,
    principal.challengeId,
    Math.floor(now.getTime() / 1000),
  );
  if (!ok) throw new AppError('CHALLENGE_INVALID');
}

/**
 * Checks the current password for a change. Only a wrong current password counts toward the
 * lockout (like a wrong login, and reported on its field); the right one is counted while it
 * is checked, as at login, and the caller clears the count if the change is refused for
 * another reason (a new password that breaks a rule).
 */
async function checkCurrentPassword(
  deps: LoginDeps,
  user: User,
  currentPassword: string,
  origin: Actor,
  now: Date,
) {
  const { attempt, matches, policy, until } = await attemptPassword(
    deps,
    user,
    user.credential,
    currentPassword,
    now,
  );
  if (!user.credential || !attempt) {
    await deps.store.audit(auditOf(user, 'PASSWORD_CHANGE_REFUSED', origin, now, { outcome: 'LOCKED' }));
    throw new AppError('LOGIN_FAILED');
  }
  if (!matches) {
    const lock =
      attempt === policy.threshold ? passwordLockRecord(user, policy, until, origin, now) : undefined;
    await deps.store.audit(
      auditOf(user, 'PASSWORD_CHANGE_REFUSED', origin, now, {
        outcome: lock ? 'WRONG_CURRENT_PASSWORD_NOW_LOCKED' : 'WRONG_CURRENT_PASSWORD',
      }),
      lock,
    );
    if (lock) await tellLock(deps.onLock, user, lock, origin);
    throw validationError([{ field: 'body.currentPassword', rule: 'current_password_incorrect' }]);
  }
}

async function changePassword(
  deps: LoginDeps,
  user: User,
  input: { currentPassword: string; newPassword: string; confirmation: string },
  origin: Actor,
  now: Date,
  action: string,
  before?: () => Promise<void>,
) {
  await checkCurrentPassword(deps, user, input.currentPassword, origin, now);
  // The current password was right: whatever refuses the change now does not count against it.
  const refuseRight = async (outcome: string, error: unknown): Promise<never> => {
    await deps.store.clearAttempts(user, auditOf(user, 'PASSWORD_CHANGE_REFUSED', origin, now, { outcome }));
    throw error;
  };
  const issues = await newPasswordIssues(deps.policy, user, input);
  if (issues.length > 0) return refuseRight('NEW_PASSWORD_INVALID', validationError(issues));
  try {
    await before?.();
  } catch (error) {
    // A challenge already used or expired; any other failure (e.g. throttling) changes nothing.
    if (error instanceof AppError) return refuseRight(error.code, error);
    throw error;
  }
  const passwordHash = await (deps.hash ?? hashPassword)(input.newPassword);
  const credential = nextCredential(deps.policy, user.credential, passwordHash, 'personal', now);
  await deps.store.replaceCredential(
    user,
    credential,
    auditOf(user, action, origin, now, {
      changes: { passwordKind: { before: user.credential?.kind, after: 'personal' } },
    }),
    plainTransaction,
  );
  return { status: 'PASSWORD_CHANGED' as const, next: 'LOGIN' as const };
}

/** Steps 5–6: replace the generic or assigned password, through the login's challenge. */
export async function changeInitialPassword(
  deps: LoginDeps,
  principal: { user: User; purpose: ChallengePurpose; challengeId: string },
  input: { currentPassword: string; newPassword: string; confirmation: string },
  origin: Actor,
) {
  const now = nowOf(deps);
  if (principal.purpose !== 'change_password') throw new AppError('CHALLENGE_INVALID');
  return changePassword(deps, principal.user, input, origin, now, 'INITIAL_PASSWORD_CHANGED', () =>
    consume(deps, principal, 'change_password', now),
  );
}

/** "Cambio de Clave": a logged-in user changes their password; the session ends with it. */
export async function changeMyPassword(
  deps: LoginDeps,
  user: User,
  input: { currentPassword: string; newPassword: string; confirmation: string },
  origin: Actor,
) {
  return changePassword(deps, user, input, origin, nowOf(deps), 'PASSWORD_CHANGED');
}

/** Step 8: the first image choice, which completes the login (or leads to its OTP step). */
export async function chooseImage(
  deps: LoginDeps,
  principal: { company: Company; user: User; purpose: ChallengePurpose; challengeId: string },
  imageId: string,
  origin: Actor,
) {
  const now = nowOf(deps);
  if (!antiphishingImage(imageId)) throw validationError([{ field: 'body.imageId', rule: 'unknown_image' }]);
  await consume(deps, principal, 'choose_image', now);
  await deps.store.setImage(
    principal.user,
    imageId,
    auditOf(principal.user, 'ANTIPHISHING_IMAGE_CHOSEN', origin, now, {
      changes: { imageId: { before: principal.user.imageId, after: imageId } },
    }),
  );
  const user = { ...principal.user, imageId, version: principal.user.version + 1 };
  return completeLogin(deps, principal.company, user, origin, now);
}

/** Ends the caller's session. */
export async function logout(deps: LoginDeps, user: User, sessionId: string, origin: Actor) {
  await deps.store.endSession(
    user.companyCode,
    user.userCode,
    sessionId,
    auditOf(user, 'LOGOUT', origin, nowOf(deps)),
  );
}

/** The audit entry of a change to a user's credential, logged as an `audit` line too (see {@link auditOf}). */
export const credentialAudit = auditOf;
