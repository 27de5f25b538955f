import type { ConnectionRulesBody } from '../contracts/controls.ts';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError, validationError } from '../core/errors.ts';
import type { ConnectionRuleStore } from '../data/connection-rules.ts';
import type { Transaction } from '../data/transact.ts';
import { bankTimeZone } from '../domain/bank-calendar.ts';
import { canonicalRules, effectiveRules, isUnrestricted, sameRules } from '../domain/connection-rules.ts';
import { resolveConnectionRules } from '../domain/connection-rules-input.ts';
import type { Company, ConnectionRules, User } from '../domain/model.ts';

export interface ConnectionControlDeps {
  rules: ConnectionRuleStore;
  now?: () => Date;
}

const NO_RULES: ConnectionRules = { allowedHours: {}, allowedIps: [] };

const auditOf = (
  admin: User,
  action: string,
  origin: Actor,
  at: Date,
  changes: AuditEntry['changes'],
  target?: string,
): AuditEntry =>
  auditEntry(origin, at, {
    companyCode: admin.companyCode,
    actor: admin.userCode,
    action,
    ...(target ? { target } : {}),
    changes,
  });

/** The rules as given, checked and canonical, or a 400 naming every broken rule; nothing is written. */
function checkedRules(input: ConnectionRulesBody): ConnectionRules {
  const { rules, issues } = resolveConnectionRules(input);
  if (issues.length > 0) throw validationError(issues);
  return rules;
}

/** Step 25, "a nivel general": the company-wide rules, as the screen shows them. */
export function companyRulesView(company: Company) {
  return {
    timeZone: bankTimeZone(),
    rules: company.connectionRules ? canonicalRules(company.connectionRules) : NO_RULES,
    version: company.version,
  };
}

/**
 * Sets the rules of every end user without rules of their own. Rules that restrict nothing
 * are stored as no rules. Takes effect on each user's next request, and ends the sessions
 * it then refuses.
 */
export async function setCompanyRules(
  deps: ConnectionControlDeps,
  company: Company,
  admin: User,
  input: ConnectionRulesBody,
  origin: Actor,
  transaction: Transaction,
) {
  if (input.version !== company.version) throw new AppError('VERSION_CONFLICT');
  const rules = checkedRules(input);
  const next = isUnrestricted(rules) ? undefined : rules;
  if (sameRules(next, company.connectionRules)) return companyRulesView(company);
  const now = nowOf(deps);
  await deps.rules.setCompanyRules(
    company,
    next,
    auditOf(admin, 'COMPANY_CONNECTION_RULES_CHANGED', origin, now, {
      connectionRules: { before: company.connectionRules ?? null, after: next ?? null },
    }),
    transaction,
  );
  return companyRulesView({ ...company, connectionRules: next, version: company.version + 1 });
}

/** Step 25, "para un usuario final": the user's own rules (if any) and which rules govern them. */
export function userRulesView(company: Company, user: User) {
  return {
    userCode: user.userCode,
    timeZone: bankTimeZone(),
    rules: user.connectionRules ? canonicalRules(user.connectionRules) : null,
    source: effectiveRules(company, user).source,
    version: user.version,
  };
}

/**
 * Sets an end user's own rules, which replace the company's for that user — rules that
 * restrict nothing included: they exempt the user from the company's.
 */
export async function setUserRules(
  deps: ConnectionControlDeps,
  company: Company,
  admin: User,
  target: User,
  input: ConnectionRulesBody,
  origin: Actor,
  transaction: Transaction,
) {
  if (input.version !== target.version) throw new AppError('VERSION_CONFLICT');
  const rules = checkedRules(input);
  if (sameRules(rules, target.connectionRules)) return userRulesView(company, target);
  const now = nowOf(deps);
  await deps.rules.setUserRules(
    target,
    rules,
    auditOf(
      admin,
      'USER_CONNECTION_RULES_CHANGED',
      origin,
      now,
      { connectionRules: { before: target.connectionRules ?? null, after: rules } },
      target.userCode,
    ),
    transaction,
  );
  return userRulesView(company, { ...target, connectionRules: rules, version: target.version + 1 });
}

/** Removes an end user's own rules: the company's apply to them again. */
export async function removeUserRules(
  deps: ConnectionControlDeps,
  admin: User,
  target: User,
  origin: Actor,
  transaction: Transaction,
) {
  if (!target.connectionRules)
    throw new AppError('CONNECTION_RULES_NOT_FOUND', { userCode: target.userCode });
  const now = nowOf(deps);
  await deps.rules.setUserRules(
    target,
    undefined,
    auditOf(
      admin,
      'USER_CONNECTION_RULES_REMOVED',
      origin,
      now,
      { connectionRules: { before: target.connectionRules, after: null } },
      target.userCode,
    ),
    transaction,
  );
}
