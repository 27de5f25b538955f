import { errors, jwtVerify, SignJWT } from 'jose';
import type { ChallengePurpose } from '../core/challenge.ts';

/** The one algorithm sessions and challenges are signed with; any other is refused. */
const ALGORITHM = 'HS256';

export interface SessionClaims {
  kind: 'session';
  companyCode: string;
  userCode: string;
  role: 'admin' | 'user';
  sessionId: string;
}

export interface ChallengeClaims {
  kind: 'challenge';
  companyCode: string;
  userCode: string;
  purpose: ChallengePurpose;
  challengeId: string;
}

export interface TokenSettings {
  key: Uint8Array;
  issuer: string;
  audience: string;
}

/**
 * The signing key as a WebCrypto key, imported once per key: given raw bytes, jose would import
 * them again for every token (a second trip off the main thread).
 */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const importedKeys = new WeakMap<Uint8Array, Promise<HmacKey>>();
function hmacKey(key: Uint8Array): Promise<HmacKey> {
  let imported = importedKeys.get(key);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    importedKeys.set(key, imported);
  }
  return imported;
}

/** Signs a session or challenge token; `sub` is `<company>/<user>`, `jti` the session or challenge id. */
export async function signToken(
  settings: TokenSettings,
  claims: SessionClaims | ChallengeClaims,
  issuedAt: Date,
  expiresAt: Date,
): Promise<string> {
  const jti = claims.kind === 'session' ? claims.sessionId : claims.challengeId;
  const extra = claims.kind === 'session' ? { role: claims.role } : { purpose: claims.purpose };
  return new SignJWT({ typ: claims.kind, ...extra })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(`${claims.companyCode}/${claims.userCode}`)
    .setJti(jti)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setNotBefore(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await hmacKey(settings.key));
}

/** Tokens whose signature a warm function has already verified, per signing key (see {@link verifyToken}). */
const verified = new WeakMap<Uint8Array, Map<string, Verified>>();
interface Verified {
  claims: SessionClaims | ChallengeClaims;
  notBefore: number;
  expires: number;
}
/** How many verified tokens a function keeps; the oldest goes first. */
export const VERIFIED_TOKENS_KEPT = 1_000;

/**
 * Verifies a token's signature (HS256 only), issuer, audience, expiry and not-before, and
 * returns its claims; `undefined` for anything invalid, whatever the reason.
 *
 * A warm function remembers the tokens it verified (the exact string, under the same key,
 * issuer and audience): a session's next requests skip the signature check, which WebCrypto
 * runs off the main thread on every request. Expiry and not-before
 * are checked again on every use; revocation never depended on the signature (the session
 * item is read on every request).
 */
export async function verifyToken(
  settings: TokenSettings,
  token: string,
  now: Date,
): Promise<SessionClaims | ChallengeClaims | undefined> {
  let known = verified.get(settings.key);
  if (!known) {
    known = new Map();
    verified.set(settings.key, known);
  }
  const cacheKey = `${settings.issuer} ${settings.audience} ${token}`;
  const seconds = Math.floor(now.getTime() / 1000);
  const hit = known.get(cacheKey);
  if (hit) {
    // The same checks jose makes on `exp` and `nbf` (no clock tolerance).
    if (hit.expires <= seconds || hit.notBefore > seconds) return undefined;
    return hit.claims;
  }
  const fresh = await verifySignedToken(settings, token, now);
  if (!fresh) return undefined;
  if (known.size >= VERIFIED_TOKENS_KEPT) known.delete(known.keys().next().value as string);
  known.set(cacheKey, { ...fresh, claims: Object.freeze(fresh.claims) });
  return fresh.claims;
}

/** The claims of a token jose verified, with its `nbf` and `exp` (both required) for later uses. */
async function verifySignedToken(
  settings: TokenSettings,
  token: string,
  now: Date,
): Promise<Verified | undefined> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(settings.key), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: now,
      requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf'],
    });
    const [companyCode, userCode, ...rest] = String(payload.sub).split('/');
    if (!companyCode || !userCode || rest.length > 0 || !payload.jti) return undefined;
    const times = { notBefore: Number(payload.nbf), expires: Number(payload.exp) };
    if (payload.typ === 'session' && (payload.role === 'admin' || payload.role === 'user')) {
      const claims: SessionClaims = {
        kind: 'session',
        companyCode,
        userCode,
        role: payload.role,
        sessionId: payload.jti,
      };
      return { claims, ...times };
    }
    if (
      payload.typ === 'challenge' &&
      ['change_password', 'choose_image', 'otp'].includes(String(payload.purpose))
    ) {
      const claims: ChallengeClaims = {
        kind: 'challenge',
        companyCode,
        userCode,
        purpose: payload.purpose as ChallengePurpose,
        challengeId: payload.jti,
      };
      return { claims, ...times };
    }
    return undefined;
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}

/** The bearer token of an Authorization header, if well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header ?? '');
  return match?.[1];
}
