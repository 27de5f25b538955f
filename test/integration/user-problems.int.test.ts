import { describe, expect, it } from 'vitest';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { newUserBody } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

/**
 * Issue 20, points 1 and 2: every problem of a confirmed user action in one answer, judged
 * before anything is written; and a user created, given a password and activated in one request.
 */
const table = fileTable('userproblems');

const ACCOUNTS = [
  { number: '3000000001', type: 'CHECKING' },
  { number: '3000000002', type: 'SAVINGS' },
];

/** OPERADOR (JUAN PEREZ), an Operator with one account and a limit on transfers. */
const newUser = (overrides: Record<string, unknown> = {}) =>
  newUserBody('OPERADOR', {
    firstName: 'JUAN',
    lastName: 'PEREZ',
    options: ['products.inquiry', 'transfers.ownAccounts'],
    limits: { 'transfers.ownAccounts': '1500.00' },
    accounts: ['3000000001'],
    ...overrides,
  });

/** An administrator whose confirmed calls carry a valid code, as the portal sends them. */
async function adminOf(company: string) {
  const app = testApp(table);
  const admin = await readyAdministrator(app, company, 'Banco1234a', { accounts: ACCOUNTS });
  const confirmed = (name: Parameters<typeof app.call>[0], options: Parameters<typeof app.call>[1] = {}) =>
    app.call(name, { token: admin.token, ...options, headers: { 'X-OTP': admin.otp(), ...options.headers } });
  return { app, admin, confirmed };
}

const codes = (body: { errors?: { field: string; code: string }[] }) =>
  (body.errors ?? []).map((e) => `${e.field}:${e.code}`).sort();

describe('Users: every problem in one answer (issue 20, point 1)', () => {
  it('lists a taken user code, an account of another company and the field errors together (422), writing nothing', async () => {
    // Prepare
    const { confirmed } = await adminOf('PROB1');
    expect((await confirmed('createUser', { body: newUser() })).status).toBe(201);
    const before = await table.readAudit('PROB1');

    // Act: a bad e-mail (schema), an account of another company and a taken code (business)
    const refused = await confirmed('createUser', {
      body: newUser({ email: 'no-mail', accounts: ['3000000001', '9999999999'], firstName: 'OTRO' }),
    });

    // Assess
    expect([refused.status, refused.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(codes(refused.body)).toEqual([
      'body.accounts.1:unknown_account',
      'body.email:invalid_email',
      'body.userCode:USER_EXISTS',
    ]);
    const taken = refused.body.errors.find((e: { code: string }) => e.code === 'USER_EXISTS');
    expect(taken.message).toContain('OPERADOR');
    expect((await table.readUser('PROB1', 'OPERADOR'))?.firstName).toBe('JUAN');
    // Only the refusal is recorded (an account of another company is audited as such).
    const after = await table.readAudit('PROB1');
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((entry) => entry.action === 'USER_CREATED')).toHaveLength(1);
  });

  it('lists the business problems of a valid body together after the code (422), in English too', async () => {
    const { confirmed } = await adminOf('PROB2');
    await confirmed('createUser', { body: newUser() });

    const refused = await confirmed('createUser', {
      body: newUser({ accounts: ['9999999999'], activate: true }),
      headers: { 'Accept-Language': 'en' },
    });

    expect(refused.status).toBe(422);
    expect(codes(refused.body)).toEqual([
      'body.accounts.0:unknown_account',
      'body.activate:PASSWORD_NOT_ASSIGNED',
      'body.userCode:USER_EXISTS',
    ]);
    expect(refused.body.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/account/i);
  });

  it('keeps 409 USER_EXISTS when the taken code is the only problem', async () => {
    const { confirmed } = await adminOf('PROB3');
    await confirmed('createUser', { body: newUser() });
    const again = await confirmed('createUser', { body: newUser() });
    expect([again.status, again.body.code]).toEqual([409, 'USER_EXISTS']);
  });

  it('lists every rule an assigned password breaks with the other problems, before writing', async () => {
    const { confirmed } = await adminOf('PROB4');
    const refused = await confirmed('createUser', {
      body: newUser({
        userCode: 'NUEVO',
        lastName: 'PEREZ2',
        initialPassword: { newPassword: 'abc', confirmation: 'abd' },
        activate: true,
      }),
    });
    expect(refused.status).toBe(400);
    const found = codes(refused.body);
    expect(found).toContain('body.lastName:name_format');
    expect(found).toContain('body.initialPassword.confirmation:password_confirmation_mismatch');
    expect(found.some((c) => c.startsWith('body.initialPassword.newPassword:password_'))).toBe(true);
    expect(await table.readUser('PROB4', 'NUEVO')).toBeUndefined();
  });

  it('changing a state: a stale version and activating without a password, in one answer', async () => {
    const { confirmed } = await adminOf('PROB5');
    await confirmed('createUser', { body: newUser() });
    const refused = await confirmed('changeUserState', {
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE', version: 7 },
    });
    expect(refused.status).toBe(422);
    expect(codes(refused.body)).toEqual([
      'body.state:PASSWORD_NOT_ASSIGNED',
      'body.version:VERSION_CONFLICT',
    ]);
  });

  it('modifying a user: a stale version, an account of another company and a bad e-mail, in one answer', async () => {
    const { confirmed } = await adminOf('PROB6');
    await confirmed('createUser', { body: newUser() });
    const refused = await confirmed('updateUser', {
      path: { userCode: 'OPERADOR' },
      body: { version: 9, email: 'nope', accounts: ['9999999999'] },
    });
    expect(refused.status).toBe(422);
    expect(codes(refused.body)).toEqual([
      'body.accounts.0:unknown_account',
      'body.email:invalid_email',
      'body.version:VERSION_CONFLICT',
    ]);
    expect((await table.readUser('PROB6', 'OPERADOR'))?.version).toBe(1);
  });
});

describe('Users: create, assign the password and activate in one request (issue 20, point 2)', () => {
  it('creates the user Activo with an assigned password, each action audited on its own, under one code', async () => {
    // Prepare
    const { app, confirmed } = await adminOf('ONE1');

    // Act
    const created = await confirmed('createUser', {
      body: newUser({
        initialPassword: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' },
        activate: true,
      }),
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      state: 'ACTIVE',
      hasPassword: true,
      mustChangePassword: true,
    });
    expect(created.body.passwordExpiresAt).toBeDefined();
    expect(created.body.reminder.es).toContain('informarle');
    const actions = (await table.readAudit('ONE1'))
      .filter((entry) => entry.target === 'OPERADOR')
      .map((entry) => entry.action)
      .sort();
    expect(actions).toEqual(['USER_CREATED', 'USER_PASSWORD_ASSIGNED', 'USER_STATE_CHANGED']);
    const createdEntry = (await table.readAudit('ONE1')).find((entry) => entry.action === 'USER_CREATED');
    expect(JSON.stringify(createdEntry)).not.toContain('passwordHash');
    const login = await app.call('login', {
      body: { companyCode: 'ONE1', userCode: 'OPERADOR', password: 'Oper12ab' },
    });
    expect(login.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('assigns the password and leaves the user Pendiente when not asked to activate', async () => {
    const { confirmed } = await adminOf('ONE2');
    const created = await confirmed('createUser', {
      body: newUser({ initialPassword: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' } }),
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ state: 'PENDING', hasPassword: true });
  });

  it('writes nothing when any part is refused: activating with no password is 409 PASSWORD_NOT_ASSIGNED', async () => {
    const { confirmed } = await adminOf('ONE3');
    const refused = await confirmed('createUser', { body: newUser({ activate: true }) });
    expect([refused.status, refused.body.code]).toEqual([409, 'PASSWORD_NOT_ASSIGNED']);
    expect(await table.readUser('ONE3', 'OPERADOR')).toBeUndefined();
  });
});
