import { errors, jwtVerify, SignJWT } from 'jose';

/** The one algorithm sessions and challenges are signed with; any other is refused. */
const ALGORITHM = 'HS256';

export type ChallengePurpose = 'change_password' | 'choose_image' | 'otp';

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
    .sign(settings.key);
}

/**
 * Verifies a token's signature (HS256 only), issuer, audience, expiry and not-before, and
 * returns its claims; `undefined` for anything invalid, whatever the reason.
 */
export async function verifyToken(
  settings: TokenSettings,
  token: string,
  now: Date,
): Promise<SessionClaims | ChallengeClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, settings.key, {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: now,
      requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf'],
    });
    const [companyCode, userCode, ...rest] = String(payload.sub).split('/');
    if (!companyCode || !userCode || rest.length > 0 || !payload.jti) return undefined;
    if (payload.typ === 'session' && (payload.role === 'admin' || payload.role === 'user')) {
      return { kind: 'session', companyCode, userCode, role: payload.role, sessionId: payload.jti };
    }
    if (
      payload.typ === 'challenge' &&
      ['change_password', 'choose_image', 'otp'].includes(String(payload.purpose))
    ) {
      return {
        kind: 'challenge',
        companyCode,
        userCode,
        purpose: payload.purpose as ChallengePurpose,
        challengeId: payload.jti,
      };
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
