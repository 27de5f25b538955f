import type { Actor, BankActor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { CompanyStore } from '../data/companies.ts';
import type { TokenStore } from '../data/token-store.ts';
import { plainTransaction, type Transaction } from '../data/transact.ts';
import { BANK_ACTOR, type BopToken, type Company, tokenStateLabels, type User } from '../domain/model.ts';
import type { Notifier } from './notify.ts';

/**
 * The token a reset leaves: cancelled, its sealed secret, accepted step and wrong-code count
 * gone, so the owner may request a new one at once ("Solicitud BOP Token", step 9). Kept as a
 * token (not removed) so that the screens show when and by whom it was reset.
 */
export function resetTokenValue(token: BopToken, actor: string, at: string): BopToken {
  return {
    state: 'CANCELLED',
    requestedAt: token.requestedAt,
    ...(token.installedAt ? { installedAt: token.installedAt } : {}),
    changedAt: at,
    changedBy: actor,
  };
}

/** Whether a reset has anything to destroy: a secret, a lock, or a state other than cancelled. */
export const hasResettableToken = (token: BopToken | undefined): boolean =>
  token !== undefined &&
  (token.state !== 'CANCELLED' || token.secretCiphertext !== undefined || (token.failedCodes ?? 0) > 0);

/** The audit entry of a reset (the token's state before and after; never the secret). */
function resetAudit(
  companyCode: string,
  actor: string,
  target: string,
  token: BopToken,
  origin: Actor,
  at: string,
  outcome?: string,
): AuditEntry {
  return auditEntry(origin, new Date(at), {
    companyCode,
    actor,
    target,
    action: 'TOKEN_RESET',
    changes: {
      tokenState: { before: token.state, after: 'CANCELLED' },
      ...((token.failedCodes ?? 0) > 0 ? { tokenFailedCodes: { before: token.failedCodes, after: 0 } } : {}),
    },
    ...(outcome ? { outcome } : {}),
  });
}

export interface TokenRecoveryDeps {
  tokens: Pick<TokenStore, 'putToken'>;
  notifier: Notifier;
  now?: () => Date;
}

const unchanged = (userCode: string, state: BopToken['state'] | 'NONE') => ({
  userCode,
  tokenState: state,
  tokenStateLabel: tokenStateLabels[state],
  changed: false,
});

async function writeReset(
  deps: TokenRecoveryDeps,
  user: User,
  language: Company['language'],
  entry: AuditEntry,
  token: BopToken,
  log: Logger,
  transaction: Transaction,
) {
  await deps.tokens.putToken(user, resetTokenValue(token, entry.actor, entry.at), entry, transaction);
  log.info('token reset', { before: token.state });
  await deps.notifier.notify({ email: user.email, language }, { kind: 'TOKEN_RESET' }, log);
  return {
    userCode: user.userCode,
    tokenState: 'CANCELLED' as const,
    tokenStateLabel: tokenStateLabels.CANCELLED,
    changed: true,
  };
}

/**
 * "Reiniciar BOP Token": the administrator resets an end user's token from any
 * state, confirmed with the administrator's own code (the route is OTP-confirmed): the secret
 * is destroyed and the user may request a new one. A user without a token to reset is
 * answered unchanged. The user is told by e-mail.
 */
export async function resetUserToken(
  deps: TokenRecoveryDeps,
  company: Company,
  admin: User,
  target: User | undefined,
  userCode: string,
  origin: Actor,
  transaction: Transaction,
) {
  if (!target) throw new AppError('USER_NOT_FOUND', { userCode });
  if (target.role === 'admin') throw new AppError('ADMINISTRATOR_TOKEN_NOT_RESETTABLE');
  if (!target.token || !hasResettableToken(target.token))
    return unchanged(userCode, target.token?.state ?? 'NONE');
  const at = nowOf(deps).toISOString();
  const entry = resetAudit(target.companyCode, admin.userCode, userCode, target.token, origin, at);
  return writeReset(deps, target, company.language, entry, target.token, origin.log, transaction);
}

/**
 * The bank resets the company administrator's token (the administrator lost it): the secret
 * is destroyed, and until the administrator requests and installs a new one, administration
 * is refused as for any administrator without an active token (step 9).
 */
export async function resetAdministratorToken(
  deps: TokenRecoveryDeps & { companies: Pick<CompanyStore, 'getCompany' | 'getUser'> },
  companyCode: string,
  origin: BankActor,
) {
  const company = await deps.companies.getCompany(companyCode);
  if (!company) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  const administrator = await deps.companies.getUser(companyCode, company.administratorCode);
  if (!administrator) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  if (!administrator.token || !hasResettableToken(administrator.token))
    return unchanged(administrator.userCode, administrator.token?.state ?? 'NONE');
  const at = nowOf(deps).toISOString();
  const entry = resetAudit(
    companyCode,
    BANK_ACTOR,
    administrator.userCode,
    administrator.token,
    origin,
    at,
    `iam:${origin.actorArn}`,
  );
  return writeReset(
    deps,
    administrator,
    company.language,
    entry,
    administrator.token,
    origin.log,
    plainTransaction,
  );
}
