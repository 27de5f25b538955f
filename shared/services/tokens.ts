import { randomBytes } from 'node:crypto';
import { sealSecret, tokenSecretContext } from '../auth/secret-box.ts';
import type { Keys } from '../auth/secrets.ts';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import { type Problem, throwProblems } from '../core/problems.ts';
import type { AdministratorStore } from '../data/administrators.ts';
import type { AuthStore } from '../data/auth-store.ts';
import { VersionConflictError } from '../data/errors.ts';
import type { TokenHolder, TokenStore } from '../data/token-store.ts';
import { plainTransaction, type Transaction } from '../data/transact.ts';
import { tokenLock, tokenLocked } from '../domain/credential.ts';
import { type BopToken, type TokenState, tokenStateLabels, type User } from '../domain/model.ts';
import { TOTP_PARAMETERS, TOTP_SECRET_BYTES } from '../domain/totp.ts';
import type { LockNotifier } from './lock-notices.ts';
import { checkCode, tokenStateOf } from './otp.ts';
import type { Enrollment } from './token-enrollment.ts';

export interface TokenDeps {
  tokens: TokenStore;
  store: Pick<AuthStore, 'reserveCodeAttempt' | 'acceptOtpStep' | 'audit'>;
  keys: () => Promise<Keys>;
  /** The bank's name: the issuer an authenticator app shows. */
  issuer: string;
  lockoutThreshold: number;
  now?: () => Date;
  /** Tells of a token lock. */
  onLock?: LockNotifier;
  /** The company's administrators: turning dual control on needs two who administer. */
  administrators?: Pick<AdministratorStore, 'list'>;
}

/** Token states in which a secret was proven with a code (and so can be used, or administered). */
const INSTALLED_STATES: readonly TokenState[] = ['INSTALLED', 'ACTIVE', 'INACTIVE'];

const label = (state: TokenState | 'NONE') => tokenStateLabels[state];

function audit(
  actor: Pick<User, 'companyCode' | 'userCode'>,
  target: string,
  action: string,
  origin: Actor,
  at: Date,
  before: TokenState | 'NONE',
  after: TokenState | 'NONE',
): AuditEntry {
  return auditEntry(origin, at, {
    companyCode: actor.companyCode,
    actor: actor.userCode,
    target,
    action,
    changes: { tokenState: { before, after } },
  });
}

async function versioned<T>(
  write: () => Promise<T>,
  conflict: 'VERSION_CONFLICT' | 'OTP_INVALID',
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof VersionConflictError) throw new AppError(conflict);
    throw error;
  }
}

/** The caller's own token, as "Solicitud BOP Token" shows it. */
export function myToken(user: User, lockoutThreshold: number) {
  const token = user.token;
  const state = tokenStateOf(user);
  const lock = tokenLock(token, lockoutThreshold);
  return {
    state,
    stateLabel: label(state),
    ...(lock ? { lock } : {}),
    ...(token?.requestedAt ? { requestedAt: token.requestedAt } : {}),
    ...(token?.installedAt ? { installedAt: token.installedAt } : {}),
    ...(token?.changedAt ? { changedAt: token.changedAt } : {}),
  };
}

/**
 * "Solicitud BOP Token" (step 9): a new random 160-bit secret, sealed with AES-256-GCM
 * before it is stored, and shown this once as an `otpauth://` URI and QR code. Requesting
 * again before installing replaces the pending secret; an installed token must be
 * cancelled first (with a code), so a stolen session cannot replace it. `enroll` (the URI
 * and QR code, `token-enrollment.ts`) is passed in by the request function alone, so otplib
 * and the QR library weigh on no other bundle.
 */
export async function requestToken(
  deps: TokenDeps,
  user: User,
  origin: Actor,
  enroll: (secret: Uint8Array, issuer: string, companyCode: string, userCode: string) => Promise<Enrollment>,
) {
  const before = tokenStateOf(user);
  if (INSTALLED_STATES.includes(before as TokenState)) throw new AppError('TOKEN_ALREADY_INSTALLED');
  let key: Uint8Array;
  try {
    key = (await deps.keys()).totpEncryption;
  } catch {
    throw new AppError('SECRETS_UNAVAILABLE');
  }
  const now = nowOf(deps);
  const secret = randomBytes(TOTP_SECRET_BYTES);
  const token: BopToken = {
    state: 'REQUESTED',
    secretCiphertext: sealSecret(key, secret, tokenSecretContext(user.companyCode, user.userCode)),
    requestedAt: now.toISOString(),
    changedAt: now.toISOString(),
    changedBy: user.userCode,
  };
  await versioned(
    () =>
      deps.tokens.putToken(
        user,
        token,
        audit(user, user.userCode, 'TOKEN_REQUESTED', origin, now, before, 'REQUESTED'),
        plainTransaction,
      ),
    'VERSION_CONFLICT',
  );
  const shown = await enroll(secret, deps.issuer, user.companyCode, user.userCode);
  secret.fill(0);
  origin.log.info('token requested');
  return {
    state: 'REQUESTED' as const,
    stateLabel: label('REQUESTED'),
    requestedAt: token.requestedAt,
    issuer: shown.issuer,
    account: shown.account,
    algorithm: TOTP_PARAMETERS.algorithm,
    digits: TOTP_PARAMETERS.digits,
    periodSeconds: TOTP_PARAMETERS.periodSeconds,
    otpauthUri: shown.otpauthUri,
    qrCode: shown.qrCode,
  };
}

/**
 * Installs the requested token: the current code proves the app works. The administrator's
 * own token is active at once (step 9); an end user's waits for the administrator (step 24).
 * A wrong code counts toward the lockout; the accepted step is stored, so the same code
 * cannot be used again.
 */
export async function installToken(deps: TokenDeps, user: User, code: string, origin: Actor) {
  const token = user.token;
  if (token && INSTALLED_STATES.includes(token.state)) throw new AppError('TOKEN_ALREADY_INSTALLED');
  if (token?.state !== 'REQUESTED' || !token.secretCiphertext) throw new AppError('TOKEN_NOT_REQUESTED');
  const { step } = await checkCode(deps, user, token.secretCiphertext, token.lastAcceptedStep, code, {
    origin,
    purpose: 'TOKEN_INSTALL',
    lockedError: 'TOKEN_LOCKED',
  });
  const now = nowOf(deps);
  const state: TokenState = user.role === 'admin' ? 'ACTIVE' : 'INSTALLED';
  await versioned(
    () =>
      deps.tokens.updateToken(
        user,
        { state, installedAt: now.toISOString(), changedAt: now.toISOString(), changedBy: user.userCode },
        audit(user, user.userCode, 'TOKEN_INSTALLED', origin, now, 'REQUESTED', state),
        plainTransaction,
        { acceptedStep: step },
      ),
    'OTP_INVALID',
  );
  origin.log.info('token installed', { state });
  return {
    state: state as 'ACTIVE' | 'INSTALLED',
    stateLabel: label(state),
    installedAt: now.toISOString(),
    awaitingActivation: state === 'INSTALLED',
  };
}

/**
 * "Cancelar BOP Token": the owner cancels their token, confirmed by a current code of it;
 * the sealed secret is deleted and a new token may be requested.
 */
export async function cancelToken(deps: TokenDeps, user: User, code: string, origin: Actor) {
  const token = user.token;
  if (!token?.secretCiphertext || token.state === 'CANCELLED') throw new AppError('TOKEN_NOT_FOUND');
  const { step } = await checkCode(deps, user, token.secretCiphertext, token.lastAcceptedStep, code, {
    origin,
    purpose: 'TOKEN_CANCEL',
    lockedError: 'TOKEN_LOCKED',
  });
  const now = nowOf(deps);
  await versioned(
    () =>
      deps.tokens.updateToken(
        user,
        { state: 'CANCELLED', changedAt: now.toISOString(), changedBy: user.userCode },
        audit(user, user.userCode, 'TOKEN_CANCELLED', origin, now, token.state, 'CANCELLED'),
        plainTransaction,
        { acceptedStep: step, removeSecret: true },
      ),
    'OTP_INVALID',
  );
  origin.log.info('token cancelled');
  return { state: 'CANCELLED' as const, stateLabel: label('CANCELLED'), cancelledAt: now.toISOString() };
}

function holderRow(holder: TokenHolder, lockoutThreshold: number) {
  const tokenState = holder.token?.state ?? 'NONE';
  const lock = tokenLock(holder.token, lockoutThreshold);
  return {
    userCode: holder.userCode,
    firstName: holder.firstName,
    lastName: holder.lastName,
    role: holder.role,
    userState: holder.state,
    tokenState,
    tokenStateLabel: label(tokenState),
    ...(lock ? { tokenLock: lock } : {}),
    ...(holder.token?.installedAt ? { installedAt: holder.token.installedAt } : {}),
    ...(holder.token?.changedAt ? { changedAt: holder.token.changedAt } : {}),
    ...(holder.token?.changedBy ? { changedBy: holder.token.changedBy } : {}),
  };
}

const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('es');

/**
 * "Administrar BOP-Token" (step 24): the company's users with their token state, with the
 * guide's list conventions — page size, a filter on code, names and state (either
 * language, accents and case ignored), pages. A company's users are read in one Query and
 * paged here: a company has tens to hundreds of users, and the screen shows totals.
 */
export async function listUserTokens(
  deps: TokenDeps,
  admin: User,
  query: { pageSize: number; page: number; filter?: string; tokenState?: TokenState | 'NONE' },
) {
  const rows = (await deps.tokens.listHolders(admin.companyCode)).map((holder) =>
    holderRow(holder, deps.lockoutThreshold),
  );
  const needle = query.filter ? folded(query.filter.trim()) : '';
  const shown = rows.filter(
    (row) =>
      (!query.tokenState || row.tokenState === query.tokenState) &&
      (!needle ||
        [row.userCode, row.firstName, row.lastName, row.tokenStateLabel.es, row.tokenStateLabel.en].some(
          (field) => folded(field).includes(needle),
        )),
  );
  const total = shown.length;
  const pages = Math.max(1, Math.ceil(total / query.pageSize));
  const number = Math.min(query.page, pages);
  const start = (number - 1) * query.pageSize;
  const items = shown.slice(start, start + query.pageSize);
  return {
    items,
    page: {
      size: query.pageSize,
      number,
      pages,
      total,
      from: total === 0 ? 0 : start + 1,
      to: start + items.length,
    },
  };
}

/** What refuses a change of an end user's token state: a token that is not installed. */
export function tokenStateProblems(target: User, userCode: string): Problem[] {
  const current = target.token?.state;
  if (current && INSTALLED_STATES.includes(current)) return [];
  return [{ field: 'path.userCode', error: new AppError('TOKEN_NOT_INSTALLED', { userCode }) }];
}

/**
 * Step 24: the administrator activates or deactivates an end user's installed token. It
 * takes effect on the user's next confirmation (the next request reads the user item).
 * Activating a token locked by wrong codes — even one still shown active — unlocks it: the
 * only way an end user's token lock ends.
 */
export async function setUserTokenState(
  deps: TokenDeps,
  admin: User,
  target: User | undefined,
  userCode: string,
  desired: 'ACTIVE' | 'INACTIVE',
  origin: Actor,
  transaction: Transaction,
) {
  if (!target) throw new AppError('USER_NOT_FOUND', { userCode });
  if (target.role === 'admin') throw new AppError('ADMINISTRATOR_TOKEN_NOT_TARGETABLE');
  throwProblems(tokenStateProblems(target, userCode));
  const current = target.token?.state as TokenState;
  const unlocks = desired === 'ACTIVE' && tokenLocked(target.token, deps.lockoutThreshold);
  if (current === desired && !unlocks) {
    return { userCode, tokenState: current, tokenStateLabel: label(current), changed: false };
  }
  const now = nowOf(deps);
  const entry = audit(
    admin,
    userCode,
    desired === 'ACTIVE' ? 'TOKEN_ACTIVATED' : 'TOKEN_DEACTIVATED',
    origin,
    now,
    current,
    desired,
  );
  if (unlocks) entry.changes = { ...entry.changes, tokenLocked: { before: true, after: false } };
  await versioned(
    () =>
      deps.tokens.updateToken(
        target,
        { state: desired, changedAt: now.toISOString(), changedBy: admin.userCode },
        entry,
        transaction,
        { clearCodeLock: unlocks },
      ),
    'VERSION_CONFLICT',
  );
  return { userCode, tokenState: desired, tokenStateLabel: label(desired), changed: true };
}
