import type { CreateUserBody, UpdateUserBody } from '../contracts/users.ts';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, type FieldIssue, validationError } from '../core/errors.ts';
import { type Problem, throwProblems } from '../core/problems.ts';
import type { ApproverSummary } from '../data/approvers.ts';
import type { Transaction } from '../data/transact.ts';
import type { UserStore, UserSummary } from '../data/users.ts';
import { listDate } from '../domain/bank-calendar.ts';
import { passwordLock, tokenLock } from '../domain/credential.ts';
import { approvalsWarnings } from '../domain/entitlements.ts';
import { grantedAccounts, grantedOptions } from '../domain/grants.ts';
import {
  type Company,
  type Permissions,
  type User,
  type UserState,
  userStateLabels,
} from '../domain/model.ts';
import {
  allOptionIds,
  approvalGroups,
  formatAmountCents,
  optionsById,
  parseAmountCents,
} from '../domain/options-catalog.ts';
import { hashPassword } from '../domain/password-hash.ts';
import type { PasswordPolicy } from '../domain/password-policy.ts';
import { newPasswordIssues, nextCredential } from './credentials.ts';
import { cursorOffset, offsetPage } from './offset-page.ts';

export interface UserAdminDeps {
  users: UserStore;
  /** The password policy, for a password assigned with the creation. */
  passwords?: PasswordAssignmentDeps;
  /** The company's users as the approvals warning needs them (§3, docs/entitlements.md); no warning without it. */
  approvers?: (companyCode: string) => Promise<ApproverSummary[]>;
  cursorKey: () => Promise<Uint8Array>;
  lockoutThreshold: number;
  now?: () => Date;
}

const audit = (
  admin: User,
  action: string,
  target: string,
  origin: Actor,
  at: Date,
  changes?: AuditEntry['changes'],
): AuditEntry =>
  auditEntry(origin, at, {
    companyCode: admin.companyCode,
    actor: admin.userCode,
    action,
    target,
    ...(changes ? { changes } : {}),
  });

const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);

/** What a user's permissions are judged on; a part that is missing (invalid in the request) is not judged. */
type PermissionsInput = Partial<Pick<CreateUserBody, 'options' | 'limits' | 'approvals' | 'accounts'>>;

/**
 * Judges the screen's choices (options with "include all", limits as decimal strings,
 * approvals, accounts with "include all"), reporting every rule broken: unknown or repeated
 * options and accounts, limits on options that do not move funds or were not chosen, approvals
 * on groups with no chosen option. Limits and approvals are judged only with the options, and
 * accounts only when given, so that a request whose other fields are invalid is still judged on
 * these. The permissions come back only when every part was given and passed.
 */
export function judgePermissions(
  company: Company,
  input: PermissionsInput,
): { permissions?: Permissions; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const options =
    input.options === undefined ? undefined : input.options === 'ALL' ? [...allOptionIds] : input.options;
  const limitsCents: Record<string, number> = {};
  const approvals: Permissions['approvals'] = {};
  if (options) {
    if (duplicates(options).length > 0) issues.push({ field: 'body.options', rule: 'duplicate_item' });
    for (const id of options) {
      if (optionsById.get(id)?.movesFunds) limitsCents[id] = 0;
    }
    for (const [id, amount] of Object.entries(input.limits ?? {})) {
      const field = `body.limits.${id}`;
      // Own properties only: `toString` or `constructor` is "in" every object.
      if (!Object.hasOwn(limitsCents, id)) {
        issues.push({ field, rule: optionsById.has(id) ? 'limit_not_applicable' : 'unknown_option' });
        continue;
      }
      const cents = parseAmountCents(amount);
      if (cents === undefined) issues.push({ field, rule: 'amount_format' });
      else limitsCents[id] = cents;
    }
    const chosenGroups = new Set(options.map((id) => optionsById.get(id)?.group));
    for (const group of approvalGroups) {
      if (group !== 'transfers' && group !== 'payments') continue;
      const given = input.approvals?.[group];
      if (chosenGroups.has(group)) approvals[group] = given ?? 1;
      else if (given !== undefined)
        issues.push({ field: `body.approvals.${group}`, rule: 'approvals_not_applicable' });
    }
  }
  const owned = company.accounts.map((a) => a.number);
  const accounts =
    input.accounts === undefined ? undefined : input.accounts === 'ALL' ? owned : input.accounts;
  if (accounts) {
    if (duplicates(accounts).length > 0) issues.push({ field: 'body.accounts', rule: 'duplicate_item' });
    accounts.forEach((number, index) => {
      if (!owned.includes(number)) issues.push({ field: `body.accounts.${index}`, rule: 'unknown_account' });
    });
  }
  if (issues.length > 0 || !options || !accounts) return { issues };
  return {
    issues,
    permissions: {
      options: [...options].sort(),
      limitsCents,
      approvals,
      accounts: [...accounts].sort(),
      // "Incluir todas" is stored as "all": later options and accounts are included.
      ...(input.options === 'ALL' ? { allOptions: true } : {}),
      ...(input.accounts === 'ALL' ? { allAccounts: true } : {}),
    },
  };
}

/** {@link judgePermissions} of a complete choice: the permissions, or VALIDATION_FAILED with every rule broken. */
export function resolvePermissions(
  company: Company,
  input: Pick<CreateUserBody, 'options' | 'limits' | 'approvals' | 'accounts'>,
): Permissions {
  const { permissions, issues } = judgePermissions(company, input);
  if (!permissions) throw validationError(issues);
  return permissions;
}

/** The API's view of a user: everything the "Administración de usuarios" screen shows, with its locks. */
export function userView(
  user: User,
  lockoutThreshold: number,
  now: Date = new Date(),
  company?: Pick<Company, 'accounts'>,
) {
  const lock = passwordLock(user.credential, lockoutThreshold, now);
  const tokenLocked = tokenLock(user.token, lockoutThreshold);
  const permissions = user.permissions ?? { options: [], limitsCents: {}, approvals: {}, accounts: [] };
  return {
    userCode: user.userCode,
    firstName: user.firstName,
    lastName: user.lastName,
    ...(user.jobTitle ? { jobTitle: user.jobTitle } : {}),
    email: user.email,
    role: user.role,
    ...(user.profile ? { profile: user.profile } : {}),
    state: user.state,
    stateLabel: userStateLabels[user.state],
    options: grantedOptions(permissions),
    limits: Object.fromEntries(
      Object.entries(permissions.limitsCents).map(([id, c]) => [id, formatAmountCents(c)]),
    ),
    approvals: permissions.approvals,
    accounts: company ? grantedAccounts(permissions, company) : permissions.accounts,
    // Which grants are "Incluir todas": they include later options and accounts.
    allOptions: permissions.allOptions === true,
    allAccounts: permissions.allAccounts === true,
    hasPassword: Boolean(user.credential),
    mustChangePassword: Boolean(user.credential && user.credential.kind !== 'personal'),
    locked: Boolean(lock),
    ...(lock ? { lock } : {}),
    tokenState: user.token?.state ?? 'NONE',
    // Why the user is Deshabilitado: by the administrator, or dormant.
    ...(user.state === 'DISABLED' && user.disabledReason ? { disabledReason: user.disabledReason } : {}),
    ...(tokenLocked ? { tokenLock: tokenLocked } : {}),
    createdBy: user.createdBy,
    createdAt: user.createdAt,
    ...(user.updatedAt ? { updatedAt: user.updatedAt } : {}),
    version: user.version,
  };
}

/** An end user of the caller's company, or the right error: unknown (404) or the administrator (403). */
export function endUserOrThrow(target: User | undefined, userCode: string): User {
  if (!target) throw new AppError('USER_NOT_FOUND', { userCode });
  if (target.role === 'admin') throw new AppError('ADMINISTRATOR_NOT_TARGETABLE');
  return target;
}

/** What assigning a password with the creation needs: the policy and the hash. */
export interface PasswordAssignmentDeps {
  policy: PasswordPolicy;
  /** Lifetime of an assigned password, like the generic one. */
  assignedPasswordTtlHours: number;
  hash?: (password: string) => Promise<string>;
}

/** The password issues of a new user's assigned password, on `<prefix>.initialPassword.*`. */
async function initialPasswordIssues(
  passwords: PasswordAssignmentDeps,
  company: Company,
  userCode: string,
  given: { newPassword: string; confirmation?: string },
  prefix: string,
): Promise<FieldIssue[]> {
  const issues = await newPasswordIssues(passwords.policy, { companyCode: company.code, userCode } as User, {
    newPassword: given.newPassword,
    confirmation: given.confirmation ?? given.newPassword,
  });
  return issues.map((issue) => ({
    ...issue,
    field: `${prefix}.initialPassword.${issue.field.endsWith('confirmation') ? 'confirmation' : 'newPassword'}`,
  }));
}

/**
 * Every problem a new user has, judged before anything is written and on
 * whatever parts of the request are valid: the permissions (options, limits, approvals,
 * accounts of the company), the assigned password's rules, activating without a password
 * (PASSWORD_NOT_ASSIGNED), and a user code the company already has (USER_EXISTS). The code is
 * read only when there are other problems (`othersFound`: the request's schema broken, say) to
 * list it with: alone, the creation's conditional write answers it as USER_EXISTS, so a valid
 * creation costs no extra round trip.
 */
export async function createUserProblems(
  deps: UserAdminDeps,
  company: Company,
  input: Partial<CreateUserBody>,
  { prefix = 'body', othersFound = false }: { prefix?: string; othersFound?: boolean } = {},
): Promise<{ problems: Problem[]; permissions?: Permissions }> {
  const { permissions, issues } = judgePermissions(company, input);
  const problems: Problem[] = issues.map((issue) => ({
    ...issue,
    field: issue.field.replace(/^body/, prefix),
  }));
  if (input.initialPassword) {
    if (!deps.passwords)
      throw new Error('Invalid configuration: assigning a password needs the password policy');
    problems.push(
      ...(await initialPasswordIssues(
        deps.passwords,
        company,
        input.userCode ?? '',
        input.initialPassword,
        prefix,
      )),
    );
  }
  if (input.activate && !input.initialPassword) {
    problems.push({ field: `${prefix}.activate`, error: new AppError('PASSWORD_NOT_ASSIGNED') });
  }
  const listed = othersFound || problems.length > 0;
  if (listed && input.userCode !== undefined && (await deps.users.exists(company.code, input.userCode))) {
    problems.push({
      field: `${prefix}.userCode`,
      error: new AppError('USER_EXISTS', { userCode: input.userCode }),
    });
  }
  return { problems, ...(permissions ? { permissions } : {}) };
}

/** A new user, and its audit entries: created, and with `initialPassword` / `activate` as those actions audit. */
export async function newUserRecord(
  deps: UserAdminDeps,
  company: Company,
  admin: User,
  input: CreateUserBody,
  permissions: Permissions,
  origin: Actor,
  now: Date,
): Promise<{ user: User; audits: AuditEntry[]; passwordExpiresAt?: string }> {
  const created: User = {
    companyCode: company.code,
    userCode: input.userCode,
    role: 'user',
    firstName: input.firstName,
    lastName: input.lastName,
    jobTitle: input.jobTitle,
    email: input.email,
    profile: input.profile,
    permissions,
    state: 'PENDING',
    createdBy: admin.userCode,
    createdAt: now.toISOString(),
    version: 1,
  };
  const { companyCode: _c, version: _v, ...after } = created;
  const audits = [audit(admin, 'USER_CREATED', created.userCode, origin, now, { user: { after } })];
  if (!input.initialPassword || !deps.passwords) return { user: created, audits };
  // Each action audited on its own, a millisecond apart so the log shows them in order.
  const later = (ms: number) => new Date(now.getTime() + ms);
  const { policy, assignedPasswordTtlHours, hash } = deps.passwords;
  const expiresAt = new Date(now.getTime() + assignedPasswordTtlHours * 3_600_000);
  const passwordHash = await (hash ?? hashPassword)(input.initialPassword.newPassword);
  const user: User = {
    ...created,
    credential: nextCredential(policy, undefined, passwordHash, 'assigned', now, expiresAt),
  };
  audits.push(
    audit(admin, 'USER_PASSWORD_ASSIGNED', user.userCode, origin, later(1), {
      locked: { before: false, after: false },
      passwordKind: { after: 'assigned' },
    }),
  );
  if (input.activate) {
    user.state = 'ACTIVE';
    audits.push(
      audit(admin, 'USER_STATE_CHANGED', user.userCode, origin, later(2), {
        state: { before: 'PENDING', after: 'ACTIVE' },
      }),
    );
  }
  return { user, audits, passwordExpiresAt: expiresAt.toISOString() };
}

const ASSIGN_PASSWORD_REMINDER = {
  es: 'Recuerde que debe asignar la Clave de este Usuario en "Asignar Clave".',
  en: 'Remember to assign this user\'s password in "Assign Password".',
};
const TELL_PASSWORD_REMINDER = {
  es: 'Recuerde informarle al Usuario su Clave de ingreso al Sitio, el código de empresa y el código de usuario.',
  en: 'Remember to tell the user their password, the company code and the user code.',
};

/**
 * Steps 10–13: create an end user, Pendiente and without a password; or,
 * in the same confirmed request and transaction, with an assigned password and Activo, each
 * action audited on its own. Every problem is judged before anything is written.
 */
export async function createUser(
  deps: UserAdminDeps,
  company: Company,
  admin: User,
  input: CreateUserBody,
  origin: Actor,
  transaction: Transaction,
) {
  const { problems, permissions } = await createUserProblems(deps, company, input);
  throwProblems(problems);
  if (!permissions) throw new Error('permissions judged without problems');
  const now = nowOf(deps);
  const { user, audits, passwordExpiresAt } = await newUserRecord(
    deps,
    company,
    admin,
    input,
    permissions,
    origin,
    now,
  );
  await deps.users.create(user, audits, transaction);
  const warnings = await approvalWarningsOf(deps, user);
  return {
    user: userView(user, deps.lockoutThreshold, now),
    ...(warnings.length > 0 ? { warnings } : {}),
    reminder: passwordExpiresAt ? TELL_PASSWORD_REMINDER : ASSIGN_PASSWORD_REMINDER,
    ...(passwordExpiresAt ? { passwordExpiresAt } : {}),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every problem a change of a user's data has: a stale version
 * (VERSION_CONFLICT) and every permission rule broken, judged on the parts given; and the
 * changes it makes when there is none.
 */
export function updateUserProblems(
  company: Company,
  target: User,
  input: Partial<UpdateUserBody>,
): { problems: Problem[]; changes: Partial<User> } {
  const problems: Problem[] = [];
  if (input.version !== undefined && input.version !== target.version)
    problems.push({ field: 'body.version', error: new AppError('VERSION_CONFLICT') });
  const current = target.permissions ?? { options: [], limitsCents: {}, approvals: {}, accounts: [] };
  const permissionsTouched =
    input.options !== undefined ||
    input.limits !== undefined ||
    input.approvals !== undefined ||
    input.accounts !== undefined;
  const changes: Partial<User> = {};
  for (const field of ['firstName', 'lastName', 'jobTitle', 'email', 'profile'] as const) {
    const value = input[field];
    if (value !== undefined && value !== target[field]) (changes as Record<string, unknown>)[field] = value;
  }
  if (permissionsTouched) {
    // What the caller did not send is kept, as far as it still applies to the chosen options.
    const options = input.options ?? (current.allOptions ? 'ALL' : current.options);
    const chosen = new Set(options === 'ALL' ? allOptionIds : options);
    const chosenGroups = new Set([...chosen].map((id) => optionsById.get(id)?.group));
    const keptLimits = Object.fromEntries(
      Object.entries(current.limitsCents)
        .filter(([id]) => chosen.has(id))
        .map(([id, cents]) => [id, formatAmountCents(cents)]),
    );
    const keptApprovals = Object.fromEntries(
      Object.entries(current.approvals).filter(([group]) =>
        chosenGroups.has(group as 'transfers' | 'payments'),
      ),
    );
    const judged = judgePermissions(company, {
      options,
      limits: input.limits ?? keptLimits,
      approvals: input.approvals ?? keptApprovals,
      accounts: input.accounts ?? (current.allAccounts ? 'ALL' : current.accounts),
    });
    problems.push(...judged.issues);
    if (judged.permissions && !same(judged.permissions, current)) changes.permissions = judged.permissions;
  }
  return { problems, changes };
}

/** "TEN EN CUENTA": modify any of a user's data at any time; each changed field audited before/after. */
export async function updateUser(
  deps: UserAdminDeps,
  company: Company,
  admin: User,
  target: User,
  input: UpdateUserBody,
  origin: Actor,
  transaction: Transaction,
) {
  const { problems, changes } = updateUserProblems(company, target, input);
  throwProblems(problems);
  if (Object.keys(changes).length === 0)
    return { user: userView(target, deps.lockoutThreshold, nowOf(deps)) };
  const now = nowOf(deps);
  changes.updatedAt = now.toISOString();
  const auditChanges: AuditEntry['changes'] = {};
  for (const [field, after] of Object.entries(changes)) {
    if (field !== 'updatedAt')
      auditChanges[field] = { before: (target as unknown as Record<string, unknown>)[field], after };
  }
  await deps.users.update(
    target,
    changes,
    audit(admin, 'USER_UPDATED', target.userCode, origin, now, auditChanges),
    transaction,
  );
  const updated = { ...target, ...changes, version: target.version + 1 };
  const warnings = changes.permissions ? await approvalWarningsOf(deps, updated) : [];
  return {
    user: userView(updated, deps.lockoutThreshold, now),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/**
 * §3: the approvals this user's operations will need that the company's active approvers
 * cannot give (a warning in the answer, never a refusal). One Query, only for users with an
 * option that moves funds.
 */
async function approvalWarningsOf(deps: UserAdminDeps, user: User) {
  if (!deps.approvers) return [];
  if (!user.permissions?.options.some((id) => optionsById.get(id)?.movesFunds)) return [];
  return approvalsWarnings(user, await deps.approvers(user.companyCode));
}

/**
 * Every problem a change of state has: a stale version, the state the user
 * already has, activating a user with no password.
 */
export function stateChangeProblems(
  target: User,
  input: Partial<{ state: UserState; version: number }>,
): Problem[] {
  const problems: Problem[] = [];
  if (input.version !== undefined && input.version !== target.version)
    problems.push({ field: 'body.version', error: new AppError('VERSION_CONFLICT') });
  if (input.state === target.state) {
    problems.push({
      field: 'body.state',
      error: new AppError('INVALID_STATE_TRANSITION', { state: userStateLabels[target.state].es }),
    });
  } else if (input.state === 'ACTIVE' && !target.credential) {
    problems.push({ field: 'body.state', error: new AppError('PASSWORD_NOT_ASSIGNED') });
  }
  return problems;
}

/**
 * Steps 19–23: Pendiente / Activo / Deshabilitado. Activo needs an assigned password;
 * leaving Activo ends the user's session at once.
 */
export async function changeUserState(
  deps: UserAdminDeps,
  admin: User,
  target: User,
  input: { state: UserState; version: number },
  origin: Actor,
  transaction: Transaction,
) {
  throwProblems(stateChangeProblems(target, input));
  const now = nowOf(deps);
  const changes = {
    state: input.state,
    updatedAt: now.toISOString(),
    ...(input.state === 'DISABLED' ? { disabledReason: 'ADMINISTRATOR' as const } : {}),
  };
  await deps.users.update(
    target,
    changes,
    audit(admin, 'USER_STATE_CHANGED', target.userCode, origin, now, {
      state: { before: target.state, after: input.state },
    }),
    transaction,
    { endSession: input.state !== 'ACTIVE' },
  );
  return {
    user: userView({ ...target, ...changes, version: target.version + 1 }, deps.lockoutThreshold, now),
  };
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether a row matches the "Filtrar" text over every column, ignoring case and accents. */
export function matchesFilter(row: UserSummary, filter: string | undefined): boolean {
  if (!filter?.trim()) return true;
  const haystack = fold(
    [
      row.userCode,
      row.firstName,
      row.lastName,
      row.createdBy,
      listDate(new Date(row.createdAt)),
      row.createdAt.slice(0, 10),
      userStateLabels[row.state].es,
      userStateLabels[row.state].en,
    ].join('\u0000'),
  );
  return fold(filter.trim())
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/** The end users matching the filter, in user-code order (the export and the list share it). */
export async function filteredUsers(deps: UserAdminDeps, companyCode: string, filter: string | undefined) {
  const all = await deps.users.listSummaries(companyCode, deps.lockoutThreshold, nowOf(deps));
  return all
    .filter((row) => row.role !== 'admin' && matchesFilter(row, filter))
    .sort((a, b) => (a.userCode < b.userCode ? -1 : a.userCode > b.userCode ? 1 : 0));
}

/** Steps 16, 20, 23: one page of the company's end users, with previous/next cursors. */
export async function listUsers(
  deps: UserAdminDeps,
  companyCode: string,
  query: { pageSize: number; filter?: string; cursor?: string },
) {
  const key = await deps.cursorKey();
  const scope = `${companyCode}|users|${query.filter ?? ''}|${query.pageSize}`;
  const offset = cursorOffset(key, scope, query.cursor);
  const rows = await filteredUsers(deps, companyCode, query.filter);
  const { items, page } = offsetPage(key, scope, rows, offset, query.pageSize);
  return {
    items: items.map(({ role: _role, ...row }) => ({ ...row, stateLabel: userStateLabels[row.state] })),
    page,
  };
}
