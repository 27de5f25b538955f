import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (the BOP Token's TOTP secrets): AES-256-GCM under a key that is not in the
 * table (derived from the master key in Secrets Manager, `Keys.totpEncryption`), with a fresh
 * 96-bit nonce per seal and the owner's codes as additional authenticated data, so a sealed
 * secret copied onto another user's item does not open.
 *
 * Format: `v1.<nonce>.<ciphertext>.<tag>`, each part base64url; the version prefix leaves room
 * for a later key or algorithm.
 */
const FORMAT = 'v1';
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a sealed secret is malformed, tampered with, or sealed for someone else. */
export class SealedSecretError extends Error {
  constructor() {
    super('sealed secret does not open');
    this.name = 'SealedSecretError';
  }
}

function checkKey(key: Uint8Array) {
  if (key.length !== KEY_BYTES) throw new Error('AES-256-GCM needs a 32-byte key');
}

/** The additional authenticated data that binds a BOP Token secret to its owner. */
export const tokenSecretContext = (companyCode: string, userCode: string) =>
  `bop-token\u0000${companyCode}\u0000${userCode}`;

/** Encrypts and authenticates `plaintext`, bound to `context`. */
export function sealSecret(key: Uint8Array, plaintext: Uint8Array, context: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [FORMAT, nonce, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Decrypts a sealed secret for `context`, or throws {@link SealedSecretError}. */
export function openSecret(key: Uint8Array, sealed: string, context: string): Uint8Array {
  checkKey(key);
  const [format, nonce, ciphertext, tag, ...rest] = sealed.split('.');
  if (format !== FORMAT || !nonce || !ciphertext || !tag || rest.length > 0) throw new SealedSecretError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(
      Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]),
    );
  } catch {
    throw new SealedSecretError();
  }
}
