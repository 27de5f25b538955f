import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Actor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { type Access, type RouteDefinition, requiredOption } from '../routes/definition.ts';

/** Turns a request into a principal for the route's access level, or throws 401/403. */
export type Authenticator = (
  event: APIGatewayProxyEvent,
  access: RouteDefinition['access'],
  source: Actor,
) => Promise<Principal>;

/** A logged-in company user (`session` and `companyAdmin` routes). */
export type SessionPrincipal = Extract<Principal, { kind: 'user' }>;
/** The caller of a `challenge` route (a step of the login). */
export type ChallengePrincipal = Extract<Principal, { kind: 'challenge' }>;
/** The bank's back office (`bank` routes, IAM). */
export type BankPrincipal = Extract<Principal, { kind: 'bank' }>;

/** The principal a route's `access` guarantees: handlers read it without narrowing. */
export type PrincipalOf<A extends Access> = A extends 'public'
  ? Extract<Principal, { kind: 'anonymous' }>
  : A extends 'bank'
    ? BankPrincipal
    : A extends 'challenge'
      ? ChallengePrincipal
      : SessionPrincipal;

/** The kind of principal each access level admits (checked once, here). */
const kindOf: Record<Access, Principal['kind']> = {
  public: 'anonymous',
  bank: 'bank',
  challenge: 'challenge',
  session: 'user',
  companyAdmin: 'user',
};

/** Bank routes are IAM-authorized by API Gateway; the handler re-checks that an IAM identity is present. */
const bankAuthenticator: Authenticator = async (event) => {
  const arn = event.requestContext?.identity?.userArn ?? event.requestContext?.identity?.caller;
  if (!arn) throw new AppError('FORBIDDEN');
  return { kind: 'bank', arn };
};

/**
 * The authentication step of a route: the caller as its `access` says (anonymous, the bank's
 * IAM identity, a challenge, a session), then authorization from the route table. What it
 * returns is typed by the route's access ({@link PrincipalOf}).
 */
export function authenticateStep<R extends RouteDefinition>(
  route: R,
  authenticate: Authenticator | undefined,
) {
  return async (event: APIGatewayProxyEvent, source: Actor): Promise<PrincipalOf<R['access']>> => {
    const principal: Principal =
      route.access === 'public'
        ? { kind: 'anonymous' }
        : route.access === 'bank'
          ? await bankAuthenticator(event, route.access, source)
          : authenticate
            ? await authenticate(event, route.access, source)
            : (() => {
                throw new AppError('UNAUTHENTICATED');
              })();
    // An authenticator that answers another kind of caller than the access level admits is a bug, never a caller.
    if (principal.kind !== kindOf[route.access]) {
      throw new Error(`authenticator gave a ${principal.kind} principal to a ${route.access} route`);
    }
    return principal as PrincipalOf<R['access']>;
  };
}

/**
 * Authorization after authentication, from the route table: only the company's administrator
 * on `companyAdmin` routes, and an end user only on routes whose catalog option they were
 * granted. Administrators are not governed by options.
 */
export function authorize(route: RouteDefinition, principal: Principal): void {
  if (principal.kind !== 'user') return;
  if (route.access === 'companyAdmin' && principal.user.role !== 'admin') throw new AppError('FORBIDDEN');
  const option = requiredOption(route, principal.user.role);
  // "Incluir todas las Opciones" is stored as "all": a route's option is always in the catalog.
  const permissions = principal.user.permissions;
  if (option && !permissions?.allOptions && !(permissions?.options ?? []).includes(option)) {
    throw new AppError('OPTION_NOT_GRANTED', { option });
  }
}
