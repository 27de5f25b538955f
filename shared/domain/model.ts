import type { Language } from '../http/locale.ts';

/** A company's account, registered by the bank. */
export interface Account {
  number: string;
  alias?: string;
  currency: string;
  type: 'CHECKING' | 'SAVINGS' | 'TIME_DEPOSIT' | 'LOAN' | 'CREDIT_CARD';
}

/** Company settings the administrator can change ("si te es requerido"). */
export interface CompanySettings {
  /** Administrative actions ask for an OTP from the administrator's BOP Token. On by default. */
  otpConfirmation: boolean;
  /** Login asks for an OTP after the password. Off by default. */
  otpAtLogin: boolean;
}

export interface Company {
  code: string;
  legalName: string;
  language: Language;
  accounts: Account[];
  administratorCode: string;
  settings: CompanySettings;
  createdAt: string;
  createdBy: string;
  version: number;
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
  /** Consecutive failed password or OTP attempts. */
  failedAttempts: number;
  lockedAt?: string;
  /** Hashes of the previous passwords, newest first (PCI DSS 8.3.7). */
  history: string[];
  changedAt: string;
}

export interface User {
  companyCode: string;
  userCode: string;
  role: 'admin' | 'user';
  firstName: string;
  lastName: string;
  email: string;
  jobTitle?: string;
  state: UserState;
  credential?: Credential;
  /** Anti-phishing image id, once chosen. */
  imageId?: string;
  /** "Ingresado por": who created the user (the bank for administrators). */
  createdBy: string;
  createdAt: string;
  version: number;
}

/** Code of the bank back office as "Ingresado por". */
export const BANK_ACTOR = 'BANCO';
