import { randomInt } from 'node:crypto';
import type { FieldIssue } from '../core/errors.ts';
import { tenant } from '../core/tenant.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/**
 * The password policy as data: one definition that the validator, the generator and the
 * screen that shows the rules (the public rules route) all read. The bank's rule is the
 * default profile; `hardened` follows NIST 800-63B / OWASP ASVS / PCI DSS 8.3.6 and is
 * chosen per deployment without code changes.
 */
export interface PasswordPolicy {
  readonly profile: 'bank' | 'hardened';
  readonly minLength: number;
  readonly maxLength: number;
  /** `alphanumeric`: only A–Z, a–z and 0–9. `any`: any printable character. */
  readonly characters: 'alphanumeric' | 'any';
  /** Exact number of letters (the bank's "6 letras"), if the profile fixes it. */
  readonly letters?: number;
  /** Allowed number of digits, if the profile fixes it. */
  readonly digits?: { readonly min: number; readonly max: number };
  /** Most times one character may appear, compared case-insensitively. */
  readonly maxRepeatsPerCharacter?: number;
  /** Reject passwords on the common-password blocklist. */
  readonly blocklist: boolean;
  /** How many previous passwords may not be reused (PCI DSS 8.3.7). */
  readonly historyDepth: number;
}

export const passwordPolicies = {
  bank: {
    profile: 'bank',
    minLength: 8,
    maxLength: 10,
    characters: 'alphanumeric',
    letters: 6,
    digits: { min: 2, max: 4 },
    maxRepeatsPerCharacter: 2,
    blocklist: false,
    historyDepth: 4,
  },
  hardened: {
    profile: 'hardened',
    minLength: 12,
    maxLength: 64,
    characters: 'any',
    blocklist: true,
    historyDepth: 4,
  },
} as const satisfies Record<string, PasswordPolicy>;

/** Every rule a password can break: a stable code and its message in both languages. */
export const passwordRuleMessages = {
  password_characters: {
    es: 'La clave debe ser alfanumérica, no debe incluir caracteres especiales.',
    en: 'The password must be alphanumeric, with no special characters.',
  },
  password_printable: {
    es: 'La clave no debe contener caracteres de control.',
    en: 'The password must not contain control characters.',
  },
  password_length: {
    es: 'Debe contener un mínimo de {min} y un máximo de {max} caracteres.',
    en: 'It must have at least {min} and at most {max} characters.',
  },
  password_letters: {
    es: 'La nueva clave debe contener exactamente {letters} letras.',
    en: 'The new password must contain exactly {letters} letters.',
  },
  password_digits: {
    es: 'La nueva clave debe contener de {min} a {max} números.',
    en: 'The new password must contain {min} to {max} digits.',
  },
  password_repeats: {
    es: 'Se permiten {max} caracteres repetidos: ningún carácter puede aparecer más de {max} veces.',
    en: 'Up to {max} repeated characters: no character may appear more than {max} times.',
  },
  password_common: {
    es: 'La clave es demasiado común. Elija otra.',
    en: 'The password is too common. Choose another one.',
  },
  password_contains_code: {
    es: 'La clave no debe contener el código de usuario ni el código de empresa.',
    en: 'The password must not contain the user code or the company code.',
  },
  password_same_as_current: {
    es: 'La nueva clave debe ser distinta de la actual.',
    en: 'The new password must differ from the current one.',
  },
  password_reused: {
    es: 'La nueva clave no puede ser igual a ninguna de las últimas {depth} claves.',
    en: 'The new password cannot be any of the last {depth} passwords.',
  },
  password_confirmation_mismatch: {
    es: 'La confirmación no coincide con la clave nueva.',
    en: 'The confirmation does not match the new password.',
  },
} as const;

export type PasswordRuleCode = keyof typeof passwordRuleMessages;

/** The policy of a deployment's configured profile. */
export function passwordPolicy(profile: PasswordPolicy['profile']): PasswordPolicy {
  return passwordPolicies[profile];
}

/** The rules of a policy, in order, as the screen shows them before the user types. */
export function describePolicy(
  policy: PasswordPolicy,
): { code: PasswordRuleCode; params: Record<string, number> }[] {
  const rules: { code: PasswordRuleCode; params: Record<string, number> }[] = [];
  rules.push({
    code: policy.characters === 'alphanumeric' ? 'password_characters' : 'password_printable',
    params: {},
  });
  rules.push({ code: 'password_length', params: { min: policy.minLength, max: policy.maxLength } });
  if (policy.letters !== undefined)
    rules.push({ code: 'password_letters', params: { letters: policy.letters } });
  if (policy.digits) rules.push({ code: 'password_digits', params: { ...policy.digits } });
  if (policy.maxRepeatsPerCharacter !== undefined) {
    rules.push({ code: 'password_repeats', params: { max: policy.maxRepeatsPerCharacter } });
  }
  if (policy.blocklist) rules.push({ code: 'password_common', params: {} });
  rules.push({ code: 'password_contains_code', params: {} });
  rules.push({ code: 'password_same_as_current', params: {} });
  rules.push({ code: 'password_reused', params: { depth: policy.historyDepth } });
  return rules;
}

const issue = (field: string, code: PasswordRuleCode, params: Record<string, number> = {}): FieldIssue => ({
  field,
  rule: code,
  params,
  message: passwordRuleMessages[code],
});

/**
 * Checks a new password against the policy's composition rules and the user's codes; the
 * history rules (current and previous passwords) need the stored hashes and live with the
 * credential service. Returns every rule broken, not only the first.
 */
export function checkPasswordComposition(
  policy: PasswordPolicy,
  password: string,
  context: { userCode: string; companyCode: string },
  field = 'body.newPassword',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const chars = [...password];
  if (policy.characters === 'alphanumeric' ? !/^[A-Za-z0-9]*$/.test(password) : /\p{Cc}/u.test(password)) {
    issues.push(
      issue(field, policy.characters === 'alphanumeric' ? 'password_characters' : 'password_printable'),
    );
  }
  if (chars.length < policy.minLength || chars.length > policy.maxLength) {
    issues.push(issue(field, 'password_length', { min: policy.minLength, max: policy.maxLength }));
  }
  if (policy.letters !== undefined) {
    const letters = chars.filter((c) => /[A-Za-z]/.test(c)).length;
    if (letters !== policy.letters)
      issues.push(issue(field, 'password_letters', { letters: policy.letters }));
  }
  if (policy.digits) {
    const digits = chars.filter((c) => /[0-9]/.test(c)).length;
    if (digits < policy.digits.min || digits > policy.digits.max) {
      issues.push(issue(field, 'password_digits', { ...policy.digits }));
    }
  }
  if (policy.maxRepeatsPerCharacter !== undefined) {
    const counts = new Map<string, number>();
    for (const c of chars) counts.set(c.toLowerCase(), (counts.get(c.toLowerCase()) ?? 0) + 1);
    if ([...counts.values()].some((n) => n > (policy.maxRepeatsPerCharacter ?? 0))) {
      issues.push(issue(field, 'password_repeats', { max: policy.maxRepeatsPerCharacter }));
    }
  }
  // The bank's own words (its name, its short forms) are the tenant's: tenants/<id>.json.
  if (
    policy.blocklist &&
    (COMMON_PASSWORDS.has(password.toLowerCase()) ||
      tenant().passwordBlocklist.includes(password.toLowerCase()))
  )
    issues.push(issue(field, 'password_common'));
  const lower = password.toLowerCase();
  const codes = [context.userCode, context.companyCode].filter(Boolean).map((c) => c.toLowerCase());
  if (codes.some((c) => lower.includes(c))) issues.push(issue(field, 'password_contains_code'));
  return issues;
}

/** The issue for a password equal to the current one, or to one of the last `historyDepth`. */
export const historyIssue = (policy: PasswordPolicy, current: boolean, field = 'body.newPassword') =>
  current
    ? issue(field, 'password_same_as_current')
    : issue(field, 'password_reused', { depth: policy.historyDepth });

export const confirmationIssue = (field = 'body.confirmation') =>
  issue(field, 'password_confirmation_mismatch');

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-.:=?@_~';

function pick(alphabet: string, used: Map<string, number>, maxRepeats: number): string {
  for (;;) {
    const c = alphabet.charAt(randomInt(alphabet.length));
    const n = used.get(c.toLowerCase()) ?? 0;
    if (n < maxRepeats) {
      used.set(c.toLowerCase(), n + 1);
      return c;
    }
  }
}

/**
 * A random password that satisfies the policy (generic and assigned passwords), from a
 * cryptographic source; look-alike characters (I, l, O, 0, 1) are left out so the
 * administrator can read it from the e-mail.
 */
export function generatePassword(
  policy: PasswordPolicy,
  context = { userCode: '', companyCode: '' },
): string {
  for (;;) {
    const used = new Map<string, number>();
    const maxRepeats = policy.maxRepeatsPerCharacter ?? 2;
    const chars: string[] = [];
    if (policy.letters !== undefined && policy.digits) {
      const digits = policy.digits.min + randomInt(policy.digits.max - policy.digits.min + 1);
      const length = Math.min(policy.maxLength, Math.max(policy.minLength, policy.letters + digits));
      for (let i = 0; i < policy.letters; i++) chars.push(pick(LETTERS, used, maxRepeats));
      for (let i = 0; i < length - policy.letters; i++) chars.push(pick(DIGITS, used, maxRepeats));
    } else {
      const length = Math.max(policy.minLength, 16);
      const alphabet = policy.characters === 'any' ? LETTERS + DIGITS + SYMBOLS : LETTERS + DIGITS;
      for (let i = 0; i < length; i++) chars.push(pick(alphabet, used, maxRepeats));
    }
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const password = chars.join('');
    if (checkPasswordComposition(policy, password, context).length === 0) return password;
  }
}
