import { randomUUID } from 'node:crypto';
import { pathUserCode } from '../core/codes.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { RefusedRequest } from '../data/audit.ts';
import {
  AlreadyExistsError,
  cancellationReasons,
  isConditionalCheckFailed,
  VersionConflictError,
} from '../data/errors.ts';
import type { RouteDefinition } from '../routes/definition.ts';
import { baseHeaders, type Event, type Middleware, type RequestContext } from './context.ts';

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

/** Records a refused privileged request (see `HttpOptions.auditRefusal`). */
export type RefusalAuditor = (refusal: RefusedRequest) => Promise<void>;

/**
 * The last step: any error becomes an RFC 9457 problem — an AppError as it says, the data
 * layer's refusals (version conflict, already exists, a lost race, throttling) mapped here and
 * only here, anything else a logged 500 — in the caller's language. A refused privileged
 * request is also logged and audited.
 */
export function problemResponder(options: {
  route: RouteDefinition;
  rootLog: Logger;
  allowedOrigins: readonly string[];
  auditRefusal?: RefusalAuditor;
}): Middleware {
  const { route, rootLog } = options;
  return {
    onError: async (request) => {
      const { event, error } = request;
      const internal = event.internal ?? {
        language: 'es' as const,
        correlationId: randomUUID(),
        log: rootLog,
      };
      const headers = baseHeaders(internal.correlationId, event.headers?.origin, options.allowedOrigins);
      const appError = toAppError(error, internal.log);
      // The catalog's texts are needed only here: a function loads them with its first error answer.
      const { PROBLEM_CONTENT_TYPE, problemBody } = await import('./problem.ts');
      const problem = problemBody(appError.code, internal.language, {
        params: appError.params,
        issues: appError.issues,
        instance: internal.correlationId,
        ...(appError.status ? { status: appError.status } : {}),
      });
      if (problem.status >= 400 && problem.status < 500) {
        internal.log.info('request refused', { code: appError.code, status: problem.status });
        await auditPrivilegedRefusal(route, event, internal, appError, options.auditRefusal);
      }
      request.response = {
        statusCode: problem.status,
        headers: { ...headers, ...appError.headers, 'content-type': PROBLEM_CONTENT_TYPE },
        body: JSON.stringify(problem),
      };
    },
  };
}

/** The answer an error means. */
function toAppError(error: Error | null | undefined, log: Logger): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof VersionConflictError) return new AppError('VERSION_CONFLICT');
  if (error instanceof AlreadyExistsError)
    return new AppError(error.what === 'company' ? 'COMPANY_EXISTS' : 'USER_EXISTS', error.key);
  if (isMiddyJsonError(error)) return new AppError('MALFORMED_JSON');
  if (error && (THROTTLING_ERRORS.has(error.name) || dynamoRefusal(error) === 'throttled')) {
    log.warn('throttled or timed out', { error: error.name });
    return new AppError('SERVICE_UNAVAILABLE', {}, [], { 'retry-after': '2' });
  }
  if (error && dynamoRefusal(error) === 'conflict') {
    // A write lost a race that its use case did not name: the caller reloads and repeats, as on a version conflict.
    log.warn('write refused by a condition or a concurrent transaction', {
      error: error.name,
      reasons: cancellationReasons(error),
    });
    return new AppError('VERSION_CONFLICT');
  }
  log.error('unhandled error', { error });
  return new AppError('INTERNAL_ERROR');
}

/**
 * A refused privileged request is logged (the PrivilegedRefusals metric filter counts the
 * line) and audited; an audit that fails is logged, and the refusal is answered all the same.
 */
async function auditPrivilegedRefusal(
  route: RouteDefinition,
  event: Event,
  internal: RequestContext,
  error: AppError,
  auditRefusal: RefusalAuditor | undefined,
) {
  const principal = internal.principal;
  const code = principal?.kind === 'user' ? privilegedRefusal(route, error) : undefined;
  if (!code || principal?.kind !== 'user') return;
  // A user the caller's company does not have is not named as the target: it may be another
  // company's, whose codes this company's audit log must not show (the path keeps it, in `request`).
  const target =
    principal.target?.userCode ??
    (code === 'USER_NOT_FOUND' ? undefined : pathUserCode(event.pathParameters));
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
  await auditRefusal?.(refusal).catch((auditError: unknown) => {
    internal.log.error('refused request not audited', { error: (auditError as Error).name });
  });
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
