import { MAX_COMPANY_ACCOUNTS } from '../contracts/bank.ts';
import type { BankActor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { CompanyStore } from '../data/companies.ts';
import {
  type CompanyAdminStore,
  type GrantRewrite,
  MAX_TRANSACTION_ITEMS,
  TransactionTooLargeError,
} from '../data/company-admin.ts';
import { VersionConflictError } from '../data/errors.ts';
import { type Account, BANK_ACTOR, type Company, type User } from '../domain/model.ts';
import type { Notifier } from './notify.ts';

/** What the bank's company routes need. */
export interface CompanyLifecycleDeps {
  store: Pick<CompanyStore, 'getCompany' | 'getUser'>;
  admin: CompanyAdminStore;
  notifier: Notifier;
  now?: () => Date;
}

async function companyOrThrow(deps: CompanyLifecycleDeps, companyCode: string) {
  const company = await deps.store.getCompany(companyCode);
  if (!company) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
  return company;
}

/** The bank's audit entry of a company change: the actor is the bank, the IAM identity the outcome. */
function bankAudit(
  company: string,
  action: string,
  origin: BankActor,
  at: string,
  changes: AuditEntry['changes'],
  target?: string,
): AuditEntry {
  return auditEntry(origin, new Date(at), {
    companyCode: company,
    actor: BANK_ACTOR,
    action,
    ...(target ? { target } : {}),
    changes,
    outcome: `iam:${origin.actorArn}`,
  });
}

/**
 * Runs a versioned change: a concurrent one throws the data layer's version conflict (see
 * {@link onFreshRead}), a change over one transaction's size is answered 409 CHANGE_TOO_LARGE.
 */
async function versioned<T>(write: () => Promise<T>, users = 0): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof TransactionTooLargeError) throw new AppError('CHANGE_TOO_LARGE', { users });
    throw error;
  }
}

const FRESH_READS = 3;

/**
 * The bank's changes carry no version: one that met another change of the same company or
 * user between its read and its write (the data layer's version conflict) is decided again
 * from a fresh read, up to {@link FRESH_READS} times in all, and only then answered
 * 409 VERSION_CONFLICT. Nothing of a refused try was written: each is one transaction.
 */
async function onFreshRead<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= FRESH_READS) throw error;
    }
  }
}

/** The bank's list of companies, a page at a time in code order. */
export async function listCompanies(deps: CompanyLifecycleDeps, query: { pageSize: number; after?: string }) {
  const page = await deps.admin.listCompanies(query.pageSize, query.after);
  const items = page.items.map((company) => ({
    companyCode: company.code,
    legalName: company.legalName,
    language: company.language,
    accounts: company.accounts.length,
    administratorCode: company.administratorCode,
    suspended: company.suspension !== undefined,
    createdAt: company.createdAt,
  }));
  const last = items.at(-1);
  return { items, ...(page.more && last ? { nextAfter: last.companyCode } : {}) };
}

/** One company as the bank sees it: accounts, administrator, suspension. */
export async function getCompany(deps: CompanyLifecycleDeps, companyCode: string) {
  const company = await companyOrThrow(deps, companyCode);
  const administrator = await deps.store.getUser(companyCode, company.administratorCode);
  return {
    companyCode: company.code,
    legalName: company.legalName,
    language: company.language,
    accounts: company.accounts,
    administrator: {
      userCode: company.administratorCode,
      firstName: administrator?.firstName ?? '',
      lastName: administrator?.lastName ?? '',
      email: administrator?.email ?? '',
      state: administrator?.state ?? 'DISABLED',
    },
    ...(company.suspension ? { suspension: company.suspension } : {}),
    createdAt: company.createdAt,
    version: company.version,
  };
}

/**
 * The bank adds accounts to a company. Users granted "Incluir todas" see them at once (their
 * grant is stored as "all"); others are granted them by the administrator as usual.
 */
export function addAccounts(
  deps: CompanyLifecycleDeps,
  companyCode: string,
  accounts: Account[],
  origin: BankActor,
) {
  return onFreshRead(async () => {
    const company = await companyOrThrow(deps, companyCode);
    const numbers = new Set(company.accounts.map((a) => a.number));
    const given = new Set<string>();
    for (const account of accounts) {
      if (given.has(account.number)) throw new AppError('DUPLICATE_ACCOUNT', { account: account.number });
      if (numbers.has(account.number)) throw new AppError('ACCOUNT_EXISTS', { account: account.number });
      given.add(account.number);
    }
    if (company.accounts.length + accounts.length > MAX_COMPANY_ACCOUNTS)
      throw new AppError('TOO_MANY_ACCOUNTS', { limit: MAX_COMPANY_ACCOUNTS });
    const at = nowOf(deps).toISOString();
    const after = [...company.accounts, ...accounts];
    await versioned(() =>
      deps.admin.changeCompany(
        company,
        { set: { accounts: after } },
        bankAudit(companyCode, 'COMPANY_ACCOUNTS_ADDED', origin, at, {
          accounts: { before: company.accounts.map((a) => a.number), after: after.map((a) => a.number) },
        }),
      ),
    );
    return { companyCode, changed: true, version: company.version + 1 };
  });
}

/**
 * The bank removes an account: it leaves the company and every user's grant in one
 * transaction, with one audit entry per user whose grant changed, so no user is ever seen
 * holding an account the company no longer has.
 */
export function removeAccount(
  deps: CompanyLifecycleDeps,
  companyCode: string,
  accountNumber: string,
  origin: BankActor,
) {
  return onFreshRead(async () => {
    const company = await companyOrThrow(deps, companyCode);
    if (!company.accounts.some((a) => a.number === accountNumber))
      throw new AppError('ACCOUNT_NOT_FOUND', { account: accountNumber });
    if (company.accounts.length === 1) throw new AppError('LAST_ACCOUNT');
    const at = nowOf(deps).toISOString();
    const holders = (await deps.admin.listGrantHolders(companyCode)).filter((user) =>
      user.permissions?.accounts.includes(accountNumber),
    );
    // Two items per user (grant and audit), two for the company: refuse what cannot be one change.
    if (2 + holders.length * 2 > MAX_TRANSACTION_ITEMS)
      throw new AppError('CHANGE_TOO_LARGE', { users: holders.length });
    const rewrites: GrantRewrite[] = holders.map((user) => {
      const permissions = user.permissions as NonNullable<User['permissions']>;
      const accounts = permissions.accounts.filter((number) => number !== accountNumber);
      return {
        user,
        permissions: { ...permissions, accounts },
        audit: bankAudit(
          companyCode,
          'USER_ACCOUNT_REVOKED',
          origin,
          at,
          { accounts: { before: permissions.accounts, after: accounts } },
          user.userCode,
        ),
      };
    });
    const remaining = company.accounts.filter((a) => a.number !== accountNumber);
    await versioned(
      () =>
        deps.admin.changeCompany(
          company,
          { set: { accounts: remaining } },
          bankAudit(companyCode, 'COMPANY_ACCOUNT_REMOVED', origin, at, {
            accounts: {
              before: company.accounts.map((a) => a.number),
              after: remaining.map((a) => a.number),
            },
          }),
          rewrites,
        ),
      holders.length,
    );
    return { companyCode, changed: true, version: company.version + 1, usersChanged: holders.length };
  });
}

/** The bank changes the administrator's name or e-mail (the address the bank's e-mails go to). */
export function changeAdministrator(
  deps: CompanyLifecycleDeps,
  companyCode: string,
  input: Partial<Pick<User, 'firstName' | 'lastName' | 'email'>>,
  origin: BankActor,
) {
  return onFreshRead(async () => {
    if (input.firstName === undefined && input.lastName === undefined && input.email === undefined)
      throw new AppError('NOTHING_TO_CHANGE');
    const company = await companyOrThrow(deps, companyCode);
    const administrator = await deps.store.getUser(companyCode, company.administratorCode);
    if (!administrator) throw new AppError('COMPANY_NOT_FOUND', { companyCode });
    const set: Record<string, unknown> = {};
    const changes: AuditEntry['changes'] = {};
    for (const field of ['firstName', 'lastName', 'email'] as const) {
      const value = input[field];
      if (value !== undefined && value !== administrator[field]) {
        set[field] = value;
        changes[field] = { before: administrator[field], after: value };
      }
    }
    if (Object.keys(set).length === 0) return { companyCode, changed: false, version: company.version };
    const at = nowOf(deps).toISOString();
    await versioned(() =>
      deps.admin.changeUser(
        administrator,
        { ...set, updatedAt: at },
        bankAudit(companyCode, 'ADMINISTRATOR_CHANGED', origin, at, changes, administrator.userCode),
      ),
    );
    return { companyCode, changed: true, version: company.version };
  });
}

/**
 * The bank suspends a company (`suspend`) or lifts the suspension: while suspended nobody of
 * the company logs in, every live session is refused on its next request (the authenticator
 * reads the company with the caller), and entitlement decisions deny with COMPANY_SUSPENDED.
 * The reason is audited; the administrator is told by e-mail.
 */
export function setSuspension(
  deps: CompanyLifecycleDeps,
  companyCode: string,
  suspend: boolean,
  reason: string,
  origin: BankActor,
) {
  return onFreshRead(async () => {
    const company: Company = await companyOrThrow(deps, companyCode);
    if ((company.suspension !== undefined) === suspend)
      return { companyCode, changed: false, version: company.version };
    const at = nowOf(deps).toISOString();
    const suspension = { reason, at, by: BANK_ACTOR };
    await versioned(() =>
      deps.admin.changeCompany(
        company,
        suspend ? { set: { suspension } } : { remove: ['suspension'] },
        bankAudit(companyCode, suspend ? 'COMPANY_SUSPENDED' : 'COMPANY_REACTIVATED', origin, at, {
          suspended: { before: !suspend, after: suspend },
          reason: { after: reason },
        }),
      ),
    );
    origin.log.info(suspend ? 'company suspended' : 'company reactivated');
    const administrator = await deps.store.getUser(companyCode, company.administratorCode);
    if (administrator)
      await deps.notifier.notify(
        { email: administrator.email, language: company.language },
        { kind: suspend ? 'COMPANY_SUSPENDED' : 'COMPANY_REACTIVATED' },
        origin.log,
      );
    return { companyCode, changed: true, version: company.version + 1 };
  });
}
