import { openSecret, SealedSecretError, tokenSecretContext } from '../auth/secret-box.ts';
import type { Keys } from '../auth/secrets.ts';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, type ErrorCode, validationError } from '../core/errors.ts';
import type { AuthStore } from '../data/auth-store.ts';
import type { LazyConfirmation, PendingConfirmation } from '../data/transact.ts';
import { tokenLocked } from '../domain/credential.ts';
import { type Company, MAX_CONFIRMATION_WINDOW_MINUTES, type User } from '../domain/model.ts';
import type { Principal } from '../domain/principal.ts';
import { type TotpVerdict, verifyTotp } from '../domain/totp.ts';
import { confirmsWithOtp, type RouteDefinition } from '../routes/definition.ts';
import type { LockNotifier } from './lock-notices.ts';
import { tellLock, tokenLockRecord } from './lockout.ts';

/** What verifying a BOP Token code needs. */
export interface OtpDeps {
  store: Pick<AuthStore, 'reserveCodeAttempt' | 'acceptOtpStep' | 'audit'>;
  keys: () => Promise<Keys>;
  lockoutThreshold: number;
  now?: () => Date;
  /** Tells of a token lock once the code that made it has stored it. */
  onLock?: LockNotifier;
}

/**
 * What a code is checked for; audited as `<purpose>_OTP_ACCEPTED` / `<purpose>_OTP_REFUSED`,
 * with `lockedError` the answer when the token is already locked by wrong codes.
 */
export interface OtpCheck {
  origin: Actor;
  purpose: 'CONFIRMATION' | 'LOGIN' | 'TOKEN_INSTALL' | 'TOKEN_CANCEL';
  /** Recorded as the accepted entry's outcome: the confirmed route, for instance. */
  detail?: string;
  lockedError: ErrorCode;
}

const OTP_FORMAT = /^[0-9]{6}$/;

/** Step 14, "si te es requerido": whether the company asks for an OTP to confirm actions (on by default). */
export const otpConfirmationRequired = (company: Company) => company.settings?.otpConfirmation ?? true;

/** For how many minutes an accepted code confirms the same administrator's next actions: 0 (the default) for none. */
export const confirmationWindowMinutes = (company: Company) =>
  Math.min(company.settings?.confirmationWindowMinutes ?? 0, MAX_CONFIRMATION_WINDOW_MINUTES);

/**
 * Whether an administrative action is confirmed without a code by the company's window: a code
 * of this administrator's active, unlocked token confirmed an action in this same session less
 * than the window's minutes ago. Never for a route that asks every time (`otpEveryTime`).
 */
export function withinConfirmationWindow(
  route: RouteDefinition,
  company: Company,
  user: User,
  sessionId: string,
  now: Date,
  lockoutThreshold: number,
): boolean {
  const minutes = confirmationWindowMinutes(company);
  const last = user.token?.lastConfirmation;
  if (minutes <= 0 || route.otpEveryTime || route.access !== 'companyAdmin' || !last) return false;
  if (last.sessionId !== sessionId || tokenLocked(user.token, lockoutThreshold)) return false;
  const elapsed = now.getTime() - Date.parse(last.at);
  return elapsed >= 0 && elapsed < minutes * 60_000;
}

/** Whether the company asks for an OTP at login (off by default). */
export const otpAtLoginRequired = (company: Company) => company.settings?.otpAtLogin ?? false;

/** The token's state as the lists show it: `NONE` when never requested. */
export const tokenStateOf = (user: Pick<User, 'token'>) => user.token?.state ?? 'NONE';

/** An active token, or the error that says why the user cannot confirm with one. */
export function requireActiveToken(user: User) {
  const token = user.token;
  if (token?.state === 'ACTIVE' && token.secretCiphertext)
    return { ...token, secretCiphertext: token.secretCiphertext };
  throw new AppError(
    token?.state === 'INSTALLED' || token?.state === 'INACTIVE' ? 'TOKEN_INACTIVE' : 'TOKEN_REQUIRED',
  );
}

/** Opens the user's sealed TOTP secret with the key that is not in the table. */
export async function tokenSecret(
  keys: () => Promise<Keys>,
  user: User,
  sealed: string,
): Promise<Uint8Array> {
  let key: Uint8Array;
  try {
    key = (await keys()).totpEncryption;
  } catch {
    throw new AppError('SECRETS_UNAVAILABLE');
  }
  try {
    return openSecret(key, sealed, tokenSecretContext(user.companyCode, user.userCode));
  } catch (error) {
    // A secret that does not open was tampered with or sealed under another key: refuse, loudly.
    if (error instanceof SealedSecretError) throw new Error('Token secret does not open');
    throw error;
  }
}

const auditOf = (user: User, action: string, origin: Actor, at: Date, outcome: string): AuditEntry =>
  auditEntry(origin, at, {
    companyCode: user.companyCode,
    actor: user.userCode,
    target: user.userCode,
    action,
    outcome,
  });

/** Audits a code refused because the token is locked, and throws the check's `lockedError`. */
async function refuseLocked(deps: OtpDeps, user: User, context: OtpCheck, now: Date): Promise<never> {
  await deps.store.audit(
    auditOf(user, `${context.purpose}_OTP_REFUSED`, context.origin, now, 'TOKEN_LOCKED'),
  );
  throw new AppError(context.lockedError);
}

/** Audits a wrong or replayed code, counted as attempt number `attempt`, and throws OTP_INVALID. */
async function refuseCode(
  deps: OtpDeps,
  user: User,
  context: OtpCheck,
  now: Date,
  reason: 'WRONG' | 'REPLAY',
  attempt: number,
): Promise<never> {
  // Only the attempt that reaches the threshold locks (the reservation refuses the ones after it).
  const lock = attempt === deps.lockoutThreshold ? tokenLockRecord(user, context.origin, now) : undefined;
  const outcome = `${reason}_CODE${lock ? '_NOW_LOCKED' : ''}`;
  await deps.store.audit(auditOf(user, `${context.purpose}_OTP_REFUSED`, context.origin, now, outcome), lock);
  if (lock) await tellLock(deps.onLock, user, lock, context.origin);
  throw new AppError('OTP_INVALID');
}

/**
 * Counts a code attempt on the token, then checks the code against the user's sealed secret:
 * the verdict of the current and previous step after the last accepted one. A failed verdict
 * is audited and thrown as OTP_INVALID; it stays counted until a right code clears the
 * token's counter (a right password or a new session never does). When the token is already
 * locked, nothing is verified and `lockedError` is thrown.
 */
export async function checkCode(
  deps: OtpDeps,
  user: User,
  sealed: string,
  lastAcceptedStep: number | undefined,
  code: string,
  context: OtpCheck,
): Promise<Extract<TotpVerdict, { ok: true }>> {
  const now = nowOf(deps);
  // Opened first, so that an unavailable key (a 503) costs the user no attempt.
  const secret = await tokenSecret(deps.keys, user, sealed);
  const attempt = await deps.store.reserveCodeAttempt(user, deps.lockoutThreshold, now.toISOString());
  if (!attempt) {
    secret.fill(0);
    return refuseLocked(deps, user, context, now);
  }
  const verdict = verifyTotp(secret, code, now, { lastAcceptedStep });
  secret.fill(0);
  if (!verdict.ok) return refuseCode(deps, user, context, now, verdict.reason, attempt);
  return verdict;
}

/**
 * Verifies a code of the user's ACTIVE token and accepts its time step once (the
 * conditional write on `token.lastAcceptedStep`), clearing the failure counter; a replay or
 * a concurrent use of the same code is refused as OTP_INVALID and stays counted.
 */
export async function confirmWithActiveToken(
  deps: OtpDeps,
  user: User,
  code: string,
  context: OtpCheck,
): Promise<void> {
  const token = requireActiveToken(user);
  const { step } = await checkCode(deps, user, token.secretCiphertext, token.lastAcceptedStep, code, context);
  const now = nowOf(deps);
  const accepted = await deps.store.acceptOtpStep(
    user,
    token.secretCiphertext,
    step,
    auditOf(user, `${context.purpose}_OTP_ACCEPTED`, context.origin, now, context.detail ?? 'ACCEPTED'),
  );
  if (!accepted) {
    await deps.store.audit(
      auditOf(user, `${context.purpose}_OTP_REFUSED`, context.origin, now, 'REPLAY_CODE'),
    );
    throw new AppError('OTP_INVALID');
  }
}

/**
 * Verifies a code of the user's ACTIVE token for an action, and returns the confirmation for
 * the action's own transaction to carry (`shared/data/transact.ts`): nothing is written on
 * success until the change is. The lockout holds as with {@link checkCode}: a locked token
 * (as read with the session) verifies nothing; a wrong code is counted on the token
 * (conditionally, below the threshold) and audited; the acceptance is conditioned on the token
 * still being unlocked and the step being new, so a right code that lands after a burst of wrong
 * ones locked the token, or a replay, is refused — and a refusal after the lock always answers
 * `lockedError`, whether the code was right or not.
 */
export async function otpConfirmation(
  deps: ConfirmationDeps,
  user: User,
  code: string,
  context: OtpCheck,
  /** The session of an administrative action's confirmation, recorded for the company's window. */
  sessionId?: string,
): Promise<PendingConfirmation> {
  const token = requireActiveToken(user);
  const now = nowOf(deps);
  // A refused code is counted (conditionally, below the threshold) once it is known to be refused.
  const refusal = async (reason: 'WRONG' | 'REPLAY'): Promise<never> => {
    const attempt = await deps.store.reserveCodeAttempt(user, deps.lockoutThreshold, now.toISOString());
    if (!attempt) return refuseLocked(deps, user, context, now);
    return refuseCode(deps, user, context, now, reason, attempt);
  };
  // Opened first, so that an unavailable key (a 503) costs the user no attempt.
  const secret = await tokenSecret(deps.keys, user, token.secretCiphertext);
  if (tokenLocked(user.token, deps.lockoutThreshold)) {
    secret.fill(0);
    return refuseLocked(deps, user, context, now);
  }
  const verdict = verifyTotp(secret, code, now, { lastAcceptedStep: token.lastAcceptedStep });
  secret.fill(0);
  if (!verdict.ok) return refusal(verdict.reason);
  const accepted = auditOf(
    user,
    `${context.purpose}_OTP_ACCEPTED`,
    context.origin,
    now,
    context.detail ?? 'ACCEPTED',
  );
  const confirmed = sessionId ? { at: now.toISOString(), sessionId } : undefined;
  // The same acceptance, carried by the change's transaction or written alone.
  const acceptance = [
    user,
    token.secretCiphertext,
    verdict.step,
    accepted,
    deps.lockoutThreshold,
    confirmed,
  ] as const;
  return {
    items: deps.store.otpStepItems(...acceptance),
    writeAlone: async () => {
      const written = await deps.store.acceptOtpStep(...acceptance);
      if (!written) await refusal('REPLAY');
    },
    refused: () => refusal('REPLAY'),
  };
}

/** What the confirmation step needs: {@link OtpDeps} and the acceptance as transaction items. */
export interface ConfirmationDeps extends OtpDeps {
  store: OtpDeps['store'] & Pick<AuthStore, 'otpStepItems'>;
}

/**
 * The confirmation step of routes that need it (`needsConfirmation` in the route table):
 * checks that the caller may act (an administrator needs an active BOP Token) and, for
 * OTP-confirmed routes when the company requires it, hands over the code sent in `X-OTP`
 * unchecked ({@link LazyConfirmation}): the request's transaction checks it when the use case
 * commits. Runs after authentication and request validation, before the use case; throws
 * the AppError that says why the caller may not act.
 */
export type ActionConfirmer = (
  confirmation: Actor & {
    route: RouteDefinition;
    principal: Principal;
    /** The `X-OTP` header as sent, if any. */
    code: string | undefined;
  },
) => Promise<LazyConfirmation | undefined>;

/**
 * The confirmation step of the HTTP layer (steps 9, 14, 18, 22): an administrator acts
 * only with an active BOP Token; an OTP-confirmed route, when the company requires it,
 * needs a current code in `X-OTP`, asked for only when the use case commits (a
 * request that fails anyway says why without a code) — missing: OTP_REQUIRED; malformed: a
 * 400 that changes nothing; wrong or replayed: OTP_INVALID, counted toward the lockout. A
 * verified code is accepted in the use case's own transaction ({@link otpConfirmation}).
 */
export function otpConfirmer(deps: ConfirmationDeps): ActionConfirmer {
  return async ({ route, principal, code, sourceIp, correlationId, clientCorrelationId, log }) => {
    if (principal.kind !== 'user') throw new AppError('UNAUTHENTICATED');
    const { company, user } = principal;
    if (route.access === 'companyAdmin' && user.token?.state !== 'ACTIVE') {
      log.info('administrative action without an active token', { enrollment: tokenStateOf(user) });
      throw new AppError('TOKEN_REQUIRED');
    }
    if (!confirmsWithOtp(route)) return undefined;
    // The company's setting concerns administrative actions; an end user's OTP-confirmed action
    // (approving an operation: docs/entitlements.md) always asks for the code.
    if (route.access === 'companyAdmin' && !otpConfirmationRequired(company)) return undefined;
    requireActiveToken(user);
    const now = nowOf(deps);
    if (
      (code === undefined || code === '') &&
      withinConfirmationWindow(route, company, user, principal.sessionId, now, deps.lockoutThreshold)
    ) {
      log.info('confirmed by the company window of an accepted code', {
        windowMinutes: confirmationWindowMinutes(company),
      });
      return undefined;
    }
    const codeSent = code !== undefined && code !== '';
    return {
      codeSent,
      verify: async () => {
        if (code === undefined || code === '') throw new AppError('OTP_REQUIRED');
        if (!OTP_FORMAT.test(code)) throw validationError([{ field: 'header.x-otp', rule: 'otp_format' }]);
        const confirmation = await otpConfirmation(
          deps,
          user,
          code,
          {
            origin: { sourceIp, correlationId, ...(clientCorrelationId ? { clientCorrelationId } : {}), log },
            purpose: 'CONFIRMATION',
            detail: route.id,
            lockedError: 'TOKEN_LOCKED',
          },
          route.access === 'companyAdmin' ? principal.sessionId : undefined,
        );
        log.info('OTP verified; accepted with the change');
        return confirmation;
      },
    };
  };
}
