import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, errorStatus } from '../../shared/core/errors.ts';
import { idempotencyKeyOf, requestFingerprint } from '../../shared/http/idempotency.ts';

/** Shuffles an object's keys, at every depth. */
const reordered = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reordered);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reordered(v)]),
    );
  return value;
};

describe('Idempotency: the request fingerprint', () => {
  it('does not depend on the order of object keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(requestFingerprint('createUser', { body: reordered(body) })).toBe(
          requestFingerprint('createUser', { body }),
        );
      }),
    );
  });

  it('differs for another body, another path or another route', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(
          JSON.stringify(reordered(a)) !== JSON.stringify(reordered(b)) &&
            JSON.stringify(a) !== JSON.stringify(b),
        );
        expect(requestFingerprint('createUser', { body: a })).not.toBe(
          requestFingerprint('createUser', { body: b }),
        );
      }),
    );
    expect(requestFingerprint('createUser', { body: {} })).not.toBe(
      requestFingerprint('onboardCompany', { body: {} }),
    );
    expect(requestFingerprint('x', { path: { userCode: 'A' } })).not.toBe(
      requestFingerprint('x', { path: { userCode: 'B' } }),
    );
  });
});

describe('Idempotency: the key', () => {
  it('is optional: no header, no key', () => {
    expect(idempotencyKeyOf({})).toBeUndefined();
  });

  it('accepts 16–64 letters, digits, - and _, bare or as a quoted structured-field string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/), fc.boolean(), (key, quoted) => {
        expect(idempotencyKeyOf({ 'idempotency-key': quoted ? `"${key}"` : key })).toBe(key);
      }),
    );
  });

  it('refuses anything else with a 400 that names the header', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).filter((s) => !/^"?[A-Za-z0-9_-]{16,64}"?$/.test(s.trim())),
        (key) => {
          const outcome = (() => {
            try {
              return idempotencyKeyOf({ 'idempotency-key': key });
            } catch (error) {
              return error;
            }
          })();
          expect(outcome).toBeInstanceOf(AppError);
          expect(errorStatus[(outcome as AppError).code]).toBe(400);
          expect((outcome as AppError).issues[0]).toMatchObject({
            field: 'header.idempotency-key',
            rule: 'idempotency_key_format',
          });
        },
      ),
    );
  });
});
