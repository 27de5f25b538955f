import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { AdministratorStore } from '../data/administrators.ts';
import type { CompanyStore } from '../data/companies.ts';
import { VersionConflictError } from '../data/errors.ts';
import { plainTransaction, type Transaction } from '../data/transact.ts';
import { administers } from '../domain/administrators.ts';
import { BANK_ACTOR, type Company, type User } from '../domain/model.ts';
import type { PasswordPolicy } from '../domain/password-policy.ts';
import type { Mailer } from '../mail/mailer.ts';
import { genericCredential, issueGenericCredential, mailGenericPassword } from './onboarding.ts';

/** Several administrators per company (docs/administrators.md). */
export interface AdministratorDeps {
  store: Pick<CompanyStore, 'getCompany'>;
  administrators: AdministratorStore;
  mailer: Mailer;
  policy: PasswordPolicy;
  bankName: string;
  genericPasswordTtlHours: number;
  lockoutThreshold: number;
  hash?: (password: string) => Promise<string>;
  now?: () => Date;
}

/**
 * Who adds an administrator: the bank (IAM), or an administrator of the company (by their code),
 * with their request's transaction (a proposing administrator's code rides in it).
 */
export type AdministratorActor = { actor: string; origin: Actor; outcome?: string; transaction: Transaction };

/**
 * Adds an administrator: a user with the administrator role, state Activo, and a random,
 * single-use, expiring generic password e-mailed to them as at onboarding (never returned).
 * They install their own BOP Token before administering.
 */
export async function addAdministrator(
  deps: AdministratorDeps,
  companyCode: string,
  input: { userCode: string; firstName: string; lastName: string; email: string },
  by: AdministratorActor,
) {
  const company = await deps.store.getCompany(companyCode);
  if (!company) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  const now = nowOf(deps);
  const at = now.toISOString();
  const { password, expiresAt, passwordHash } = await issueGenericCredential(
    deps,
    { userCode: input.userCode, companyCode },
    now,
  );
  const administrator: User = {
    companyCode,
    userCode: input.userCode,
    role: 'admin',
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    state: 'ACTIVE',
    credential: genericCredential(passwordHash, expiresAt, at),
    createdBy: by.actor,
    createdAt: at,
    version: 1,
  };
  await deps.administrators.add(
    administrator,
    auditEntry(by.origin, now, {
      companyCode,
      actor: by.actor,
      action: 'ADMINISTRATOR_ADDED',
      target: administrator.userCode,
      changes: { administrator: { after: { userCode: administrator.userCode, email: administrator.email } } },
      ...(by.outcome ? { outcome: by.outcome } : {}),
    }),
    by.transaction,
  );
  const genericPassword = await mailGenericPassword(
    deps,
    administrator.email,
    company.language,
    { password, expiresAt },
    by.origin.log,
  );
  return {
    companyCode,
    userCode: administrator.userCode,
    email: administrator.email,
    state: administrator.state,
    principal: false,
    genericPassword,
  };
}

/**
 * The bank removes an administrator. Refused with LAST_ADMINISTRATOR (audited) unless another
 * administrator administers now (active, installed token, not locked); that one is checked
 * unchanged in the removal's own transaction, so two concurrent removals never leave the company
 * without one. Removing the principal administrator makes the administrator who stays principal.
 */
export async function removeAdministrator(
  deps: AdministratorDeps,
  companyCode: string,
  userCode: string,
  by: AdministratorActor,
) {
  const company = await deps.store.getCompany(companyCode);
  if (!company) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  const admins = await deps.administrators.list(companyCode);
  const removed = admins.find((admin) => admin.userCode === userCode);
  if (!removed) throw new AppError('ADMINISTRATOR_NOT_FOUND', { userCode });
  const now = nowOf(deps);
  const others = admins.filter((admin) => admin.userCode !== userCode);
  const administering = others.filter((admin) => administers(admin, deps.lockoutThreshold, now));
  const prefer = (candidates: typeof others) =>
    candidates.find((admin) => admin.userCode === company.administratorCode) ?? candidates[0];
  // Removing one who administers needs another who does; removing any needs another administrator.
  const keeper = administers(removed, deps.lockoutThreshold, now)
    ? prefer(administering)
    : (prefer(administering) ?? prefer(others));
  const entry = (action: string, outcome?: string): AuditEntry =>
    auditEntry(by.origin, now, {
      companyCode,
      actor: by.actor,
      action,
      target: userCode,
      ...(outcome ? { outcome } : {}),
    });
  if (!keeper) {
    await deps.administrators.audit(entry('ADMINISTRATOR_REMOVAL_REFUSED', 'LAST_ADMINISTRATOR'));
    throw new AppError('LAST_ADMINISTRATOR');
  }
  const principalChanges = company.administratorCode === userCode;
  try {
    await deps.administrators.remove(
      companyCode,
      removed,
      keeper,
      {
        ...entry('ADMINISTRATOR_REMOVED', by.outcome),
        ...(principalChanges ? { changes: { principal: { before: userCode, after: keeper.userCode } } } : {}),
      },
      principalChanges ? { companyVersion: company.version, newPrincipal: keeper.userCode } : undefined,
    );
  } catch (error) {
    if (error instanceof VersionConflictError) throw new AppError('VERSION_CONFLICT');
    throw error;
  }
  return {
    companyCode,
    userCode,
    removed: true as const,
    principalCode: principalChanges ? keeper.userCode : company.administratorCode,
  };
}

/** The company's administrators, the principal first, with whether each can administer now. */
export async function listAdministrators(deps: Pick<AdministratorDeps, 'administrators'>, company: Company) {
  const admins = await deps.administrators.list(company.code);
  const items = admins
    .map((admin) => ({
      userCode: admin.userCode,
      firstName: admin.firstName,
      lastName: admin.lastName,
      email: admin.email,
      state: admin.state,
      tokenState: admin.token?.state ?? 'NONE',
      principal: admin.userCode === company.administratorCode,
    }))
    .sort((a, b) => Number(b.principal) - Number(a.principal) || a.userCode.localeCompare(b.userCode));
  return { principalCode: company.administratorCode, items };
}

/** The bank's actor for administrator changes. */
export const bankAdministratorActor = (origin: Actor & { actorArn: string }): AdministratorActor => ({
  actor: BANK_ACTOR,
  origin,
  outcome: `iam:${origin.actorArn}`,
  // The bank's routes confirm nothing with a code.
  transaction: plainTransaction,
});
