import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPasswordComposition,
  describePolicy,
  generatePassword,
  passwordPolicy,
} from '../../shared/domain/password-policy.ts';

const bank = passwordPolicy('bank');
const hardened = passwordPolicy('hardened');
const codes = { userCode: 'OPERADOR', companyCode: 'CORPORATIV' };
const rules = (password: string, policy = bank) =>
  checkPasswordComposition(policy, password, codes).map((i) => i.rule);

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz'.split('');
const DIGITS = '0123456789'.split('');

/** A password that satisfies the bank's rule: 6 distinct-enough letters, 2–4 digits, shuffled. */
const validBankPassword = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...LETTERS), {
      minLength: 6,
      maxLength: 6,
      selector: (c) => c.toLowerCase(),
    }),
    fc.uniqueArray(fc.constantFrom(...DIGITS), { minLength: 2, maxLength: 4 }),
    fc.infiniteStream(fc.nat()),
  )
  .map(([letters, digits, random]) => {
    const chars = [...letters, ...digits];
    const it = random[Symbol.iterator]();
    for (let i = chars.length - 1; i > 0; i--) {
      const j = (it.next().value as number) % (i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    return chars.join('');
  })
  .filter((p) => !/operador|corporativ/i.test(p));

describe('Domain: password policy (the bank rule)', () => {
  it('accepts every password with 6 letters, 2–4 digits and no character more than twice', () => {
    fc.assert(
      fc.property(validBankPassword, (password) => {
        expect(rules(password)).toEqual([]);
      }),
    );
  });

  it('refuses any special or non-ASCII character, including unicode look-alikes', () => {
    fc.assert(
      fc.property(
        validBankPassword,
        fc.constantFrom('!', ' ', 'ñ', 'é', 'Ａ', 'а', '٣', '_', '\u200b'),
        fc.nat(),
        (password, bad, at) => {
          const i = at % (password.length + 1);
          expect(rules(password.slice(0, i) + bad + password.slice(i))).toContain('password_characters');
        },
      ),
    );
  });

  it('refuses fewer or more than 6 letters', () => {
    expect(rules('Abcde12')).toEqual(expect.arrayContaining(['password_length', 'password_letters']));
    expect(rules('Abcdefg12')).toContain('password_letters');
    fc.assert(
      fc.property(validBankPassword, (password) => {
        const withoutLetter = password.replace(/[A-Za-z]/, '');
        expect(rules(withoutLetter)).toContain('password_letters');
      }),
    );
  });

  it('refuses fewer than 2 or more than 4 digits', () => {
    expect(rules('Abcdef1')).toEqual(expect.arrayContaining(['password_digits', 'password_length']));
    expect(rules('Abcdef12345')).toEqual(expect.arrayContaining(['password_digits', 'password_length']));
    expect(rules('Abcdef12')).toEqual([]);
    expect(rules('Abcdef1234')).toEqual([]);
  });

  it('allows a character twice but not three times, case-insensitively', () => {
    expect(rules('Aabcde12')).toEqual([]);
    expect(rules('AabcdA12')).toContain('password_repeats');
    expect(rules('Abcdef11')).toEqual([]);
    expect(rules('Abcdef1111')).toContain('password_repeats');
  });

  it('refuses a password containing the user or company code, whatever the case', () => {
    expect(checkPasswordComposition(bank, 'xoperadorx12', codes).map((i) => i.rule)).toContain(
      'password_contains_code',
    );
    expect(checkPasswordComposition(bank, 'AB12corporativ', codes).map((i) => i.rule)).toContain(
      'password_contains_code',
    );
  });

  it('reports every broken rule at once, each with a message in Spanish and English', () => {
    const issues = checkPasswordComposition(bank, 'aaa!', codes);
    expect(issues.map((i) => i.rule)).toEqual(
      expect.arrayContaining([
        'password_characters',
        'password_length',
        'password_letters',
        'password_digits',
        'password_repeats',
      ]),
    );
    for (const issue of issues) {
      expect(issue.message?.es).toBeTruthy();
      expect(issue.message?.en).toBeTruthy();
    }
  });

  it('generates random passwords that always satisfy the policy and avoid the codes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const password = generatePassword(bank, codes);
      expect(rules(password)).toEqual([]);
      seen.add(password);
    }
    expect(seen.size).toBe(500);
  });

  it('describes its rules from the same definition the validator uses', () => {
    const described = describePolicy(bank).map((r) => r.code);
    expect(described).toEqual([
      'password_characters',
      'password_length',
      'password_letters',
      'password_digits',
      'password_repeats',
      'password_contains_code',
      'password_same_as_current',
      'password_reused',
    ]);
    expect(describePolicy(bank).find((r) => r.code === 'password_length')?.params).toEqual({
      min: 8,
      max: 10,
    });
  });
});

describe('Domain: password policy (hardened profile)', () => {
  it('accepts long passphrases with any printable characters and refuses common ones', () => {
    expect(rules('correct horse battery staple', hardened)).toEqual([]);
    expect(rules('short', hardened)).toContain('password_length');
    expect(rules('password1234', hardened)).toEqual([]);
    expect(rules('Password123', hardened)).toEqual(
      expect.arrayContaining(['password_length', 'password_common']),
    );
    expect(rules('tab\there-is-long', hardened)).toContain('password_printable');
  });

  it('generates passwords that satisfy it', () => {
    for (let i = 0; i < 100; i++) expect(rules(generatePassword(hardened, codes), hardened)).toEqual([]);
  });
});
