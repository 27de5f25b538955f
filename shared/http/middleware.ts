import middy from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Actor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import type { Language } from '../core/language.ts';
import { createLogger, type Logger, type LogLevel } from '../core/logger.ts';
import type { Transaction } from '../data/transact.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import { type ApprovalRequest, type DualControlStep, isApproval } from '../services/dual-control-step.ts';
import type { ActionConfirmer } from '../services/otp.ts';
import { type Authenticator, authenticateStep, authorize, type PrincipalOf } from './authenticate.ts';
import { confirmStep } from './confirm.ts';
import { baseHeaders, type Event, type RequestContext, requestContext } from './context.ts';
import type { IdempotentRequests } from './idempotency.ts';
import { idempotentStep } from './idempotent.ts';
import { problemResponder, type RefusalAuditor } from './problem-responder.ts';
import { type AlsoJudge, bodyGuard, type ValidInput, validate } from './validate.ts';

export type { Authenticator, PrincipalOf } from './authenticate.ts';
export { OTP_HEADER } from './confirm.ts';
export { MAX_BODY_BYTES } from './validate.ts';

/**
 * What a use case receives: its route's typed input, the caller typed by the route's `access`
 * ({@link PrincipalOf}: a session route's handler reads `request.principal.user` directly), and
 * the request's {@link Transaction}.
 */
export interface HttpRequest<R extends RouteDefinition> extends ValidInput<R> {
  headers: Record<string, string | undefined>;
  principal: PrincipalOf<R['access']>;
  /** The source IP that API Gateway saw; never a client-supplied header. */
  sourceIp: string;
  language: Language;
  /** The request's own id; see {@link Actor}. */
  correlationId: string;
  /** The client's `X-Correlation-Id`, if well-formed; see {@link Actor}. */
  clientCorrelationId?: string;
  log: Logger;
  /**
   * The request's writes ({@link Transaction}): a use case hands it to the stores it writes
   * through. On a confirmed route its first write carries the BOP Token code, which is asked for
   * and checked only then, after the use case's own checks.
   */
  transaction: Transaction;
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
   * Records a refused privileged request: an end user on an administrator
   * route or beyond their options, a user of another company named, an action on the
   * administrator. At most one audit item per actor, route, code and minute (`refusalAuditUpdate`).
   */
  auditRefusal?: RefusalAuditor;
  /** The business problems to list with a body's schema problems ({@link AlsoJudge}). */
  alsoJudge?: AlsoJudge;
  /** Dual control: the routes marked `dualControl` only; without it, they run as with the setting off. */
  dualControl?: DualControlStep;
  /** Log sink, for tests. */
  write?: (line: string) => void;
}

/**
 * Builds a Lambda handler for one route of the route table, composing the steps the route
 * asks for (each its own module in `shared/http/`): event and header normalization; the
 * request context (correlation id, language, log: `context.ts`); the body guard and JSON parsing
 * (`validate.ts`); authentication and authorization by the route's `access` (`authenticate.ts`);
 * validation of body, path and query (`validate.ts`); the `Idempotency-Key` step
 * (`idempotent.ts`); the confirmation step, which gives the request its transaction
 * (`confirm.ts`); the use case; and RFC 9457 problem answers (`problem-responder.ts`). The use
 * case sees typed input, a typed caller and its transaction; a confirmed one's code is checked
 * when it commits.
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
  // Each step is built at cold start, and refuses a configuration the route cannot be served with.
  const authenticate = authenticateStep(route, options.authenticate);
  const confirm = confirmStep(route, options.confirm);
  const idempotent = idempotentStep(route, options.idempotency);

  const core = async (event: Event, lambdaContext: Context): Promise<APIGatewayProxyResult> => {
    const internal = event.internal as RequestContext;
    const source: Actor = {
      sourceIp: event.requestContext?.identity?.sourceIp ?? '',
      correlationId: internal.correlationId,
      ...(internal.clientCorrelationId ? { clientCorrelationId: internal.clientCorrelationId } : {}),
      log: internal.log,
    };
    const principal = await authenticate(event, source);
    internal.principal = principal;
    authorize(route, principal);
    const approving = isApproval(route, event.headers);
    // The principal administrator proposes administrators; any other administrator may approve (dual control).
    if (route.principalOnly && principal.kind === 'user' && !approving) {
      if (principal.company.administratorCode !== principal.user.userCode)
        throw new AppError('NOT_PRINCIPAL_ADMINISTRATOR');
    }
    // An approval runs the proposal's stored input, validated again (dual control).
    const approval: ApprovalRequest | undefined = approving
      ? await options.dualControl?.approval(route, principal, event.headers)
      : undefined;
    const input = await validate(
      route,
      approval
        ? {
            ...event,
            body: approval.input.body as APIGatewayProxyEvent['body'],
            queryStringParameters: approval.input.query,
          }
        : event,
      options.alsoJudge && !approval ? { alsoJudge: options.alsoJudge, principal } : undefined,
    );
    return idempotent({
      headers: event.headers,
      principal,
      input,
      context: lambdaContext,
      log: internal.log,
      replayHeaders: () => baseHeaders(internal.correlationId, event.headers.origin, allowed),
      run: async () => {
        const transaction = await confirm(principal, event.headers, source);
        const request: HttpRequest<R> = {
          ...input,
          headers: event.headers,
          principal,
          sourceIp: source.sourceIp,
          language: internal.language,
          correlationId: internal.correlationId,
          clientCorrelationId: internal.clientCorrelationId,
          log: internal.log,
          transaction,
          event,
          context: lambdaContext,
        };
        const dual = route.dualControl ? options.dualControl : undefined;
        const result = dual
          ? await dual.run(route, request, approval, (given) =>
              useCase(given ? { ...request, transaction: given } : request),
            )
          : await useCase(request);
        // A confirmation no change carried is written now: a replayed code is refused whatever the use case did.
        await transaction.settle();
        return answer(
          result,
          baseHeaders(internal.correlationId, event.headers.origin, allowed),
          internal.log,
        );
      },
    });
  };

  /** The use case's result as API Gateway's answer. */
  const answer = (result: HttpResult, base: Record<string, string>, log: Logger): APIGatewayProxyResult => {
    const status = result.status ?? route.response.status;
    const headers = { ...base, ...result.headers };
    log.info('request done', { status });
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
    .use(requestContext(rootLog))
    .use(bodyGuard(route));
  if (route.request.body) {
    const parser = httpJsonBodyParser();
    // An approval carries no body: the proposal's stored input replaces it (dual control).
    chain.use({
      before: (request) => (isApproval(route, request.event.headers) ? undefined : parser.before?.(request)),
    });
  }
  return chain
    .use(problemResponder({ route, rootLog, allowedOrigins: allowed, auditRefusal: options.auditRefusal }))
    .handler(core) as unknown as LambdaHandler;
}

/** What API Gateway invokes. */
export type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

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
