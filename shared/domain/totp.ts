import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The BOP Token's one-time codes: HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA-1,
 * 6 digits and 30-second steps from T0 = 0, as authenticator apps expect.
 *
 * Why our own core instead of otplib's `verify`: it is twenty lines on `node:crypto`
 * (native HMAC), while otplib v13's verification path bundles a pure-JavaScript SHA-1/SHA-2
 * (@noble/hashes) into every function, since every administrative route
 * confirms with an OTP. We need the matched time step itself, checked against exactly the
 * current and previous steps and the last accepted one, to store it with a conditional write.
 * otplib still generates the `otpauth://` URI (`shared/services/token-enrollment.ts`), and the
 * unit tests check this core against the RFC vectors and against otplib's own codes.
 */
export const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, periodSeconds: 30 } as const;

/** Secrets are 160 random bits, the length RFC 4226 §4 recommends for HMAC-SHA-1. */
export const TOTP_SECRET_BYTES = 20;

/** RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte counter, dynamic truncation, the last `digits` digits. */
export function hotp(secret: Uint8Array, counter: number, digits: number = TOTP_PARAMETERS.digits): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: the time step T = floor((unix time − T0) / X) of an instant. */
export function timeStep(at: Date, periodSeconds: number = TOTP_PARAMETERS.periodSeconds): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

export type TotpVerdict =
  | { ok: true; step: number }
  /** `WRONG`: no step of the window has this code. `REPLAY`: it is the code of a step already accepted (or older). */
  | { ok: false; reason: 'WRONG' | 'REPLAY' };

/**
 * Verifies a code against the current and the previous time step only (RFC 6238 §5.2,
 * ASVS 5.0 6.5.5): no future step, nothing older. A code whose step is at or before
 * `lastAcceptedStep` is refused as a replay. Every candidate is computed and compared in
 * constant time, so timing tells nothing about which step (if any) matched.
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  at: Date,
  options: { lastAcceptedStep?: number; digits?: number } = {},
): TotpVerdict {
  const digits = options.digits ?? TOTP_PARAMETERS.digits;
  if (code.length !== digits || !/^[0-9]+$/.test(code)) return { ok: false, reason: 'WRONG' };
  const given = Buffer.from(code);
  const current = timeStep(at);
  let matched: number | undefined;
  // Newest first, so that when both steps somehow match, the newer one is reported.
  for (const step of [current, current - 1]) {
    if (step < 0) continue; // before 1970-01-01T00:00:30Z there is no previous step
    const equal = timingSafeEqual(Buffer.from(hotp(secret, step, digits)), given);
    if (equal && matched === undefined) matched = step;
  }
  if (matched === undefined) return { ok: false, reason: 'WRONG' };
  if (options.lastAcceptedStep !== undefined && matched <= options.lastAcceptedStep) {
    return { ok: false, reason: 'REPLAY' };
  }
  return { ok: true, step: matched };
}
