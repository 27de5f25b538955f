import { createHmac } from 'node:crypto';
import { vi } from 'vitest';

/**
 * The tests' own TOTP, written from RFC 4648 (base32), RFC 4226 (HOTP) and RFC 6238 (TOTP)
 * apart from the production code, so a test that computes a code here and sends it checks
 * `shared/domain/totp.ts` rather than agreeing with it by construction. Like an
 * authenticator app, it reads the secret from the `otpauth://` URI.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32, without padding (as in otpauth:// URIs). */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** What an authenticator app reads from a Key URI. */
export function parseOtpauthUri(uri: string) {
  const url = new URL(uri);
  if (url.protocol !== 'otpauth:' || url.host !== 'totp') throw new Error(`not a TOTP key URI: ${uri}`);
  const label = decodeURIComponent(url.pathname.slice(1));
  const secret = url.searchParams.get('secret');
  if (!secret) throw new Error('no secret in the key URI');
  return {
    label,
    issuer: url.searchParams.get('issuer') ?? undefined,
    secretBase32: secret,
    secret: base32Decode(secret),
    algorithm: url.searchParams.get('algorithm') ?? 'SHA1',
    digits: Number(url.searchParams.get('digits') ?? 6),
    period: Number(url.searchParams.get('period') ?? 30),
  };
}

/** RFC 4226 HOTP with HMAC-SHA-1. */
export function testHotp(secret: Uint8Array, counter: number, digits = 6): string {
  const counterBytes = Buffer.alloc(8);
  counterBytes.writeUInt32BE(Math.floor(counter / 2 ** 32), 0);
  counterBytes.writeUInt32BE(counter % 2 ** 32, 4);
  const hmac = createHmac('sha1', secret).update(counterBytes).digest();
  const offset = (hmac.at(-1) as number) & 0xf;
  const code =
    (((hmac[offset] as number) & 0x7f) << 24) |
    ((hmac[offset + 1] as number) << 16) |
    ((hmac[offset + 2] as number) << 8) |
    (hmac[offset + 3] as number);
  return (code % 10 ** digits).toString().padStart(digits, '0');
}

/** RFC 6238 TOTP at an instant, `offset` steps away from it. */
export function testTotp(secret: Uint8Array, at: Date, offset = 0, period = 30, digits = 6): string {
  return testHotp(secret, Math.floor(at.getTime() / 1000 / period) + offset, digits);
}

/**
 * An authenticator for tests on a movable clock: each `next()` gives the code of a time step
 * later than the last one given, moving the clock to the next step's start when needed, as
 * a user waits for the next code.
 */
export function testAuthenticator(
  secret: Uint8Array,
  clock: { now: () => Date; set: (d: Date) => unknown },
  lastStep = Number.NEGATIVE_INFINITY,
) {
  let last = lastStep;
  return {
    secret,
    next(): string {
      let step = Math.floor(clock.now().getTime() / 30_000);
      if (step <= last) {
        step = last + 1;
        clock.set(new Date(step * 30_000));
      }
      last = step;
      return testHotp(secret, step);
    },
    /** The code of the current step, `offset` steps away, without moving anything. */
    at(offset = 0): string {
      return testTotp(secret, clock.now(), offset);
    },
  };
}

/** A code that is none of the given ones: a wrong code, whichever of them is the right one. */
export function wrongCode(...codes: string[]): string {
  return ['000000', '111111', '222222', '333333'].find((c) => !codes.includes(c)) as string;
}

/** What {@link testAuthenticator} gives: a fresh code with `next()`, any step's with `at()`. */
export type TestAuthenticator = ReturnType<typeof testAuthenticator>;

/**
 * The process clock, which the in-process local stack reads, for {@link testAuthenticator}: the
 * test file fakes it (`vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })`) so that
 * a new code's step is reached by moving it, never by waiting.
 */
export const processClock = { now: () => new Date(), set: (date: Date) => vi.setSystemTime(date) };
