import { describe, expect, it } from 'vitest';
import { ruleMet } from '../../web/src/ui/password-check.ts';

/** The bank's rules as `GET /auth/password-rules` gives them (issue 20 §4: "exactamente 6 letras"). */
const letters = { letters: 6 };
const digits = { min: 2, max: 4 };

describe('Portal: the live password checklist', () => {
  it('marks "exactly 6 letters" met only at six, never at seven or eight', () => {
    // Assess
    expect(ruleMet('password_letters', letters, 'Abcdef12')).toBe(true);
    expect(ruleMet('password_letters', letters, 'Abcdefg12')).toBe(false);
    expect(ruleMet('password_letters', letters, 'Abcdefgh12')).toBe(false);
    expect(ruleMet('password_letters', letters, 'Abcde12')).toBe(false);
  });

  it('checks digits, length, characters and repeats as typed, and leaves the history rules to the API', () => {
    // Assess
    expect(ruleMet('password_digits', digits, 'Abcdef1')).toBe(false);
    expect(ruleMet('password_digits', digits, 'Abcdef1234')).toBe(true);
    expect(ruleMet('password_digits', digits, 'Abcdef12345')).toBe(false);
    expect(ruleMet('password_length', { min: 8, max: 10 }, 'Abcdef12')).toBe(true);
    expect(ruleMet('password_length', { min: 8, max: 10 }, 'Abcdef1')).toBe(false);
    expect(ruleMet('password_characters', {}, 'Abcdef1!')).toBe(false);
    expect(ruleMet('password_characters', {}, '')).toBe(false);
    expect(ruleMet('password_repeats', { max: 2 }, 'aAa12bcd')).toBe(false);
    expect(ruleMet('password_repeats', { max: 2 }, 'aAb12bcd')).toBe(true);
    expect(ruleMet('password_reused', { depth: 4 }, 'Abcdef12')).toBeUndefined();
    expect(ruleMet('password_common', {}, 'Abcdef12')).toBeUndefined();
  });
});
