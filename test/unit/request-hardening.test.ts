import { describe, expect, it } from 'vitest';
import { originOf } from '../../functions/auth/origin.ts';
import { onboardCompanyBody } from '../../shared/contracts/bank.ts';
import { auditExportQuery, auditQuery, createUserBody } from '../../shared/contracts/users.ts';
import { requestIds } from '../../shared/core/audit.ts';
import { AppError } from '../../shared/core/errors.ts';
import type { Company } from '../../shared/domain/model.ts';
import { httpHandler } from '../../shared/http/middleware.ts';
import { parseOrThrow } from '../../shared/http/validation.ts';
import { passwordRulesRoute } from '../../shared/routes/auth.ts';
import { resolvePermissions } from '../../shared/services/users.ts';
import { lambdaContext, newUserBody, onboardingBody, restEvent } from '../helpers/events.ts';

/** Issue 16 §6: hostile keys, far dates, reserved codes and client correlation ids. */
const refusal = async (run: () => Promise<unknown> | unknown) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error('accepted');
};

describe('Users: limit keys are the catalog’s option ids (own properties only)', () => {
  it('drops a `__proto__` limit key without touching any prototype', async () => {
    const body = { ...newUserBody('NUEVO1'), limits: JSON.parse('{"__proto__":"5.00"}') };

    const parsed = await parseOrThrow(createUserBody, body, 'body');

    expect(Object.keys(parsed.limits ?? {})).toEqual([]);
    expect(Object.getPrototypeOf(parsed.limits)).toBe(Object.prototype);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf'])(
    'answers 400 to a limit keyed %s, never storing it or failing with a 500',
    async (key) => {
      // Act
      // As the JSON body parser builds it: `__proto__` too is an own key then.
      const body = { ...newUserBody('NUEVO1'), limits: JSON.parse(`{"${key}":"5.00"}`) };
      const answer = await refusal(() => parseOrThrow(createUserBody, body, 'body'));

      // Assess
      expect(answer.code).toBe('VALIDATION_FAILED');
      expect(answer.issues).toEqual([
        expect.objectContaining({ field: `body.limits.${key}`, rule: 'unknown_option' }),
      ]);
    },
  );

  it('never takes an inherited property for a chosen option when resolving limits', async () => {
    // Prepare: what a caller that skips the schema could hand in
    const company = { accounts: [{ number: '1000000001' }] } as Company;
    const limits = JSON.parse('{"toString":"5.00","constructor":"7.00"}');

    // Act
    const answer = await refusal(() =>
      resolvePermissions(company, {
        options: ['products.inquiry'],
        limits,
        approvals: undefined,
        accounts: 'ALL',
      }),
    );

    // Assess
    expect(answer.issues.map((i) => i.field)).toEqual(['body.limits.toString', 'body.limits.constructor']);
  });
});

describe('Audit: the date range is bounded in the schema', () => {
  it.each([
    ['the audit query', auditQuery, { to: '9999-12-31' }, 'query.to'],
    ['the audit query', auditQuery, { from: '0001-01-01' }, 'query.from'],
    ['the audit export', auditExportQuery, { format: 'csv', to: '9999-12-31' }, 'query.to'],
    ['the audit export', auditExportQuery, { format: 'csv', from: '9999-12-31' }, 'query.from'],
  ] as const)('answers 400 to a far date in %s', async (_what, schema, query, field) => {
    const answer = await refusal(() => parseOrThrow(schema as typeof auditQuery, query, 'query'));

    expect(answer.code).toBe('VALIDATION_FAILED');
    expect(answer.issues).toEqual([{ field, rule: 'date_out_of_range' }]);
  });

  it('accepts the dates of this century', async () => {
    await expect(
      parseOrThrow(auditQuery, { from: '2026-01-01', to: '2026-12-31' }, 'query'),
    ).resolves.toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('Codes with a meaning to the system are reserved', () => {
  it.each(['BANCO', 'banco', 'BANK', 'SISTEMA'])('refuses an end user with the code %s', async (userCode) => {
    const answer = await refusal(() => parseOrThrow(createUserBody, newUserBody(userCode), 'body'));

    expect(answer.issues).toEqual([{ field: 'body.userCode', rule: 'reserved_code' }]);
  });

  it('refuses an administrator onboarded with the code BANCO', async () => {
    const body = onboardingBody({
      administrator: { userCode: 'BANCO', firstName: 'ANA', lastName: 'LOPEZ', email: 'ana@example.com' },
    });

    const answer = await refusal(() => parseOrThrow(onboardCompanyBody, body, 'body'));

    expect(answer.issues).toEqual([{ field: 'body.administrator.userCode', rule: 'reserved_code' }]);
  });
});

describe('Middleware: the request’s own id, and the client’s beside it', () => {
  const handle = async (headers: Record<string, string>) => {
    const lines: Record<string, unknown>[] = [];
    let origin: ReturnType<typeof originOf> | undefined;
    const handler = httpHandler(
      passwordRulesRoute,
      { write: (line) => lines.push(JSON.parse(line)) },
      async (r) => {
        origin = originOf(r);
        r.log.info('handled');
        return { body: {} };
      },
    );
    const response = await handler(
      restEvent({ method: 'GET', path: '/auth/password-rules', headers }),
      lambdaContext('passwordRules'),
    );
    return { response, lines, origin: origin as NonNullable<typeof origin> };
  };

  it('keeps the server’s request id in the answer, the logs and the audit, and records the client’s apart', async () => {
    // Act
    const { response, lines, origin } = await handle({ 'X-Correlation-Id': 'client-run-0042' });

    // Assess
    expect(response.headers?.['x-correlation-id']).toBe('req-0123456789');
    expect(lines.find((l) => l.message === 'handled')).toMatchObject({
      correlationId: 'req-0123456789',
      clientCorrelationId: 'client-run-0042',
    });
    expect(requestIds(origin)).toEqual({
      correlationId: 'req-0123456789',
      clientCorrelationId: 'client-run-0042',
    });
  });

  it.each(['short', 'x'.repeat(65), 'has space 123', 'new\nline-123', 'req-0123456789"}'])(
    'records no client id when it breaks the length or characters (%j)',
    async (given) => {
      const { lines, origin } = await handle({ 'X-Correlation-Id': given });

      expect(lines.find((l) => l.message === 'handled')).not.toHaveProperty('clientCorrelationId');
      expect(requestIds(origin)).toEqual({ correlationId: 'req-0123456789' });
    },
  );
});
