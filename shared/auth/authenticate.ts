import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Actor } from '../core/actor.ts';
import { type AuditEntry, auditEntry } from '../core/audit.ts';
import { pathUserCode } from '../core/codes.ts';
import { AppError } from '../core/errors.ts';
import type { AuthStore } from '../data/auth-store.ts';
import { connectionRefusal } from '../domain/connection-rules.ts';
import type { Company, ConnectionRefusal, User } from '../domain/model.ts';
import type { Principal } from '../domain/principal.ts';
import type { Authenticator } from '../http/middleware.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import { bearerToken, type TokenSettings, verifyToken } from './tokens.ts';

/** How often, at most, a request writes the session's last-seen time (the idle-timeout granularity). */
export const TOUCH_GRANULARITY_MS = 60_000;

export interface AuthenticatorDeps {
  store: AuthStore;
  tokenSettings: () => Promise<TokenSettings>;
  idleMinutes: number;
  now?: () => Date;
}

const refusalAudit = (user: User, refusal: ConnectionRefusal, source: Actor, now: Date): AuditEntry =>
  auditEntry(source, now, {
    companyCode: user.companyCode,
    actor: user.userCode,
    target: user.userCode,
    action: 'CONNECTION_REFUSED',
    outcome: refusal,
  });

/**
 * Authenticates session and challenge routes: verifies the signed token, then reads the
 * company, the user and the session item in one round trip, so a revoked, replaced, idle,
 * expired or disabled session is refused on the very next request — and so is an end
 * user outside the connection controls (step 25) that the company and user items carry: the
 * refusal names the rule and is audited, and a session it refuses ends there (one transaction),
 * so a session started inside a time window ends when the window does.
 */
export function tokenAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const clock = deps.now ?? (() => new Date());
  const refuseOutsideRules = async (
    company: Company,
    user: User,
    source: Actor,
    now: Date,
    sessionId?: string,
  ) => {
    const refusal = await connectionRefusal(company, user, now, source.sourceIp);
    if (!refusal) return;
    const audit = refusalAudit(user, refusal, source, now);
    if (sessionId) await deps.store.endSession(user.companyCode, user.userCode, sessionId, audit);
    else await deps.store.audit(audit);
    throw new AppError(refusal);
  };
  return async (
    event: APIGatewayProxyEvent,
    access: RouteDefinition['access'],
    source: Actor,
  ): Promise<Principal> => {
    const token = bearerToken(event.headers.authorization);
    if (!token) throw new AppError('UNAUTHENTICATED');
    let settings: TokenSettings;
    try {
      settings = await deps.tokenSettings();
    } catch {
      throw new AppError('SECRETS_UNAVAILABLE');
    }
    const now = clock();
    const claims = await verifyToken(settings, token, now);
    if (!claims) throw new AppError(access === 'challenge' ? 'CHALLENGE_INVALID' : 'UNAUTHENTICATED');

    if (access === 'challenge') {
      if (claims.kind !== 'challenge') throw new AppError('CHALLENGE_INVALID');
      const { company, user } = await deps.store.getCaller(claims.companyCode, claims.userCode, false);
      if (!company || !user || user.state !== 'ACTIVE') throw new AppError('CHALLENGE_INVALID');
      if (company.suspension) throw new AppError('COMPANY_SUSPENDED');
      await refuseOutsideRules(company, user, source, now);
      return { kind: 'challenge', company, user, purpose: claims.purpose, challengeId: claims.challengeId };
    }

    if (claims.kind !== 'session') throw new AppError('UNAUTHENTICATED');
    // An administrator's route that names a user reads it with the caller, in the same round trip,
    // from the caller's own company partition (so another company's user can never be named).
    const targetCode = access === 'companyAdmin' ? pathUserCode(event.pathParameters) : undefined;
    const { company, user, session, target } = await deps.store.getCaller(
      claims.companyCode,
      claims.userCode,
      true,
      targetCode,
    );
    if (!company || !user || !session || session.sessionId !== claims.sessionId)
      throw new AppError('SESSION_ENDED');
    // A password locked by wrong guesses does not end a live session: the guesses may be an
    // outsider's, who must not be able to throw the user out (docs/security.md).
    if (user.state !== 'ACTIVE') throw new AppError('SESSION_ENDED');
    // A company the bank suspended: its live sessions are refused from the next request.
    if (company.suspension) throw new AppError('COMPANY_SUSPENDED');
    const idleMs = deps.idleMinutes * 60_000;
    const lastSeen = Date.parse(session.lastSeenAt);
    if (now.getTime() - lastSeen > idleMs || now.getTime() >= Date.parse(session.absoluteExpiresAt)) {
      throw new AppError('SESSION_EXPIRED');
    }
    await refuseOutsideRules(company, user, source, now, session.sessionId);
    // Whether this user may call the route (administrator only, options granted) is the
    // middleware's authorization step, which also audits a refusal (shared/http/middleware.ts).
    if (now.getTime() - lastSeen >= TOUCH_GRANULARITY_MS) {
      await deps.store.touchSession(user.companyCode, user.userCode, session.sessionId, now.toISOString());
    }
    return {
      kind: 'user',
      company,
      user,
      sessionId: session.sessionId,
      ...(targetCode !== undefined ? { target: target ?? null } : {}),
    };
  };
}
