import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { nowOf } from '../core/clock.ts';
import { AppError } from '../core/errors.ts';
import type { Transaction } from '../data/transact.ts';
import { administeringCount } from '../domain/administrators.ts';
import type { Company, CompanySettings, User } from '../domain/model.ts';
import { dualControlOn, pendingChangeHours } from '../domain/pending-changes.ts';
import { confirmationWindowMinutes, otpAtLoginRequired, otpConfirmationRequired } from './otp.ts';
import type { TokenDeps } from './tokens.ts';

/** What the company's settings need: their store (the company item), its administrators, the clock. */
export type CompanySettingsDeps = Pick<TokenDeps, 'tokens' | 'administrators' | 'lockoutThreshold' | 'now'>;

/** The company's OTP settings, with their defaults (confirmation on, at login off). */
export function companySettings(company: Company) {
  return {
    otpConfirmation: otpConfirmationRequired(company),
    otpAtLogin: otpAtLoginRequired(company),
    confirmationWindowMinutes: confirmationWindowMinutes(company),
    dualControl: dualControlOn(company),
    pendingChangeHours: pendingChangeHours(company),
    version: company.version,
  };
}

/** The administrator changes the company's OTP settings ("si te es requerido", token at login). */
export async function updateCompanySettings(
  deps: CompanySettingsDeps,
  company: Company,
  admin: User,
  input: Partial<CompanySettings>,
  origin: Actor,
  transaction: Transaction,
) {
  const { version: _version, ...current } = companySettings(company);
  const next: Required<CompanySettings> = {
    otpConfirmation: input.otpConfirmation ?? current.otpConfirmation,
    otpAtLogin: input.otpAtLogin ?? current.otpAtLogin,
    confirmationWindowMinutes: input.confirmationWindowMinutes ?? current.confirmationWindowMinutes,
    dualControl: input.dualControl ?? current.dualControl,
    pendingChangeHours: input.pendingChangeHours ?? current.pendingChangeHours,
  };
  const changes: AuditEntry['changes'] = {};
  for (const name of [
    'otpConfirmation',
    'otpAtLogin',
    'confirmationWindowMinutes',
    'dualControl',
    'pendingChangeHours',
  ] as const) {
    if (next[name] !== current[name]) changes[name] = { before: current[name], after: next[name] };
  }
  if (Object.keys(changes).length === 0) return companySettings(company);
  const now = nowOf(deps);
  // Dual control needs a second administrator who administers.
  if (next.dualControl && !current.dualControl && deps.administrators) {
    const count = await administeringCount(
      { administrators: deps.administrators, lockoutThreshold: deps.lockoutThreshold, now: () => now },
      company.code,
    );
    if (count < 2) throw new AppError('DUAL_CONTROL_NEEDS_ADMINISTRATORS');
  }
  // A concurrent change of the settings (VersionConflictError) is answered 409 VERSION_CONFLICT.
  await deps.tokens.updateSettings(
    company,
    next,
    auditEntry(origin, now, {
      companyCode: company.code,
      actor: admin.userCode,
      action: 'COMPANY_SETTINGS_CHANGED',
      changes,
    }),
    transaction,
  );
  return { ...next, version: company.version + 1 };
}
