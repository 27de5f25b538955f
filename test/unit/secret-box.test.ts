import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  openSecret,
  SealedSecretError,
  sealSecret,
  tokenSecretContext,
} from '../../shared/auth/secret-box.ts';

const key = new Uint8Array(randomBytes(32));
const secret = new Uint8Array(Buffer.from('0123456789abcdefghij'));
const context = tokenSecretContext('CORPORATIV', 'ADMON');

/** Flips one bit of one base64url part of a sealed secret. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('Secrets at rest: AES-256-GCM sealing of BOP Token secrets', () => {
  it('opens what it sealed, for the same owner', () => {
    const sealed = sealSecret(key, secret, context);

    expect(openSecret(key, sealed, context)).toEqual(secret);
  });

  it('writes a versioned envelope that does not contain the secret', () => {
    const sealed = sealSecret(key, secret, context);

    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    for (const encoding of ['hex', 'base64', 'base64url', 'utf8'] as const) {
      expect(sealed).not.toContain(Buffer.from(secret).toString(encoding));
    }
  });

  it('uses a fresh nonce each time, so one secret never seals the same way twice', () => {
    const sealings = new Set(Array.from({ length: 50 }, () => sealSecret(key, secret, context)));
    const nonces = new Set([...sealings].map((s) => s.split('.')[1]));

    expect(sealings.size).toBe(50);
    expect(nonces.size).toBe(50);
  });

  it('refuses to open a secret copied onto another user or company (the codes are authenticated data)', () => {
    const sealed = sealSecret(key, secret, context);

    expect(() => openSecret(key, sealed, tokenSecretContext('CORPORATIV', 'OPERADOR'))).toThrow(
      SealedSecretError,
    );
    expect(() => openSecret(key, sealed, tokenSecretContext('OTRA', 'ADMON'))).toThrow(SealedSecretError);
  });

  it('refuses another key', () => {
    const sealed = sealSecret(key, secret, context);

    expect(() => openSecret(new Uint8Array(randomBytes(32)), sealed, context)).toThrow(SealedSecretError);
  });

  it.each([1, 2, 3] as const)('refuses an envelope with part %i tampered with', (part) => {
    const sealed = sealSecret(key, secret, context);

    expect(() => openSecret(key, tamper(sealed, part), context)).toThrow(SealedSecretError);
  });

  it.each(['', 'v1', 'v2.a.b.c', 'v1.a.b', 'v1.a.b.c.d', 'not a sealed secret'])(
    'refuses the malformed envelope %j',
    (sealed) => {
      expect(() => openSecret(key, sealed, context)).toThrow(SealedSecretError);
    },
  );

  it('refuses a key that is not 32 bytes', () => {
    expect(() => sealSecret(new Uint8Array(16), secret, context)).toThrow(/32-byte/);
  });
});
