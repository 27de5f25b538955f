import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, validationError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { IdempotencyStore, StoredResponse } from '../data/idempotency.ts';

/**
 * Idempotent creation (routes with `idempotent: true`, e.g. POST /users, POST /bank/companies):
 * a client that sends `Idempotency-Key` may repeat the request — after a timeout, a lost
 * answer, a double click — and the action happens once. The first execution claims the key;
 * a repeat of the same request gets the stored answer once it is there (or 409
 * IDEMPOTENCY_IN_PROGRESS while it runs); the same key with another request is refused
 * (422 IDEMPOTENCY_KEY_REUSED). A failed execution releases its key, and one that was killed
 * (a Lambda timeout) loses it when its lease — the function's remaining time — is over.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key is remembered (the record's TTL). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** 16–64 letters, digits, `-` or `_` (a UUID fits), optionally as a quoted structured-field string. */
const KEY_FORMAT = /^"?([A-Za-z0-9_-]{16,64})"?$/;
/** The lease when the Lambda context cannot say how long the function has left. */
const DEFAULT_LEASE_MS = 30_000;
/** A larger answer is not kept (a DynamoDB item holds at most 400 KB). */
const MAX_STORED_BYTES = 300 * 1024;

/** What the idempotency step returns: nothing (no key sent), a stored answer to repeat, or a claim to settle. */
export type IdempotencyStep =
  | undefined
  | { kind: 'replay'; response: StoredResponse }
  | {
      kind: 'claimed';
      /** Keeps the answer for the repeats to come (2xx only; any other outcome releases the key). */
      settle(result: APIGatewayProxyResult): Promise<void>;
      /** Releases the key after a failure, so the next repeat runs again. */
      release(): Promise<void>;
    };

/**
 * The idempotency step of a function whose route is `idempotent`, bound to its store: what
 * `HttpOptions.idempotency` holds. Only those functions create it (`shared/runtime/idempotency.ts`),
 * so no other function loads this module or the store's.
 */
export interface IdempotentRequests {
  /** The key sent, checked (400 when malformed); undefined when none was sent. */
  keyOf(headers: Record<string, string | undefined>): string | undefined;
  /** {@link beginIdempotentRequest} on the bound store. */
  begin(request: IdempotentRequest): Promise<IdempotencyStep>;
}

export const idempotentRequests = (store: IdempotencyStore): IdempotentRequests => ({
  keyOf: idempotencyKeyOf,
  begin: (request) => beginIdempotentRequest(store, request),
});

/** One request to claim or answer, as {@link beginIdempotentRequest} takes it. */
export interface IdempotentRequest {
  routeId: string;
  /** Who is asking: keys are scoped per caller, so one caller's keys never answer another. */
  caller: string;
  key: string;
  input: { body?: unknown; path?: unknown; query?: unknown };
  remainingMs: number | undefined;
  log: Logger;
  now?: () => number;
}

/** JSON with object keys sorted, so that the fingerprint does not depend on their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, inner]) => `${JSON.stringify(k)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of a request: its route and its validated (normalized) body, path and query. */
export function requestFingerprint(
  routeId: string,
  input: { body?: unknown; path?: unknown; query?: unknown },
) {
  return createHash('sha256')
    .update(canonical({ route: routeId, ...input }))
    .digest('base64url');
}

/** The key as sent, checked; undefined when none was sent. */
export function idempotencyKeyOf(headers: Record<string, string | undefined>): string | undefined {
  const raw = headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const match = KEY_FORMAT.exec(raw.trim());
  if (!match?.[1])
    throw validationError([{ field: `header.${IDEMPOTENCY_HEADER}`, rule: 'idempotency_key_format' }]);
  return match[1];
}

/**
 * Claims the request's key, or answers a repeat. Runs after authentication and validation
 * (the caller is known, the input normalized) and before the OTP confirmation, so a repeat
 * of a confirmed action is answered without spending another code.
 */
export async function beginIdempotentRequest(
  store: IdempotencyStore,
  request: IdempotentRequest,
): Promise<IdempotencyStep> {
  const now = request.now ?? Date.now;
  const requestHash = requestFingerprint(request.routeId, request.input);
  const claimId = randomUUID();
  const started = now();
  const outcome = await store.claim(
    request.caller,
    request.key,
    {
      requestHash,
      claimId,
      routeId: request.routeId,
      leaseUntil:
        started + (request.remainingMs && request.remainingMs > 0 ? request.remainingMs : DEFAULT_LEASE_MS),
      expiresAt: Math.floor(started / 1000) + IDEMPOTENCY_TTL_SECONDS,
    },
    started,
  );
  if (!outcome.claimed) {
    const record = outcome.record;
    if (record && record.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (record?.status === 'COMPLETED' && record.response) {
      request.log.info('idempotent repeat answered', { idempotentReplay: true });
      return { kind: 'replay', response: record.response };
    }
    throw new AppError('IDEMPOTENCY_IN_PROGRESS', {}, [], { 'retry-after': '1' });
  }
  return {
    kind: 'claimed',
    settle: async (result) => {
      const body = result.body ?? '';
      if (result.statusCode < 200 || result.statusCode >= 300 || Buffer.byteLength(body) > MAX_STORED_BYTES) {
        await store.release(request.caller, request.key, claimId);
        return;
      }
      const contentType = result.headers?.['content-type'];
      await store.complete(request.caller, request.key, claimId, {
        statusCode: result.statusCode,
        body,
        ...(typeof contentType === 'string' ? { contentType } : {}),
        ...(result.isBase64Encoded ? { isBase64Encoded: true } : {}),
      });
    },
    release: () => store.release(request.caller, request.key, claimId),
  };
}
