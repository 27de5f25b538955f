import { generateURI } from 'otplib';
import { TOTP_PARAMETERS } from '../domain/totp.ts';

/** What an authenticator app needs to install a BOP Token. */
export interface Enrollment {
  issuer: string;
  account: string;
  /** `otpauth://totp/<issuer>:<account>?secret=…&issuer=…` (SHA-1, 6 digits and 30 s are the format’s defaults). */
  otpauthUri: string;
  /** The URI's QR code, as an SVG data URL the portal shows in an `<img>`. */
  qrCode: string;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * RFC 4648 §6 base32 without padding, as Key URIs carry secrets. Ten lines here instead of
 * otplib's base32 plugin (@scure/base), which would weigh on the function's bundle budget;
 * the unit tests check it against the RFC's vectors and against otplib's plugin.
 */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** The account an authenticator app shows: company code and user code. */
export const tokenAccount = (companyCode: string, userCode: string) => `${companyCode}-${userCode}`;

/**
 * The `otpauth://` URI (otplib's Key URI format: issuer = the bank's name, account = company
 * and user code, SHA-1, 6 digits, 30 s) and its QR code. The QR library is imported lazily,
 * only here, so it weighs on no other function.
 */
export async function enrollment(
  secret: Uint8Array,
  issuer: string,
  companyCode: string,
  userCode: string,
): Promise<Enrollment> {
  const account = tokenAccount(companyCode, userCode);
  const otpauthUri = generateURI({
    issuer,
    label: account,
    secret: base32Encode(secret),
    algorithm: 'sha1',
    digits: TOTP_PARAMETERS.digits,
    period: TOTP_PARAMETERS.periodSeconds,
  });
  const [{ create }, { render }] = await Promise.all([
    import('qrcode/lib/core/qrcode.js'),
    import('qrcode/lib/renderer/svg-tag.js'),
  ]);
  const svg = render(create(otpauthUri, { errorCorrectionLevel: 'M' }), { margin: 4, width: 256 });
  return {
    issuer,
    account,
    otpauthUri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg.trim()).toString('base64')}`,
  };
}
