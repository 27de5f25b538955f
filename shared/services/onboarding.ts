import type { OnboardCompanyBody } from '../contracts/bank.ts';
import type { BankActor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, validationError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { CompanyStore } from '../data/companies.ts';
import type { CredentialStore } from '../data/credentials.ts';
import { plainTransaction } from '../data/transact.ts';
import { BANK_ACTOR, type BopToken, type Company, type Credential, type User } from '../domain/model.ts';
import { hashPassword } from '../domain/password-hash.ts';
import { generatePassword, type PasswordPolicy } from '../domain/password-policy.ts';
import { renderGenericPasswordMail } from '../mail/generic-password.ts';
import type { Mailer } from '../mail/mailer.ts';
import { nextCredential } from './credentials.ts';
import type { Notifier } from './notify.ts';
import { hasResettableToken, resetTokenValue } from './token-recovery.ts';

export interface OnboardingDeps {
  store: CompanyStore;
  credentials: CredentialStore;
  mailer: Mailer;
  policy: PasswordPolicy;
  bankName: string;
  genericPasswordTtlHours: number;
  /** The security notifications (the token reset of a re-issue); none in tests that do not look. */
  notifier?: Notifier;
  hash?: (password: string) => Promise<string>;
  now?: () => Date;
}

export interface GenericPasswordOutcome {
  emailed: boolean;
  expiresAt: string;
}

/** A new generic password: random, expiring, and its memory-hard hash (the only thing stored). */
export async function issueGenericCredential(
  deps: Pick<OnboardingDeps, 'policy' | 'genericPasswordTtlHours' | 'hash'>,
  codes: { userCode: string; companyCode: string },
  now: Date,
) {
  const password = generatePassword(deps.policy, codes);
  const expiresAt = new Date(now.getTime() + deps.genericPasswordTtlHours * 3_600_000);
  const passwordHash = await (deps.hash ?? hashPassword)(password);
  return { password, expiresAt, passwordHash };
}

/** A new administrator's first credential: the generic password's hash, single-use, expiring. */
export const genericCredential = (passwordHash: string, expiresAt: Date, at: string): Credential => ({
  passwordHash,
  kind: 'generic',
  expiresAt: expiresAt.toISOString(),
  failedAttempts: 0,
  history: [],
  changedAt: at,
});

/**
 * Sends the generic password. A failure is logged and reported, not thrown: the company
 * and administrator are already stored, and the bank re-issues the password (which
 * invalidates the one that was not delivered).
 */
export async function mailGenericPassword(
  deps: Pick<OnboardingDeps, 'mailer' | 'bankName'>,
  to: string,
  language: Company['language'],
  { password, expiresAt }: { password: string; expiresAt: Date },
  log: Logger,
): Promise<GenericPasswordOutcome> {
  const mail = renderGenericPasswordMail({ language, bankName: deps.bankName, password, expiresAt });
  let emailed = true;
  try {
    await deps.mailer.send({ to, ...mail });
  } catch (error) {
    log.error('generic password e-mail not sent', { error: (error as Error).name });
    emailed = false;
  }
  return { emailed, expiresAt: expiresAt.toISOString() };
}

/**
 * Bank onboarding: the company, its accounts and its administrator, created together with
 * the audit entry; the administrator gets a random, single-use, expiring generic password
 * that is stored only as a memory-hard hash and e-mailed, never returned.
 */
export async function onboardCompany(deps: OnboardingDeps, input: OnboardCompanyBody, origin: BankActor) {
  const now = nowOf(deps);
  const at = now.toISOString();
  const numbers = new Set<string>();
  for (const account of input.accounts) {
    if (numbers.has(account.number)) throw new AppError('DUPLICATE_ACCOUNT', { account: account.number });
    numbers.add(account.number);
  }
  const admin = input.administrator;
  const codes = new Set<string>([admin.userCode]);
  for (const [index, more] of (input.administrators ?? []).entries()) {
    if (codes.has(more.userCode))
      throw validationError([{ field: `body.administrators.${index}.userCode`, rule: 'duplicate_item' }]);
    codes.add(more.userCode);
  }
  const { password, expiresAt, passwordHash } = await issueGenericCredential(
    deps,
    { userCode: admin.userCode, companyCode: input.companyCode },
    now,
  );
  const company: Company = {
    code: input.companyCode,
    legalName: input.legalName,
    language: input.language,
    accounts: input.accounts,
    administratorCode: admin.userCode,
    settings: { otpConfirmation: true, otpAtLogin: false },
    createdAt: at,
    createdBy: BANK_ACTOR,
    version: 1,
  };
  const credential = genericCredential(passwordHash, expiresAt, at);
  const administrator: User = {
    companyCode: input.companyCode,
    userCode: admin.userCode,
    role: 'admin',
    firstName: admin.firstName,
    lastName: admin.lastName,
    email: admin.email,
    state: 'ACTIVE',
    credential,
    createdBy: BANK_ACTOR,
    createdAt: at,
    version: 1,
  };
  const audit: AuditEntry = auditEntry(origin, now, {
    companyCode: company.code,
    actor: BANK_ACTOR,
    action: 'COMPANY_ONBOARDED',
    target: administrator.userCode,
    changes: {
      company: {
        after: {
          legalName: company.legalName,
          language: company.language,
          accounts: company.accounts.length,
        },
      },
      administrator: { after: { userCode: administrator.userCode, email: administrator.email } },
    },
    outcome: `iam:${origin.actorArn}`,
  });
  // Each further administrator is a user of the administrator role with their own generic password.
  const more = await Promise.all(
    (input.administrators ?? []).map(async (extra) => {
      const issued = await issueGenericCredential(
        deps,
        { userCode: extra.userCode, companyCode: company.code },
        now,
      );
      const user: User = {
        ...administrator,
        userCode: extra.userCode,
        firstName: extra.firstName,
        lastName: extra.lastName,
        email: extra.email,
        credential: {
          ...credential,
          passwordHash: issued.passwordHash,
          expiresAt: issued.expiresAt.toISOString(),
        },
      };
      return { user, issued };
    }),
  );
  if (more.length > 0)
    audit.changes = { ...audit.changes, administrators: { after: more.map(({ user }) => user.userCode) } };
  await deps.store.createCompanyWithAdministrator(
    company,
    administrator,
    audit,
    more.map(({ user }) => user),
  );
  const genericPassword = await mailGenericPassword(
    deps,
    administrator.email,
    company.language,
    { password, expiresAt },
    origin.log,
  );
  const administrators = [];
  for (const { user, issued } of more) {
    administrators.push({
      userCode: user.userCode,
      email: user.email,
      state: user.state,
      genericPassword: await mailGenericPassword(deps, user.email, company.language, issued, origin.log),
    });
  }
  return {
    companyCode: company.code,
    legalName: company.legalName,
    language: company.language,
    accounts: company.accounts,
    administrator: {
      userCode: administrator.userCode,
      email: administrator.email,
      state: administrator.state,
    },
    genericPassword,
    ...(administrators.length > 0 ? { administrators } : {}),
    createdAt: at,
  };
}

/**
 * Re-issues the administrator's generic password: a new random one replaces the old
 * (which stops working), the lockout is cleared, the previous hash joins the history, and
 * any session or pending login step of the administrator ends. The bank has confirmed the
 * administrator's identity, so a lock of their BOP Token by wrong codes ends too (the token
 * itself is kept: its secret was never disclosed); no other route can end that lock. With
 * `resetToken` (the administrator lost the phone), the token is reset as well, in the same
 * write: the administrator requests and installs a new one before administering again.
 */
export async function reissueAdministratorPassword(
  deps: OnboardingDeps,
  companyCode: string,
  origin: BankActor,
  options: { resetToken?: boolean; userCode?: string } = {},
) {
  const company = await deps.store.getCompany(companyCode);
  if (!company) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  // The principal administrator unless another one is named (several administrators).
  const administrator = await deps.store.getUser(companyCode, options.userCode ?? company.administratorCode);
  if (options.userCode && administrator?.role !== 'admin')
    throw new AppError('ADMINISTRATOR_NOT_FOUND', { userCode: options.userCode });
  if (!administrator) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  const now = nowOf(deps);
  const { password, expiresAt, passwordHash } = await issueGenericCredential(
    deps,
    { userCode: administrator.userCode, companyCode },
    now,
  );
  const previous = administrator.credential;
  const credential = nextCredential(deps.policy, previous, passwordHash, 'generic', now, expiresAt);
  const { failedCodes = 0, lastFailedCodeAt: _last, ...token } = administrator.token ?? ({} as BopToken);
  const resetsToken = options.resetToken === true && hasResettableToken(administrator.token);
  const clearsToken = resetsToken || (administrator.token !== undefined && failedCodes > 0);
  const nextToken =
    resetsToken && administrator.token
      ? resetTokenValue(administrator.token, BANK_ACTOR, now.toISOString())
      : (token as BopToken);
  await deps.credentials.replaceCredential(
    administrator,
    credential,
    auditEntry(origin, now, {
      companyCode,
      actor: BANK_ACTOR,
      action: 'ADMIN_GENERIC_PASSWORD_REISSUED',
      target: administrator.userCode,
      changes: {
        failedAttempts: { before: previous?.failedAttempts ?? 0, after: 0 },
        ...(clearsToken && failedCodes > 0 ? { tokenFailedCodes: { before: failedCodes, after: 0 } } : {}),
        ...(resetsToken ? { tokenState: { before: administrator.token?.state, after: 'CANCELLED' } } : {}),
      },
      outcome: `iam:${origin.actorArn}`,
    }),
    plainTransaction,
    clearsToken ? { token: nextToken } : {},
  );
  const genericPassword = await mailGenericPassword(
    deps,
    administrator.email,
    company.language,
    { password, expiresAt },
    origin.log,
  );
  if (resetsToken) {
    origin.log.info('token reset', { before: administrator.token?.state });
    await deps.notifier?.notify(
      { email: administrator.email, language: company.language },
      { kind: 'TOKEN_RESET' },
      origin.log,
    );
  }
  return {
    companyCode,
    userCode: administrator.userCode,
    genericPassword,
    tokenReset: resetsToken,
  };
}
