import fc from 'fast-check';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { hotp, TOTP_PARAMETERS, timeStep, verifyTotp } from '../../shared/domain/totp.ts';
import { testHotp } from '../helpers/totp.ts';

/** RFC 6238 Appendix B and RFC 4226 Appendix D: the 20-byte ASCII secret "12345678901234567890". */
const RFC_SECRET = new Uint8Array(Buffer.from('12345678901234567890', 'ascii'));

const at = (seconds: number) => new Date(seconds * 1000);

describe('Domain: TOTP verification (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('accepts the RFC 6238 Appendix B SHA-1 code at T = %i (8 digits): %s', (seconds, code) => {
    // Act
    const verdict = verifyTotp(RFC_SECRET, code, at(seconds), { digits: 8 });

    // Assess
    expect(verdict).toEqual({ ok: true, step: Math.floor(seconds / 30) });
  });

  it.each([
    [59, '94287083'],
    [1234567890, '89005925'],
  ])('refuses a code one off the RFC 6238 vector at T = %i', (seconds, code) => {
    expect(verifyTotp(RFC_SECRET, code, at(seconds), { digits: 8 })).toEqual({ ok: false, reason: 'WRONG' });
  });

  const rfc4226 = [
    '755224',
    '287082',
    '359152',
    '969429',
    '338314',
    '254676',
    '287922',
    '162583',
    '399871',
    '520489',
  ];

  it.each(rfc4226.map((code, counter) => [counter, code] as const))(
    'computes the RFC 4226 Appendix D HOTP value for counter %i: %s',
    (counter, code) => {
      expect(hotp(RFC_SECRET, counter)).toBe(code);
    },
  );

  it.each(rfc4226.map((code, counter) => [counter, code] as const))(
    'accepts the RFC 4226 HOTP value of counter %i as the TOTP code of that time step',
    (counter, code) => {
      // Prepare: 15 s into step `counter`
      const instant = at(counter * 30 + 15);

      // Act
      const verdict = verifyTotp(RFC_SECRET, code, instant);

      // Assess
      expect(verdict).toEqual({ ok: true, step: counter });
    },
  );

  describe('the window: the current and the previous step only', () => {
    const secret = new Uint8Array(Buffer.from('a secret of twenty b', 'ascii'));
    const now = new Date('2026-11-26T14:00:17Z');
    const current = timeStep(now);
    const codeOf = (step: number) => testHotp(secret, step);

    it('accepts the current step', () => {
      expect(verifyTotp(secret, codeOf(current), now)).toEqual({ ok: true, step: current });
    });

    it('accepts the previous step (a code typed just before the step changed)', () => {
      expect(verifyTotp(secret, codeOf(current - 1), now)).toEqual({ ok: true, step: current - 1 });
    });

    it('refuses the code of two steps back', () => {
      expect(verifyTotp(secret, codeOf(current - 2), now)).toEqual({ ok: false, reason: 'WRONG' });
    });

    it('refuses the code of the next step', () => {
      expect(verifyTotp(secret, codeOf(current + 1), now)).toEqual({ ok: false, reason: 'WRONG' });
    });

    it('accepts the previous step at the very first millisecond of the current one, and not a millisecond later two steps on', () => {
      const stepStart = new Date(current * 30_000);
      expect(verifyTotp(secret, codeOf(current - 1), stepStart)).toMatchObject({ ok: true });
      expect(verifyTotp(secret, codeOf(current - 1), new Date((current + 1) * 30_000))).toMatchObject({
        ok: false,
      });
    });

    it('refuses as a replay the code of the last accepted step, and of a step before it', () => {
      expect(verifyTotp(secret, codeOf(current), now, { lastAcceptedStep: current })).toEqual({
        ok: false,
        reason: 'REPLAY',
      });
      expect(verifyTotp(secret, codeOf(current - 1), now, { lastAcceptedStep: current - 1 })).toEqual({
        ok: false,
        reason: 'REPLAY',
      });
      expect(verifyTotp(secret, codeOf(current - 1), now, { lastAcceptedStep: current })).toEqual({
        ok: false,
        reason: 'REPLAY',
      });
    });

    it('accepts a step later than the last accepted one', () => {
      expect(verifyTotp(secret, codeOf(current), now, { lastAcceptedStep: current - 1 })).toEqual({
        ok: true,
        step: current,
      });
    });

    it.each(['', '12345', '1234567', '12345a', ' 123456', '１２３４５６'])(
      'refuses the malformed code %j',
      (code) => {
        expect(verifyTotp(secret, code, now)).toEqual({ ok: false, reason: 'WRONG' });
      },
    );
  });

  it('uses the BOP Token parameters: SHA-1, 6 digits, 30 s', () => {
    expect(TOTP_PARAMETERS).toEqual({ algorithm: 'SHA1', digits: 6, periodSeconds: 30 });
    expect(timeStep(at(59))).toBe(1);
    expect(timeStep(at(60))).toBe(2);
  });

  it('agrees with otplib and with the tests’ own HOTP on random secrets and instants', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 20, maxLength: 32 }),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        async (secret, seconds) => {
          const expected = await generate({ secret, epoch: seconds });
          const step = Math.floor(seconds / 30);
          expect(hotp(secret, step)).toBe(expected);
          expect(testHotp(secret, step)).toBe(expected);
          expect(verifyTotp(secret, expected, at(seconds))).toEqual({ ok: true, step });
        },
      ),
      { numRuns: 200 },
    );
  });
});
