import type { Actor } from '../core/actor.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, validationError } from '../core/errors.ts';
import type { Transaction } from '../data/transact.ts';
import { passwordLock } from '../domain/credential.ts';
import type { User } from '../domain/model.ts';
import { hashPassword } from '../domain/password-hash.ts';
import { newPasswordIssues, nextCredential } from './credentials.ts';
import { credentialAudit, type LoginDeps } from './login.ts';

/**
 * Steps 15–18: the administrator assigns an end user's password. It must be changed at the
 * next login, expires like a generic one, unlocks the user and ends their session.
 */
export async function assignUserPassword(
  deps: LoginDeps,
  admin: User,
  target: User | undefined,
  userCode: string,
  input: { newPassword: string; confirmation: string },
  origin: Actor,
  transaction: Transaction,
) {
  if (!target) throw new AppError('USER_NOT_FOUND', { userCode });
  if (target.role === 'admin') throw new AppError('ADMINISTRATOR_NOT_TARGETABLE');
  const issues = await newPasswordIssues(deps.policy, target, input);
  if (issues.length > 0) throw validationError(issues);
  const now = nowOf(deps);
  const expiresAt = new Date(now.getTime() + deps.assignedPasswordTtlHours * 3_600_000);
  const passwordHash = await (deps.hash ?? hashPassword)(input.newPassword);
  const credential = nextCredential(deps.policy, target.credential, passwordHash, 'assigned', now, expiresAt);
  const wasLocked = passwordLock(target.credential, deps.lockoutThreshold, now)?.kind ?? false;
  await deps.store.replaceCredential(
    target,
    credential,
    {
      ...credentialAudit(target, 'USER_PASSWORD_ASSIGNED', origin, now),
      actor: admin.userCode,
      changes: {
        locked: { before: wasLocked, after: false },
        passwordKind: { before: target.credential?.kind, after: 'assigned' },
      },
    },
    transaction,
  );
  return {
    userCode: target.userCode,
    mustChangeAtNextLogin: true as const,
    expiresAt: expiresAt.toISOString(),
    reminder: {
      es: 'Recuerde informarle al Usuario su Clave de ingreso al Sitio, el código de empresa y el código de usuario.',
      en: 'Remember to tell the user their password, the company code and the user code.',
    },
  };
}
