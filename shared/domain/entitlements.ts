import { effectiveRules } from './connection-rules.ts';
import { passwordLock } from './credential.ts';
import { grantedOptions, grantsAccount, grantsOption } from './grants.ts';
import { type Approval, type MakerCheckerState, stateAt } from './maker-checker.ts';
import type { Company, Profile, User } from './model.ts';
import { formatAmountCents, optionsById } from './options-catalog.ts';

/*
 * Entitlement decisions (docs/entitlements.md): may a user of a company use an option on an
 * account for an amount, and how many approvals will the operation need. Pure: the company
 * and user items, the clock and the connection check come in as arguments.
 */

/** Every reason a decision can give, each a stable code the bank's modules key on. */
export const DENIAL_REASONS = [
  'COMPANY_NOT_FOUND',
  'COMPANY_SUSPENDED',
  'USER_NOT_FOUND',
  'NOT_END_USER',
  'USER_NOT_ACTIVE',
  'USER_LOCKED',
  'OPTION_NOT_GRANTED',
  'ACCOUNT_NOT_GRANTED',
  'OVER_LIMIT',
  'PROFILE_MAY_NOT_CAPTURE',
  'PROFILE_MAY_NOT_APPROVE',
  'CONNECTION_IP',
  'CONNECTION_HOURS',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

/** What a user would do with the option: capture (build the instruction) or approve it. */
export type EntitlementAction = 'CAPTURE' | 'APPROVE';

export interface EntitlementQuestion {
  companyCode: string;
  userCode: string;
  optionId: string;
  action?: EntitlementAction;
  account?: string;
  /** Exact USD cents. */
  amountCents?: number;
  sourceIp?: string;
}

export interface EntitlementDecision {
  decision: 'ALLOW' | 'DENY';
  reasons: DenialReason[];
  /** The user's per-transaction limit for the option ("1500.00"), when the option moves funds. */
  limit?: string;
  /** How many approvals an operation this user captures with the option needs. */
  approvalsRequired?: number;
}

export const mayCapture = (profile: Profile | undefined) => profile === 'OPERATOR' || profile === 'BOTH';
export const mayApprove = (profile: Profile | undefined) => profile === 'SUPERVISOR' || profile === 'BOTH';

/** The number of approvals the maker's settings ask for the option's group (1 when unset). */
export function approvalsRequired(user: Pick<User, 'permissions'>, optionId: string): number | undefined {
  const group = optionsById.get(optionId)?.group;
  if (group !== 'transfers' && group !== 'payments') return undefined;
  return user.permissions?.approvals?.[group] ?? 1;
}

/**
 * The per-transaction limit of the option in cents, when it moves funds. A limit of 0,00 —
 * the guide's default — allows no amount above zero: the administrator must set one.
 */
export function limitCents(user: Pick<User, 'permissions'>, optionId: string): number | undefined {
  if (!optionsById.get(optionId)?.movesFunds) return undefined;
  return user.permissions?.limitsCents?.[optionId] ?? 0;
}

/** The connection-check module (step 25), loaded only when rules govern a user. */
export type ConnectionChecks = Pick<
  typeof import('./connection-check.ts'),
  'fromAllowedIp' | 'withinAllowedHours'
>;

/**
 * Decides one question against the company and user as stored now, giving every reason that
 * applies (not only the first). `checks` is the connection-check module (step 25), needed only
 * when rules govern the user.
 */
export function decide(
  question: EntitlementQuestion,
  company: Company | undefined,
  user: User | undefined,
  context: { now: Date; lockoutThreshold: number; checks?: ConnectionChecks },
): EntitlementDecision {
  if (!company) return { decision: 'DENY', reasons: ['COMPANY_NOT_FOUND'] };
  if (!user) return { decision: 'DENY', reasons: ['USER_NOT_FOUND'] };
  if (user.role !== 'user') return { decision: 'DENY', reasons: ['NOT_END_USER'] };
  const reasons: DenialReason[] = [];
  // Fed by the bank's suspension (shared/services/company-lifecycle.ts).
  if (company.suspension) reasons.push('COMPANY_SUSPENDED');
  if (user.state !== 'ACTIVE') reasons.push('USER_NOT_ACTIVE');
  if (passwordLock(user.credential, context.lockoutThreshold, context.now)) reasons.push('USER_LOCKED');
  const permissions = user.permissions;
  const option = optionsById.get(question.optionId);
  if (!grantsOption(permissions, question.optionId)) reasons.push('OPTION_NOT_GRANTED');
  if (question.account !== undefined && !grantsAccount(permissions, question.account, company))
    reasons.push('ACCOUNT_NOT_GRANTED');
  const limit = limitCents(user, question.optionId);
  if (limit !== undefined && question.amountCents !== undefined && question.amountCents > limit)
    reasons.push('OVER_LIMIT');
  if (option?.movesFunds) {
    const action = question.action ?? 'CAPTURE';
    if (action === 'CAPTURE' && !mayCapture(user.profile)) reasons.push('PROFILE_MAY_NOT_CAPTURE');
    if (action === 'APPROVE' && !mayApprove(user.profile)) reasons.push('PROFILE_MAY_NOT_APPROVE');
  }
  const { rules } = effectiveRules(company, user);
  if (rules && context.checks) {
    if (!context.checks.fromAllowedIp(rules.allowedIps, question.sourceIp)) reasons.push('CONNECTION_IP');
    if (!context.checks.withinAllowedHours(rules.allowedHours, context.now)) reasons.push('CONNECTION_HOURS');
  }
  const approvals = approvalsRequired(user, question.optionId);
  return {
    decision: reasons.length === 0 ? 'ALLOW' : 'DENY',
    reasons,
    ...(limit !== undefined ? { limit: formatAmountCents(limit) } : {}),
    ...(approvals !== undefined && option?.movesFunds ? { approvalsRequired: approvals } : {}),
  };
}

/** Whether the connection-check module is needed for this user (rules govern them). */
export const governedByRules = (company: Company | undefined, user: User | undefined) =>
  Boolean(company && user && user.role === 'user' && effectiveRules(company, user).rules);

/** Operation states (docs/entitlements.md): the maker-checker states, one pending and four final. */
export type OperationState = MakerCheckerState;

export type OperationApproval = Approval;

/** An operation an end user captured in a transactional module, awaiting approvals. */
export interface Operation {
  companyCode: string;
  operationId: string;
  makerCode: string;
  optionId: string;
  account: string;
  amountCents: number;
  currency: 'USD';
  reference: string;
  /** The transactional module's digest of the operation's details (SHA-256, hex). */
  digest: string;
  state: OperationState;
  requiredApprovals: number;
  approvals: OperationApproval[];
  rejection?: OperationApproval & { reason?: string };
  createdAt: string;
  /** After this instant a pending operation is EXPIRED (checked on every read and decision). */
  expiresOn: string;
  updatedAt: string;
  /** The bank identity (IAM ARN) of the module that registered it. */
  capturedBy: string;
  version: number;
}

/** The state as of `now`: a pending operation past its expiry is EXPIRED, whether or not stored so yet. */
export { stateAt };

/** Why an approver may not approve (or reject) an operation now, by their current settings; none when they may. */
export function approverRefusal(
  operation: Operation,
  approver: User,
): 'OWN_OPERATION' | 'ALREADY_APPROVED' | DenialReason | undefined {
  if (approver.userCode === operation.makerCode) return 'OWN_OPERATION';
  if (operation.approvals.some((a) => a.userCode === approver.userCode)) return 'ALREADY_APPROVED';
  if (!mayApprove(approver.profile)) return 'PROFILE_MAY_NOT_APPROVE';
  const permissions = approver.permissions;
  if (!grantsOption(permissions, operation.optionId)) return 'OPTION_NOT_GRANTED';
  if (!grantsAccount(permissions, operation.account)) return 'ACCOUNT_NOT_GRANTED';
  if (operation.amountCents > (limitCents(approver, operation.optionId) ?? 0)) return 'OVER_LIMIT';
  return undefined;
}

/** §3: a user's number of approvals that the company's approvers cannot reach, by option. */
export interface ApprovalsWarning {
  code: 'APPROVALS_EXCEED_APPROVERS';
  optionId: string;
  group: 'transfers' | 'payments';
  required: number;
  eligibleApprovers: number;
  message: { es: string; en: string };
}

/**
 * The configuration that cannot work (§3): for each option of the user that moves funds, the
 * number of approvals of its group is higher than the active Supervisor or Ambos users with the
 * option (the user excluded). A warning, never a refusal: companies create operators first.
 */
export function approvalsWarnings(
  user: Pick<User, 'userCode' | 'permissions'>,
  approvers: readonly { userCode: string; state: string; profile?: Profile; options: readonly string[] }[],
): ApprovalsWarning[] {
  const warnings: ApprovalsWarning[] = [];
  for (const optionId of grantedOptions(user.permissions)) {
    const option = optionsById.get(optionId);
    if (!option?.movesFunds || (option.group !== 'transfers' && option.group !== 'payments')) continue;
    const required = user.permissions?.approvals?.[option.group] ?? 1;
    const eligible = approvers.filter(
      (a) =>
        a.userCode !== user.userCode &&
        a.state === 'ACTIVE' &&
        mayApprove(a.profile) &&
        a.options.includes(optionId),
    ).length;
    if (required <= eligible) continue;
    warnings.push({
      code: 'APPROVALS_EXCEED_APPROVERS',
      optionId,
      group: option.group,
      required,
      eligibleApprovers: eligible,
      message: {
        es: `"${option.label.es}" requiere ${required} aprobación(es) y hay ${eligible} usuario(s) activo(s) Supervisor o Ambos con esa opción que podrían aprobar.`,
        en: `"${option.label.en}" needs ${required} approval(s) and ${eligible} active Supervisor or Both user(s) with that option could approve.`,
      },
    });
  }
  return warnings;
}
