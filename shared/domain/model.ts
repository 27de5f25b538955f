import type { Language } from '../core/language.ts';
import type { Weekday } from './bank-calendar.ts';

/** A company's account, registered by the bank. */
export interface Account {
  number: string;
  alias?: string;
  currency: string;
  type: 'CHECKING' | 'SAVINGS' | 'TIME_DEPOSIT' | 'LOAN' | 'CREDIT_CARD';
}

/** Company settings the administrator can change ("si te es requerido"). */
/** The most minutes a company's confirmation window may last (docs/security.md). */
export const MAX_CONFIRMATION_WINDOW_MINUTES = 5;

export interface CompanySettings {
  /** Administrative actions ask for an OTP from the administrator's BOP Token. On by default. */
  otpConfirmation: boolean;
  /** Login asks for an OTP after the password. Off by default. */
  otpAtLogin: boolean;
  /**
   * For how many minutes (0–5) an accepted confirmation code also confirms
   * the same administrator's next actions in the same session. 0 (the default, the guide's
   * behaviour): every action asks for a code. Risk and limits: docs/security.md.
   */
  confirmationWindowMinutes?: number;
  /**
   * Dual control (docs/administrators.md): every administrative change waits for
   * another administrator's approval. Off by default (absent).
   */
  dualControl?: boolean;
  /** How long a proposed change waits for approval, in hours (72 when absent). */
  pendingChangeHours?: number;
}

export interface Company {
  code: string;
  legalName: string;
  language: Language;
  accounts: Account[];
  administratorCode: string;
  settings: CompanySettings;
  /** Step 25: allowed hours and IPs of every end user without rules of their own; none when absent. */
  connectionRules?: ConnectionRules;
  /**
   * Set while the bank has suspended the company: nobody of it logs in, live sessions
   * are refused on their next request, and entitlement decisions deny with COMPANY_SUSPENDED.
   */
  suspension?: CompanySuspension;
  createdAt: string;
  createdBy: string;
  version: number;
}

/** The bank's suspension of a company: why, when and by whom (the bank's IAM identity). */
export interface CompanySuspension {
  reason: string;
  at: string;
  by: string;
}

/** User states, as the guide names them: Pendiente, Activo, Deshabilitado. */
export type UserState = 'PENDING' | 'ACTIVE' | 'DISABLED';
export const userStateLabels: Record<UserState, { es: string; en: string }> = {
  PENDING: { es: 'Pendiente', en: 'Pending' },
  ACTIVE: { es: 'Activo', en: 'Active' },
  DISABLED: { es: 'Deshabilitado', en: 'Disabled' },
};

/**
 * How the current password came to be: `generic` (e-mailed by the bank) and `assigned`
 * (set by the administrator) are single-use and must be changed at the next login.
 */
export type CredentialKind = 'generic' | 'assigned' | 'personal';

export interface Credential {
  passwordHash: string;
  kind: CredentialKind;
  /** ISO time after which a generic or assigned password no longer works. */
  expiresAt?: string;
  /**
   * Failed password attempts since the last right password (token codes are counted on the
   * token). At the threshold the credential is locked (`shared/domain/credential.ts`).
   */
  failedAttempts: number;
  /** When the last lock began. */
  lockedAt?: string;
  /**
   * The end of a temporary lock, meaningful only while `failedAttempts` is at the threshold:
   * every counted failure writes it, so the one reaching the threshold sets the lock's end.
   */
  lockedUntil?: string;
  /** The lock is permanent: only a new password (assigned, or re-issued by the bank) ends it. */
  lockedPermanently?: boolean;
  /** When the locks of the last 24 hours began (their escalation to a permanent lock). */
  lockHistory?: string[];
  /** Hashes of the previous passwords, newest first (PCI DSS 8.3.7). */
  history: string[];
  changedAt: string;
}

/** "Operador" captures, "Supervisor" approves, "Ambos" both (never approving what they captured). */
export type Profile = 'OPERATOR' | 'SUPERVISOR' | 'BOTH';

/** What an end user may see and do: options, per-option limits (exact cents), approvals, accounts. */
export interface Permissions {
  options: string[];
  /** Per-transaction limit in USD cents, by option id (only options that move funds). */
  limitsCents: Record<string, number>;
  approvals: { transfers?: number; payments?: number };
  accounts: string[];
  /**
   * "Incluir todas las Opciones": every option of the catalog, including options
   * added later; `options` then holds the catalog as it was when granted.
   */
  allOptions?: boolean;
  /**
   * "Incluir todas" the accounts: every account of the company, including accounts
   * the bank adds later; `accounts` then holds the company's accounts as they were when granted.
   */
  allAccounts?: boolean;
}

/**
 * BOP Token states (guide steps 9 and 24): requested (secret issued, not yet proven) →
 * installed (the first valid code proved the app works) → active; the administrator
 * activates or deactivates end users' installed tokens; the owner may cancel it. A user
 * without a `token` attribute has none ("NONE").
 */
export type TokenState = 'REQUESTED' | 'INSTALLED' | 'ACTIVE' | 'INACTIVE' | 'CANCELLED';
export const tokenStateLabels: Record<TokenState | 'NONE', { es: string; en: string }> = {
  NONE: { es: 'Sin token', en: 'None' },
  REQUESTED: { es: 'Solicitado', en: 'Requested' },
  INSTALLED: { es: 'Instalado', en: 'Installed' },
  ACTIVE: { es: 'Activo', en: 'Active' },
  INACTIVE: { es: 'Inactivo', en: 'Inactive' },
  CANCELLED: { es: 'Cancelado', en: 'Cancelled' },
};

/** A user's TOTP soft token, kept on the user item so the one-round-trip caller read carries it. */
export interface BopToken {
  state: TokenState;
  /** The TOTP secret sealed with AES-256-GCM (`shared/auth/secret-box.ts`); removed on cancellation. */
  secretCiphertext?: string;
  /** The last accepted RFC 6238 time step: codes of this step or earlier are refused (no replay). */
  lastAcceptedStep?: number;
  /** When, and in which session, a code last confirmed an administrative action (the company's window). */
  lastConfirmation?: { at: string; sessionId: string };
  /**
   * Wrong codes since the last right one (never reset by a password or a new session); at the
   * lockout threshold the token is locked until re-activated (end users) or reset by the bank.
   */
  failedCodes?: number;
  /** When the last wrong code was counted: the lock's start once `failedCodes` is at the threshold. */
  lastFailedCodeAt?: string;
  requestedAt: string;
  installedAt?: string;
  /** When and by whom the state last changed (request, installation, (de)activation, cancellation). */
  changedAt: string;
  changedBy: string;
}

export interface User {
  companyCode: string;
  userCode: string;
  role: 'admin' | 'user';
  profile?: Profile;
  permissions?: Permissions;
  updatedAt?: string;
  firstName: string;
  lastName: string;
  email: string;
  jobTitle?: string;
  state: UserState;
  credential?: Credential;
  /** Anti-phishing image id, once chosen. */
  imageId?: string;
  /** The BOP Token, once requested. */
  token?: BopToken;
  /** Step 25: this end user's own connection rules, replacing the company's while present. */
  connectionRules?: ConnectionRules;
  /**
   * Why the user was last disabled: by the administrator, or by the dormancy job after
   * N days without activity (PCI DSS 8.2.6). Shown only while the state is Deshabilitado.
   */
  disabledReason?: DisabledReason;
  /** When the user last started a session. */
  lastLoginAt?: string;
  /** The bulk creation that created the user: a retry of the same file skips them. */
  importId?: string;
  /** "Ingresado por": who created the user (the bank for administrators). */
  createdBy: string;
  createdAt: string;
  version: number;
}

/** Why a user is Deshabilitado: the administrator did it, or the dormancy job. */
export type DisabledReason = 'ADMINISTRATOR' | 'DORMANT';

/** The actor of the scheduled jobs (the dormancy job) in the audit log. */
export const SYSTEM_ACTOR = 'SISTEMA';

/** Code of the bank back office as "Ingresado por". */
export const BANK_ACTOR = 'BANCO';

/**
 * User codes that mean something to the system and that no user may take: the bank's actor
 * code (so no user's actions can be read as the bank's in the audit log), in both languages.
 */
export const RESERVED_USER_CODES: readonly string[] = [BANK_ACTOR, 'BANK', 'SISTEMA', 'SYSTEM'];

/**
 * A time window of one day, `from` inclusive and `to` exclusive, `HH:MM` (`to` may be
 * `24:00`). A window whose end is not after its start crosses midnight — only when it says so
 * with `crossesMidnight`, so that a reversed window is never a typo taken literally. It belongs
 * to the day it starts on: MON 22:00–02:00 runs to Tuesday 02:00.
 */
export interface TimeWindow {
  from: string;
  to: string;
  crossesMidnight?: boolean;
}

/** Either part may be empty: no restriction of that kind. */
export interface ConnectionRules {
  /** Allowed windows by weekday; days not listed are not allowed, unless no day is listed. */
  allowedHours: Partial<Record<Weekday, TimeWindow[]>>;
  /** Allowed addresses and ranges, canonical (`shared/domain/ip.ts`). */
  allowedIps: string[];
}

/** The rule that refused a connection: also the problem's code. */
export type ConnectionRefusal = 'CONNECTION_HOURS' | 'CONNECTION_IP';
