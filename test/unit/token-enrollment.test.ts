import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ScureBase32Plugin } from 'otplib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { base32Encode, enrollment } from '../../shared/services/token-enrollment.ts';
import { base32Decode, parseOtpauthUri } from '../helpers/totp.ts';

describe('BOP Token enrollment: the otpauth:// URI and its QR code', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes the RFC 4648 base32 vector %j as %j (without padding)', (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
  });

  it('encodes like otplib’s base32 plugin, and decodes back, for any bytes', () => {
    const plugin = new ScureBase32Plugin();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const encoded = base32Encode(bytes);
        expect(encoded).toBe(plugin.encode(bytes).replace(/=+$/, ''));
        expect(new Uint8Array(base32Decode(encoded))).toEqual(bytes);
      }),
    );
  });

  it('gives the Key URI with the bank as issuer and company-user as account, carrying the whole secret', async () => {
    const secret = new Uint8Array(randomBytes(20));

    const shown = await enrollment(secret, 'Banco de Occidente (Panamá)', 'CORPORATIV', 'ADMON');

    expect(shown.account).toBe('CORPORATIV-ADMON');
    expect(shown.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const key = parseOtpauthUri(shown.otpauthUri);
    expect(key).toMatchObject({
      label: 'Banco de Occidente (Panamá):CORPORATIV-ADMON',
      issuer: 'Banco de Occidente (Panamá)',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(new Uint8Array(key.secret)).toEqual(secret);
  });

  it('draws the same QR code as the qrcode package’s public API, as an SVG data URL', async () => {
    const secret = new Uint8Array(randomBytes(20));

    const shown = await enrollment(secret, 'Banco', 'CORPORATIV', 'ADMON');

    const svg = Buffer.from(shown.qrCode.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString(
      'utf8',
    );
    const reference = await QRCode.toString(shown.otpauthUri, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 4,
      width: 256,
    });
    expect(svg).toBe(reference.trim());
    expect(svg).not.toMatch(/<script|href=/i);
  });
});
