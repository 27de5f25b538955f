import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque page cursors: the position, bound to the company and the query it belongs to and
 * signed, so a cursor can be neither forged, nor replayed against another company or filter.
 */
export function signCursor(key: Uint8Array, scope: string, position: unknown): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

/** The position in a cursor, or `undefined` if it is malformed, forged or from another scope. */
export function readCursor<T>(key: Uint8Array, scope: string, cursor: string): T | undefined {
  const [payload, signature, ...rest] = cursor.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; p?: T };
    return decoded.s === scope ? decoded.p : undefined;
  } catch {
    return undefined;
  }
}
