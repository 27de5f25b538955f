import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { newUserBody } from '../helpers/events.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';

// Issue 20 §1 / issue 21 §2: the BOP Token code is asked for only when the use case commits, so
// a request that fails anyway answers its own problem without a code, and spends none.
let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(undefined, 'lazy-confirmation');
});
afterAll(async () => table?.destroy());

const ACCOUNTS = [
  { number: '4000000001', type: 'CHECKING' },
  { number: '4000000002', type: 'SAVINGS' },
];

/** An Operator with one of the company's two accounts. */
const newUser = (userCode: string, overrides: Record<string, unknown> = {}) =>
  newUserBody(userCode, { limits: {}, approvals: {}, accounts: ['4000000001'], ...overrides });

/** An administrator of `company` with an end user OPERADOR (Pendiente, no password, no token). */
async function setUp(company: string) {
  const app = testApp(table);
  const admin = await readyAdministrator(app, company, 'Banco1234a', { accounts: ACCOUNTS });
  const created = await app.call('createUser', {
    token: admin.token,
    body: newUser('OPERADOR'),
    headers: { 'X-OTP': admin.otp() },
  });
  expect(created.status).toBe(201);
  // What a code spends: the administrator's accepted step; what a refused one counts: failedCodes.
  const tokenOf = async () => (await table.readUser(company, 'ADMON'))?.token;
  return { app, admin, tokenOf };
}

describe('Confirmed requests that would fail answer their own problem before any code (issue 20 §1)', () => {
  it('refuses each failing request sent without X-OTP with its own 4xx, writing and spending nothing', async () => {
    const { app, admin, tokenOf } = await setUp('LAZY1');
    const operator = await table.readUser('LAZY1', 'OPERADOR');
    const tokenBefore = await tokenOf();
    const cases = [
      {
        what: 'a duplicate user code',
        call: () => app.call('createUser', { token: admin.token, body: newUser('OPERADOR') }),
        status: 409,
        code: 'USER_EXISTS',
      },
      {
        what: 'an account of another company',
        call: () =>
          app.call('createUser', {
            token: admin.token,
            body: newUser('NUEVO', { accounts: ['9999999999'] }),
          }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'an assigned password that breaks a rule',
        call: () =>
          app.call('assignUserPassword', {
            token: admin.token,
            path: { userCode: 'OPERADOR' },
            body: { newPassword: 'abc', confirmation: 'abc' },
          }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        what: 'activating a user with no password',
        call: () =>
          app.call('changeUserState', {
            token: admin.token,
            path: { userCode: 'OPERADOR' },
            body: { state: 'ACTIVE', version: operator?.version },
          }),
        status: 409,
        code: 'PASSWORD_NOT_ASSIGNED',
      },
      {
        what: 'activating a token that is not installed',
        call: () =>
          app.call('setUserTokenState', {
            token: admin.token,
            path: { userCode: 'OPERADOR' },
            body: { state: 'ACTIVE' },
          }),
        status: 409,
        code: 'TOKEN_NOT_INSTALLED',
      },
      {
        what: 'a stale version',
        call: () =>
          app.call('updateUser', {
            token: admin.token,
            path: { userCode: 'OPERADOR' },
            body: { jobTitle: 'OTRO', version: (operator?.version ?? 0) + 5 },
          }),
        status: 409,
        code: 'VERSION_CONFLICT',
      },
    ];

    for (const { what, call, status, code } of cases) {
      const response = await call();
      expect([response.status, response.body?.code], what).toEqual([status, code]);
    }

    expect(await table.readUser('LAZY1', 'OPERADOR'), 'the user is unchanged').toEqual(operator);
    expect(await table.readUser('LAZY1', 'NUEVO'), 'no user was created').toBeUndefined();
    expect(await tokenOf(), 'no code was spent or counted').toEqual(tokenBefore);
  });

  it('answers 428 to a request that would succeed without a code, writing nothing; the code then confirms it', async () => {
    const { app, admin, tokenOf } = await setUp('LAZY2');
    const tokenBefore = await tokenOf();
    const operator = await table.readUser('LAZY2', 'OPERADOR');
    const update = { jobTitle: 'TESORERO', version: operator?.version };

    const created = await app.call('createUser', { token: admin.token, body: newUser('NUEVO') });
    const updated = await app.call('updateUser', {
      token: admin.token,
      path: { userCode: 'OPERADOR' },
      body: update,
    });
    const assigned = await app.call('assignUserPassword', {
      token: admin.token,
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });

    for (const response of [created, updated, assigned]) {
      expect([response.status, response.body?.code]).toEqual([428, 'OTP_REQUIRED']);
    }
    expect(await table.readUser('LAZY2', 'NUEVO')).toBeUndefined();
    expect(await table.readUser('LAZY2', 'OPERADOR')).toEqual(operator);
    expect(await tokenOf()).toEqual(tokenBefore);

    const confirmed = await app.call('updateUser', {
      token: admin.token,
      path: { userCode: 'OPERADOR' },
      body: update,
      headers: { 'X-OTP': admin.otp() },
    });
    expect(confirmed.status).toBe(200);
    expect((await table.readUser('LAZY2', 'OPERADOR'))?.jobTitle).toBe('TESORERO');
  });

  it('still refuses a wrong code on a request that would succeed, counting it and writing nothing', async () => {
    const { app, admin, tokenOf } = await setUp('LAZY3');
    const right = admin.authenticator?.at() ?? '';
    const wrong = right === '000000' ? '111111' : '000000';

    const response = await app.call('createUser', {
      token: admin.token,
      body: newUser('NUEVO'),
      headers: { 'X-OTP': wrong },
    });

    expect([response.status, response.body?.code]).toEqual([403, 'OTP_INVALID']);
    expect(await table.readUser('LAZY3', 'NUEVO')).toBeUndefined();
    expect((await tokenOf())?.failedCodes).toBe(1);
  });
});
