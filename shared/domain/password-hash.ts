import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Memory-hard password hashing with scrypt (RFC 7914), from Node's own crypto: no native
 * module in the Lambda bundle. The parameters travel with the hash so they can be raised
 * later; `needsRehash` tells when a stored hash is weaker than the current parameters.
 *
 * Format: `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>`.
 */
export interface ScryptParameters {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/**
 * 2^15 × 7 × 128 B = 28 MiB per hash: about 60 ms on the bench machine's core, so about 104 ms
 * on a 1 GB Lambda (0.58 vCPU), inside issue 10's 50–150 ms with room for a slower CPU (r = 8
 * measured 86 ms, about 150 ms there). Hashes made with stronger parameters still verify.
 */
export const DEFAULT_SCRYPT: ScryptParameters = { logN: 15, r: 7, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r * params.p },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  params: ScryptParameters = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.logN,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

function parse(encoded: string): { params: ScryptParameters; salt: Buffer; key: Buffer } | undefined {
  const [scheme, logN, r, p, salt, key] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (![params.logN, params.r, params.p].every((n) => Number.isInteger(n) && n > 0) || params.logN > 20) {
    return undefined;
  }
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with weaker parameters than the current ones. */
export function needsRehash(encoded: string, params: ScryptParameters = DEFAULT_SCRYPT): boolean {
  const parsed = parse(encoded);
  return (
    !parsed || parsed.params.logN < params.logN || parsed.params.r < params.r || parsed.params.p < params.p
  );
}
