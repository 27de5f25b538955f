import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { type ErrorCode, errorStatus } from '../../shared/core/errors.ts';
import { MAX_BODY_BYTES } from '../../shared/http/middleware.ts';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../../shared/http/problem.ts';

/**
 * A catalogued code, or a fallback until the catalog has it: the gateway and the WAF answer
 * with codes of the API's own catalog (shared/core/errors.ts), so a client sees one error
 * shape whoever refused the request.
 */
const catalogued = (wanted: string, fallback: ErrorCode): ErrorCode =>
  wanted in errorStatus ? (wanted as ErrorCode) : fallback;

/** 429: the gateway's or the WAF's rate limit (TOO_MANY_REQUESTS once the catalog has it). */
export const rateLimitedCode = catalogued('TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE');

/** A refusal the gateway gives no more specific type for (REQUEST_REFUSED once the catalog has it). */
const genericRefusalCode = catalogued('REQUEST_REFUSED', 'FORBIDDEN');

interface GatewayProblem {
  readonly type: apigateway.ResponseType;
  readonly code: ErrorCode;
  /** The HTTP status, when the gateway's own is not the one to keep. */
  readonly status?: number;
  readonly params?: Record<string, unknown>;
}

/**
 * The API Gateway responses (the gateway refuses before any function runs) and the problem
 * each becomes. The DEFAULT types catch every other 4xx and 5xx.
 */
export const gatewayProblems: readonly GatewayProblem[] = [
  { type: apigateway.ResponseType.DEFAULT_4XX, code: genericRefusalCode },
  { type: apigateway.ResponseType.DEFAULT_5XX, code: 'INTERNAL_ERROR' },
  // Stage throttling and usage-plan quotas.
  { type: apigateway.ResponseType.THROTTLED, code: rateLimitedCode, status: 429 },
  { type: apigateway.ResponseType.QUOTA_EXCEEDED, code: rateLimitedCode, status: 429 },
  // No route for the path and method, or a bank route called without a SigV4 signature.
  { type: apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, code: 'FORBIDDEN', status: 403 },
  { type: apigateway.ResponseType.ACCESS_DENIED, code: 'FORBIDDEN', status: 403 },
  { type: apigateway.ResponseType.INVALID_SIGNATURE, code: 'FORBIDDEN', status: 403 },
  { type: apigateway.ResponseType.EXPIRED_TOKEN, code: 'FORBIDDEN', status: 403 },
  { type: apigateway.ResponseType.UNAUTHORIZED, code: 'UNAUTHENTICATED', status: 401 },
  { type: apigateway.ResponseType.WAF_FILTERED, code: 'FORBIDDEN', status: 403 },
  { type: apigateway.ResponseType.RESOURCE_NOT_FOUND, code: 'NOT_FOUND', status: 404 },
  { type: apigateway.ResponseType.BAD_REQUEST_PARAMETERS, code: 'VALIDATION_FAILED', status: 400 },
  { type: apigateway.ResponseType.BAD_REQUEST_BODY, code: 'VALIDATION_FAILED', status: 400 },
  {
    type: apigateway.ResponseType.REQUEST_TOO_LARGE,
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    params: { limit: MAX_BODY_BYTES },
  },
  { type: apigateway.ResponseType.UNSUPPORTED_MEDIA_TYPE, code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  { type: apigateway.ResponseType.INTEGRATION_TIMEOUT, code: 'SERVICE_UNAVAILABLE', status: 504 },
  { type: apigateway.ResponseType.INTEGRATION_FAILURE, code: 'INTERNAL_ERROR', status: 502 },
];

/** Headers every gateway answer carries, as the handlers' own answers do. */
const gatewayHeaders: Record<string, string> = {
  'Content-Type': PROBLEM_CONTENT_TYPE,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
};

/**
 * The problem+json body template of a gateway response: Spanish (the default language, the
 * gateway cannot negotiate), and the request id as `instance`, which is also the correlation id
 * handlers use when the client sent none. `$context.requestId` is filled in by API Gateway.
 * The field order is problemBody's, with `status` last.
 */
export function gatewayProblemTemplate(problem: GatewayProblem): string {
  const { status: _catalogStatus, ...body } = problemBody(problem.code, 'es', {
    params: problem.params,
    instance: '$context.requestId',
  });
  // The DEFAULT types keep whatever status the gateway chose, so their body states none (RFC 9457
  // makes `status` advisory); the others state the status they answer with.
  return JSON.stringify(problem.status ? { ...body, status: problem.status } : body);
}

/**
 * Adds every gateway response of {@link gatewayProblems} to the API; with the portal's origin,
 * they allow it by CORS too, so the portal can read a refusal (429, 403) the gateway answers
 * before any function runs instead of seeing a network error.
 */
export function addGatewayProblems(api: apigateway.RestApi, portalOrigin?: string): void {
  const headers = portalOrigin
    ? { ...gatewayHeaders, 'Access-Control-Allow-Origin': portalOrigin, Vary: 'Origin' }
    : gatewayHeaders;
  for (const problem of gatewayProblems) {
    api.addGatewayResponse(`Problem${problem.type.responseType}`, {
      type: problem.type,
      statusCode: problem.status?.toString(),
      responseHeaders: Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, `'${value}'`]),
      ),
      templates: { 'application/json': gatewayProblemTemplate(problem) },
    });
  }
}
