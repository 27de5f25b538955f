import type * as z from 'zod/mini';
import type { AdminOptionId } from '../domain/options-catalog.ts';

/**
 * Who may call a route.
 * - `public`: anyone (login screens).
 * - `challenge`: a short-lived challenge from login (the forced password change, the image choice, the OTP step).
 * - `session`: any logged-in user of a company.
 * - `companyAdmin`: the company's administrator, in session.
 * - `bank`: the bank's back office; IAM (SigV4) authorization in AWS, a local key on the local stack.
 */
export type Access = 'public' | 'challenge' | 'session' | 'companyAdmin' | 'bank';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A request or response schema, built on first use (`lazy` in `shared/contracts/common.ts`), so
 * that a function's bundle builds only its own route's schemas.
 */
export type Schema = () => z.ZodMiniType;

interface RouteFields {
  /** Stable identifier; also the Lambda function's logical name. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path, with `{param}` placeholders. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly handler: string;
  readonly access: Access;
  /** Whether an OTP from the caller's BOP Token confirms the action (when the company requires it). */
  readonly otp: boolean;
  /** Why a company-administrator route that writes is not confirmed with an OTP (see {@link OtpRule}). */
  readonly otpExemption?: string;
  /**
   * Whether the route asks for a code even within the company's confirmation window:
   * changing the company's settings, that window among them.
   */
  readonly otpEveryTime?: boolean;
  readonly summary: { readonly es: string; readonly en: string };
  readonly tag:
    | 'bank'
    | 'auth'
    | 'users'
    | 'tokens'
    | 'controls'
    | 'catalog'
    | 'entitlements'
    | 'administrators';
  readonly request: { readonly body?: Schema; readonly path?: Schema; readonly query?: Schema };
  /**
   * The success status (and the content type of a file). Its JSON body's schema is in
   * `shared/routes/responses.ts`, out of the table, so that no function bundles response schemas.
   */
  readonly response: { readonly status: number; readonly contentType?: string };
  /**
   * What the function may do to the table: `read` (GetItem, Query, BatchGetItem) or `write`
   * (read plus PutItem, UpdateItem, TransactWriteItems, ConditionCheck). Never Scan or DeleteTable.
   */
  readonly table: 'read' | 'write';
  /**
   * Whether the function, though it only reads, records its own audit entry (exports: who
   * exported what, with the filter): PutItem granted on audit partitions only.
   */
  readonly auditsReads?: boolean;
  /** Whether the function sends e-mail through SES (granted for the configured identity only). */
  readonly sendsMail?: boolean;
  /**
   * Whether the route honours an `Idempotency-Key` header (creating routes): a repeat of the
   * request with the same key is answered from the first execution, once, for 24 h; the same
   * key with another request is refused. The middleware's only extra round trips are on these routes.
   */
  readonly idempotent?: boolean;
  /**
   * What the function may do to the bank-wide AWS WAF IP sets (the four named by the
   * `WAF_*_SET` variables): `read` (wafv2:GetIPSet) or `write` (also wafv2:UpdateIPSet).
   */
  readonly wafIpSets?: 'read' | 'write';
  /**
   * The catalog option (guide step 12, `module: 'admin'`) an end user must have been granted
   * to call the route: the middleware answers 403 OPTION_NOT_GRANTED otherwise. The company's
   * administrator is not governed by options. See {@link OptionRule}.
   */
  readonly option?: AdminOptionId;
  /** Why a session route that writes is not governed by a catalog option (see {@link OptionRule}). */
  readonly optionExemption?: string;
  /**
   * Whether the route changes company data under dual control (docs/administrators.md):
   * with the company's setting on, a request is stored as a pending change (202) and applied
   * only when another administrator approves it (`X-Pending-Change`).
   */
  readonly dualControl?: boolean;
  /** Only the company's principal administrator proposes it (the approver may be any other administrator). */
  readonly principalOnly?: boolean;
  /** Per-function sizing, from `npm run bench` figures (defaults in the CDK construct). */
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
}

/**
 * The OTP default (guide steps 14, 18, 22): a company-administrator route that changes state
 * is confirmed with an OTP (`otp: true`) unless it says why not (`otp: false` with an
 * `otpExemption` reason). A new route that breaks this does not compile, and
 * {@link confirmsWithOtp} applies the same rule at run time.
 */
type OtpRule =
  | { readonly access: Exclude<Access, 'companyAdmin'> }
  | { readonly table: 'read' }
  | { readonly otp: true }
  | { readonly otp: false; readonly otpExemption: string };

/**
 * The option default: an end user's session route that changes state
 * names the catalog option that governs it (`option`), or says why none does
 * (`optionExemption`). A new route that does neither does not compile.
 */
type OptionRule =
  | { readonly access: Exclude<Access, 'session'> }
  | { readonly table: 'read' }
  | { readonly option: AdminOptionId }
  | { readonly optionExemption: string };

export type RouteDefinition = RouteFields & OtpRule & OptionRule;

/** The option an end user must hold to call the route, if any (administrators are not governed by options). */
export function requiredOption(route: RouteDefinition, role: 'admin' | 'user'): AdminOptionId | undefined {
  return role === 'user' ? route.option : undefined;
}

/** Whether an OTP confirms the route: its flag, or the default for an unexempted company-administrator write. */
export function confirmsWithOtp(route: RouteDefinition): boolean {
  return route.otp || (route.access === 'companyAdmin' && route.table === 'write' && !route.otpExemption);
}

/**
 * Whether the route goes through the confirmation step: OTP-confirmed routes, and every
 * company-administrator route, since the administrator acts only with an active BOP Token (step 9).
 */
export function needsConfirmation(route: RouteDefinition): boolean {
  return route.access === 'companyAdmin' || confirmsWithOtp(route);
}

/**
 * The lookup by id over the table, typed so that each route keeps its literal schema types.
 * Handlers do not use it: each imports its own route's constant, so its bundle holds no other
 * route's schemas.
 */
export function routeLookup<const T extends readonly RouteDefinition[]>(table: T) {
  return <I extends T[number]['id']>(id: I): Extract<T[number], { id: I }> => {
    const found = table.find((r) => r.id === id);
    if (!found) throw new Error(`Unknown route ${id}`);
    return found as Extract<T[number], { id: I }>;
  };
}
