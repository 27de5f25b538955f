import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Actor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import { createLogger, type Logger, type LogLevel } from '../core/logger.ts';
import type { RefusedRequest } from '../data/audit.ts';
import {
  AlreadyExistsError,
  cancellationReasons,
  isConditionalCheckFailed,
  VersionConflictError,
} from '../data/errors.ts';
import type { StoredResponse } from '../data/idempotency.ts';
import { runConfirmed } from '../data/transact.ts';
import type { Principal } from '../domain/principal.ts';
import { needsConfirmation, type RouteDefinition, requiredOption } from '../routes/definition.ts';
import { type ApprovalRequest, type DualControlStep, isApproval } from '../services/dual-control-step.ts';
import type { ActionConfirmer } from '../services/otp.ts';
import type { IdempotentRequests } from './idempotency.ts';
import { negotiateLanguage } from './locale.ts';
import { parseOrThrow } from './validation.ts';

/** Largest JSON body any route accepts; API Gateway's own 10 MB limit is far above it. */
export const MAX_BODY_BYTES = 64 * 1024;
const CORRELATION_HEADER = 'x-correlation-id';
/** A client's own correlation id, kept beside the request's (never instead of it): short, plain characters. */
const CORRELATION_ID = /^[A-Za-z0-9._-]{8,64}$/;
/**
 * Transient failures, answered 503 with Retry-After: throttling, and timeouts — middy's, just
 * before the function's own (the claim of an idempotent request then lapses with its lease),
 * and the SDK's socket timeouts.
 */
const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'TimeoutError',
]);

/** Turns a request into a principal for the route's access level, or throws 401/403. */
export type Authenticator = (
  event: APIGatewayProxyEvent,
  access: RouteDefinition['access'],
  source: Actor,
) => Promise<Principal>;

/** The request header that carries the current code of the caller's BOP Token. */
export const OTP_HEADER = 'x-otp';

type Infer<S> = S extends () => z.ZodMiniType ? z.infer<ReturnType<S>> : undefined;

export interface HttpRequest<R extends RouteDefinition> {
  body: Infer<R['request']['body']>;
  path: Infer<R['request']['path']>;
  query: Infer<R['request']['query']>;
  headers: Record<string, string | undefined>;
  principal: Principal;
  /** The source IP that API Gateway saw; never a client-supplied header. */
  sourceIp: string;
  language: Language;
  /** The request's own id; see {@link Actor}. */
  correlationId: string;
  /** The client's `X-Correlation-Id`, if well-formed; see {@link Actor}. */
  clientCorrelationId?: string;
  log: Logger;
  event: APIGatewayProxyEvent;
  context: Context;
}

export interface HttpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw (non-JSON) bodies, such as exports; `body` must then be a string or Buffer. */
  contentType?: string;
}

export interface HttpOptions {
  logLevel?: LogLevel;
  allowedOrigins?: readonly string[];
  authenticate?: Authenticator;
  /** The confirmation step (BOP Token and OTP); required by every route that `needsConfirmation`. */
  confirm?: ActionConfirmer;
  /**
   * The `Idempotency-Key` step (`idempotentRequests(store)`); required by every route that is
   * `idempotent` in the route table, and given only to those functions.
   */
  idempotency?: IdempotentRequests;
  /**
   * Records a refused privileged request (issue 16, point 5): an end user on an administrator
   * route or beyond their options, a user of another company named, an action on the
   * administrator. At most one audit item per actor, route, code and minute (`refusalAuditUpdate`).
   */
  auditRefusal?: (refusal: RefusedRequest) => Promise<void>;
  /** Dual control (issue 22): the routes marked `dualControl` only; without it, they run as with the setting off. */
  dualControl?: DualControlStep;
  /** Log sink, for tests. */
  write?: (line: string) => void;
}

type Internal = {
  language: Language;
  correlationId: string;
  clientCorrelationId?: string;
  log: Logger;
  /** The authenticated caller, once known: the refusal audit names them. */
  principal?: Principal;
  /** The pending change an approval request applies (dual control). */
  approval?: ApprovalRequest;
};
type Event = APIGatewayProxyEvent & { internal?: Internal; rawBody?: string | null };

/** Bank routes are IAM-authorized by API Gateway; the handler re-checks that an IAM identity is present. */
const bankAuthenticator: Authenticator = async (event) => {
  const arn = event.requestContext?.identity?.userArn ?? event.requestContext?.identity?.caller;
  if (!arn) throw new AppError('FORBIDDEN');
  return { kind: 'bank', arn };
};

function baseHeaders(correlationId: string, origin: string | undefined, allowed: readonly string[]) {
  const headers: Record<string, string> = {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    [CORRELATION_HEADER]: correlationId,
  };
  if (origin && allowed.includes(origin)) {
    // Tokens travel in Authorization, never in cookies: no credentials mode is needed.
    headers['access-control-allow-origin'] = origin;
    headers['access-control-expose-headers'] = `${CORRELATION_HEADER}, content-disposition`;
    headers.vary = 'Origin';
  }
  return headers;
}

/**
 * Builds a Lambda handler for one route of the route table: the same middleware chain for
 * every route (event and header normalization, correlation id, structured log, content-type
 * and size guard, JSON parsing, authentication, zod validation of body/path/query, the
 * BOP Token / OTP confirmation step of administrative routes, security headers, CORS, and
 * RFC 9457 problem responses). The use-case function only sees typed, confirmed input.
 */
export function httpHandler<R extends RouteDefinition>(
  route: R,
  options: HttpOptions,
  useCase: (request: HttpRequest<R>) => Promise<HttpResult>,
) {
  const rootLog = createLogger({
    level: options.logLevel,
    fields: { route: route.id },
    write: options.write,
  });
  const allowed = options.allowedOrigins ?? [];
  const authenticate = options.authenticate;
  const confirm = options.confirm;
  // Fail fast, at cold start: an administrative route is never served without its confirmation step.
  if (needsConfirmation(route) && !confirm) {
    throw new Error(`Invalid configuration: route ${route.id} needs the OTP confirmation service`);
  }
  const idempotency = options.idempotency;
  if (route.idempotent && (route.access === 'public' || route.access === 'challenge')) {
    throw new Error(`Invalid configuration: idempotent route ${route.id} needs a bank or session caller`);
  }

  const context: middy.MiddlewareObj<Event, APIGatewayProxyResult> = {
    before: (request) => {
      const { event } = request;
      const given = event.headers[CORRELATION_HEADER];
      // The server's id identifies the request; a client's is only recorded beside it.
      const correlationId = event.requestContext?.requestId ?? randomUUID();
      const clientCorrelationId = given && CORRELATION_ID.test(given) ? given : undefined;
      event.internal = {
        language: negotiateLanguage(event.headers['accept-language']),
        correlationId,
        ...(clientCorrelationId ? { clientCorrelationId } : {}),
        log: rootLog.child({
          correlationId,
          ...(clientCorrelationId ? { clientCorrelationId } : {}),
          method: event.httpMethod,
          path: event.path,
        }),
      };
    },
  };

  const bodyGuard: middy.MiddlewareObj<Event, APIGatewayProxyResult> = {
    before: ({ event }) => {
      const raw = event.body ?? '';
      const size = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw);
      if (size > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { limit: MAX_BODY_BYTES });
      if (isApproval(route, event.headers) && raw.length === 0) return;
      if (!route.request.body) {
        if (raw.length > 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return;
      }
      const contentType = event.headers['content-type'] ?? '';
      if (!/^application\/json\s*(;|$)/i.test(contentType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      if (raw.length === 0) throw new AppError('MALFORMED_JSON');
    },
  };

  const problemResponder: middy.MiddlewareObj<Event, APIGatewayProxyResult> = {
    onError: async (request) => {
      const { event, error } = request;
      const internal = event.internal ?? {
        language: 'es' as const,
        correlationId: randomUUID(),
        log: rootLog,
      };
      const headers = baseHeaders(internal.correlationId, event.headers?.origin, allowed);
      let appError: AppError;
      if (error instanceof AppError) {
        appError = error;
      } else if (error instanceof VersionConflictError) {
        appError = new AppError('VERSION_CONFLICT');
      } else if (error instanceof AlreadyExistsError) {
        appError = new AppError(error.what === 'company' ? 'COMPANY_EXISTS' : 'USER_EXISTS', error.key);
      } else if (isMiddyJsonError(error)) {
        appError = new AppError('MALFORMED_JSON');
      } else if (error && (THROTTLING_ERRORS.has(error.name) || dynamoRefusal(error) === 'throttled')) {
        internal.log.warn('throttled or timed out', { error: error.name });
        appError = new AppError('SERVICE_UNAVAILABLE', {}, [], { 'retry-after': '2' });
      } else if (error && dynamoRefusal(error) === 'conflict') {
        // A write lost a race that its use case did not name: the caller reloads and repeats, as on a version conflict.
        internal.log.warn('write refused by a condition or a concurrent transaction', {
          error: error.name,
          reasons: cancellationReasons(error),
        });
        appError = new AppError('VERSION_CONFLICT');
      } else {
        internal.log.error('unhandled error', { error });
        appError = new AppError('INTERNAL_ERROR');
      }
      // The catalog's texts are needed only here: a function loads them with its first error answer.
      const { PROBLEM_CONTENT_TYPE, problemBody } = await import('./problem.ts');
      const problem = problemBody(appError.code, internal.language, {
        params: appError.params,
        issues: appError.issues,
        instance: internal.correlationId,
      });
      if (problem.status >= 400 && problem.status < 500) {
        internal.log.info('request refused', { code: appError.code, status: problem.status });
        await auditPrivilegedRefusal(event, internal, appError);
      }
      request.response = {
        statusCode: problem.status,
        headers: { ...headers, ...appError.headers, 'content-type': PROBLEM_CONTENT_TYPE },
        body: JSON.stringify(problem),
      };
    },
  };

  /**
   * A refused privileged request is logged (the PrivilegedRefusals metric filter counts the
   * line) and audited; an audit that fails is logged, and the refusal is answered all the same.
   */
  const auditPrivilegedRefusal = async (event: Event, internal: Internal, error: AppError) => {
    const principal = internal.principal;
    const code = principal?.kind === 'user' ? privilegedRefusal(route, error) : undefined;
    if (!code || principal?.kind !== 'user') return;
    // A user the caller's company does not have is not named as the target: it may be another
    // company's, whose codes this company's audit log must not show (the path keeps it, in `request`).
    const target = principal.target?.userCode ?? (code === 'USER_NOT_FOUND' ? undefined : namedUser(event));
    const refusal: RefusedRequest = {
      companyCode: principal.company.code,
      actor: principal.user.userCode,
      route: route.id,
      request: `${event.httpMethod} ${String(event.path ?? '').slice(0, 200)}`,
      ...(target ? { target } : {}),
      code,
      sourceIp: event.requestContext?.identity?.sourceIp ?? '',
      correlationId: internal.correlationId,
    };
    internal.log.warn('privileged request refused', {
      code,
      company: refusal.companyCode,
      actor: refusal.actor,
      target: refusal.target,
      sourceIp: refusal.sourceIp,
    });
    await options.auditRefusal?.(refusal).catch((auditError: unknown) => {
      internal.log.error('refused request not audited', { error: (auditError as Error).name });
    });
  };

  const core = async (event: Event, lambdaContext: Context): Promise<APIGatewayProxyResult> => {
    const internal = event.internal as Internal;
    const source: Actor = {
      sourceIp: event.requestContext?.identity?.sourceIp ?? '',
      correlationId: internal.correlationId,
      ...(internal.clientCorrelationId ? { clientCorrelationId: internal.clientCorrelationId } : {}),
      log: internal.log,
    };
    const principal =
      route.access === 'public'
        ? ({ kind: 'anonymous' } as const)
        : route.access === 'bank'
          ? await bankAuthenticator(event, route.access, source)
          : authenticate
            ? await authenticate(event, route.access, source)
            : (() => {
                throw new AppError('UNAUTHENTICATED');
              })();
    internal.principal = principal;
    authorize(route, principal);
    // The principal administrator proposes; any other administrator may approve (dual control).
    if (
      route.principalOnly &&
      principal.kind === 'user' &&
      !isApproval(route, event.headers) &&
      principal.company.administratorCode !== principal.user.userCode
    )
      throw new AppError('NOT_PRINCIPAL_ADMINISTRATOR');
    // An approval runs the proposal's stored input, validated again (dual control).
    internal.approval = isApproval(route, event.headers)
      ? await options.dualControl?.approval(route, principal, event.headers)
      : undefined;
    const input = internal.approval?.input;
    const request = {
      body: route.request.body
        ? await parseOrThrow(route.request.body, input ? input.body : event.body, 'body')
        : undefined,
      path: route.request.path
        ? await parseOrThrow(route.request.path, event.pathParameters ?? {}, 'path')
        : undefined,
      query: route.request.query
        ? await parseOrThrow(route.request.query, input?.query ?? event.queryStringParameters ?? {}, 'query')
        : undefined,
      headers: event.headers,
      principal,
      sourceIp: source.sourceIp,
      language: internal.language,
      correlationId: internal.correlationId,
      clientCorrelationId: internal.clientCorrelationId,
      log: internal.log,
      event,
      context: lambdaContext,
    } as HttpRequest<R>;
    if (!route.idempotent) return execute(request, event, internal);
    // A key is never ignored: without the step, a request that sends one is refused (a logged 500), not run unprotected.
    if (!idempotency) {
      if (event.headers['idempotency-key'] === undefined) return execute(request, event, internal);
      throw new Error(`Invalid configuration: route ${route.id} has no idempotency store`);
    }
    const key = idempotency.keyOf(event.headers);
    if (!key) return execute(request, event, internal);
    const step = await idempotency.begin({
      routeId: route.id,
      caller: callerOf(principal),
      key,
      input: { body: request.body, path: request.path, query: request.query },
      remainingMs: lambdaContext?.getRemainingTimeInMillis?.(),
      log: internal.log,
    });
    if (step?.kind === 'replay') {
      return replayed(step.response, baseHeaders(internal.correlationId, event.headers.origin, allowed));
    }
    try {
      const response = await execute(request, event, internal);
      // The action is done: a failure to keep its answer must not turn it into an error.
      await step?.settle(response).catch((error: unknown) => {
        internal.log.warn('idempotent answer not kept', { error: (error as Error).name });
      });
      return response;
    } catch (error) {
      await step?.release().catch((inner: unknown) => {
        internal.log.warn('idempotency key not released', { error: (inner as Error).name });
      });
      throw error;
    }
  };

  /** The confirmation step, the use case and its answer. */
  const execute = async (
    request: HttpRequest<R>,
    event: Event,
    internal: Internal,
  ): Promise<APIGatewayProxyResult> => {
    const { principal } = request;
    const confirmation =
      confirm && needsConfirmation(route)
        ? await confirm({
            route,
            principal,
            code: event.headers[OTP_HEADER],
            sourceIp: request.sourceIp,
            correlationId: internal.correlationId,
            clientCorrelationId: internal.clientCorrelationId,
            log: internal.log,
          })
        : undefined;
    // A verified code is accepted in the use case's own transaction: spent only if the change is made.
    const dual = route.dualControl ? options.dualControl : undefined;
    const run = dual
      ? () =>
          dual.run(route, request as HttpRequest<RouteDefinition>, internal.approval, () => useCase(request))
      : () => useCase(request);
    const result = confirmation ? await runConfirmed(confirmation, run) : await run();
    const status = result.status ?? route.response.status;
    const headers = {
      ...baseHeaders(internal.correlationId, event.headers.origin, allowed),
      ...result.headers,
    };
    internal.log.info('request done', { status });
    if (result.contentType) {
      const raw = result.body as string | Buffer;
      const isBinary = Buffer.isBuffer(raw);
      return {
        statusCode: status,
        headers: { ...headers, 'content-type': result.contentType },
        body: isBinary ? raw.toString('base64') : raw,
        isBase64Encoded: isBinary,
      };
    }
    return result.body === undefined
      ? { statusCode: status, headers, body: '' }
      : {
          statusCode: status,
          headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(result.body),
        };
  };

  const chain = middy<Event, APIGatewayProxyResult>()
    .use(httpEventNormalizer())
    .use(httpHeaderNormalizer())
    .use(context)
    .use(bodyGuard);
  if (route.request.body) {
    const parser = httpJsonBodyParser();
    // An approval carries no body: the proposal's stored input replaces it.
    chain.use({
      before: (request) => (isApproval(route, request.event.headers) ? undefined : parser.before?.(request)),
    });
  }
  return chain.use(problemResponder).handler(core) as unknown as LambdaHandler;
}

/**
 * Authorization after authentication, from the route table: only the company's administrator
 * on `companyAdmin` routes, and an end user only on routes whose catalog option they were
 * granted (issue 16, point 4). Administrators are not governed by options.
 */
function authorize(route: RouteDefinition, principal: Principal): void {
  if (principal.kind !== 'user') return;
  if (route.access === 'companyAdmin' && principal.user.role !== 'admin') throw new AppError('FORBIDDEN');
  const option = requiredOption(route, principal.user.role);
  // "Incluir todas las Opciones" is stored as "all" (issue 18): a route's option is always in the catalog.
  const permissions = principal.user.permissions;
  if (option && !permissions?.allOptions && !(permissions?.options ?? []).includes(option)) {
    throw new AppError('OPTION_NOT_GRANTED', { option });
  }
}

/**
 * The code to audit when a refusal is a privileged request refused: an end user on an
 * administrator route or beyond their options, an action on the administrator, a user the
 * caller's company does not have (another company's, or a guess), a page cursor or an account
 * of another company. Other refusals (validation, conflicts) are not attempts at privilege.
 */
function privilegedRefusal(route: RouteDefinition, error: AppError): string | undefined {
  switch (error.code) {
    case 'FORBIDDEN':
    case 'OPTION_NOT_GRANTED':
    case 'ADMINISTRATOR_NOT_TARGETABLE':
    case 'ADMINISTRATOR_TOKEN_NOT_TARGETABLE':
      return error.code;
    case 'USER_NOT_FOUND':
      return route.access === 'companyAdmin' ? error.code : undefined;
    case 'VALIDATION_FAILED': {
      const foreign = error.issues.find((i) => i.rule === 'invalid_cursor' || i.rule === 'unknown_account');
      return foreign ? `${error.code}:${foreign.rule}` : undefined;
    }
    default:
      return undefined;
  }
}

/** The `{userCode}` a request's path names, if well-formed (as the route's schema would read it). */
function namedUser(event: APIGatewayProxyEvent): string | undefined {
  const raw = event.pathParameters?.userCode?.trim();
  return raw && /^[A-Za-z0-9]{3,10}$/.test(raw) ? raw.toUpperCase() : undefined;
}

/** What API Gateway invokes. */
export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Whose idempotency keys a request uses: the bank's IAM identity, or the company user in session. */
function callerOf(principal: Principal): string {
  if (principal.kind === 'bank') return `bank/${principal.arn}`;
  if (principal.kind === 'user') return `${principal.company.code}/${principal.user.userCode}`;
  throw new Error('idempotent routes need a bank or session caller');
}

/** The stored answer of the first execution, repeated with this request's own headers. */
function replayed(stored: StoredResponse, headers: Record<string, string>): APIGatewayProxyResult {
  return {
    statusCode: stored.statusCode,
    headers: {
      ...headers,
      ...(stored.contentType ? { 'content-type': stored.contentType } : {}),
      'idempotent-replayed': 'true',
    },
    body: stored.body,
    ...(stored.isBase64Encoded ? { isBase64Encoded: true } : {}),
  };
}

/** Cancellation reasons of a transaction that DynamoDB throttled (the transaction as a whole is refused). */
const THROTTLED_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * What a DynamoDB refusal that reached the responder means: a transaction cancelled by
 * throttling is a 503 like any throttled call; a failed condition or a transaction that met
 * a concurrent one is a lost race (409), never a 500.
 */
function dynamoRefusal(error: unknown): 'throttled' | 'conflict' | undefined {
  if (isConditionalCheckFailed(error)) return 'conflict';
  const reasons = cancellationReasons(error);
  if (reasons.some((reason) => THROTTLED_REASONS.has(reason))) return 'throttled';
  if (reasons.some((reason) => reason === 'ConditionalCheckFailed' || reason === 'TransactionConflict'))
    return 'conflict';
  return undefined;
}

function isMiddyJsonError(error: unknown): boolean {
  const cause = (error as { cause?: { package?: string } } | undefined)?.cause;
  return cause?.package === '@middy/http-json-body-parser';
}

/**
 * Creates the real handler on the first invocation (the cold start) and reuses it, so that
 * configuration is read once and test files can import a handler module without an environment.
 * `prepare()` builds it ahead of the first invocation (see {@link prepareWhenProvisioned}).
 */
export function onColdStart<E, C, R>(build: () => (event: E, context: C) => Promise<R>) {
  let built: ((event: E, context: C) => Promise<R>) | undefined;
  const handler = (event: E, context: C): Promise<R> => {
    built ??= build();
    return built(event, context);
  };
  return Object.assign(handler, {
    prepare: () => {
      built ??= build();
    },
  });
}

/**
 * Whether Lambda is initializing a provisioned-concurrency environment: its init phase runs
 * ahead of any request, so work done there is never paid by a caller.
 */
export const isProvisionedInit = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency';

/**
 * Awaited at a handler module's top level: in a provisioned-concurrency environment, does the
 * function's setup (configuration, clients, the master-key fetch) in the init phase, so the
 * first request finds it done. On demand it does nothing (the init phase is then on the
 * request's clock either way, and a function that is never called fetches no secret). A failure
 * is logged and left to the first request, which retries it.
 */
export async function prepareWhenProvisioned(
  prepare: () => Promise<unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  if (!isProvisionedInit(env)) return false;
  try {
    await prepare();
    return true;
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        message: 'provisioned init: setup left to the first request',
        error: String(error),
      }),
    );
    return false;
  }
}
