import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { guideOperador } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('users');

const ACCOUNTS = Array.from({ length: 10 }, (_, i) => ({
  number: `30000000${String(i + 1).padStart(2, '0')}`,
  type: i % 2 ? 'SAVINGS' : 'CHECKING',
  alias: `Cuenta ${i + 1}`,
}));

/** The guide's example user (step 11), with this file's grants. */
const operador = (overrides: Record<string, unknown> = {}) =>
  guideOperador({
    options: [
      'products.inquiry',
      'transfers.ownAccounts',
      'transfers.international',
      'payments.loans',
      'services.changePassword',
    ],
    limits: { 'transfers.ownAccounts': '1500.50', 'transfers.international': '0.1' },
    approvals: { transfers: 2 },
    accounts: ['3000000001', '3000000003'],
    ...overrides,
  });

/** Routes an administrator confirms with a code from the BOP Token (steps 14, 18, 22). */
const CONFIRMED = new Set(['createUser', 'updateUser', 'changeUserState', 'assignUserPassword']);

/**
 * An administrator with an installed token whose `call` sends a fresh OTP on every confirmed
 * route, as the portal does; `skipOtp` swaps the confirmation for a no-op where OTP is not the subject.
 */
async function adminOf(company: string, { skipOtp = false } = {}) {
  const app = testApp(table, skipOtp ? { confirm: async () => undefined } : {});
  const admin = await readyAdministrator(app, company, 'Banco1234a', { accounts: ACCOUNTS });
  const call: typeof app.call = (name, options = {}) =>
    app.call(
      name,
      CONFIRMED.has(name) && !skipOtp
        ? { ...options, headers: { 'X-OTP': admin.otp(), ...options.headers } }
        : options,
    );
  return { app: { ...app, call }, token: admin.token };
}

const stored = async (company: string, user: string) => await table.readUser(company, user);

describe('Users: create (steps 10–13)', () => {
  it('creates the guide user Pendiente, without password, entered by the administrator, with exact limits', async () => {
    // Prepare
    const { app, token } = await adminOf('CREATE1');

    // Act
    const created = await app.call('createUser', { token, body: operador() });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body.reminder.es).toContain('Asignar Clave');
    expect(created.body.user).toMatchObject({
      userCode: 'OPERADOR',
      email: 'prueba@correo.com',
      profile: 'OPERATOR',
      state: 'PENDING',
      stateLabel: { es: 'Pendiente', en: 'Pending' },
      hasPassword: false,
      createdBy: 'ADMON',
      limits: { 'transfers.ownAccounts': '1500.50', 'transfers.international': '0.10' },
      approvals: { transfers: 2, payments: 1 },
      accounts: ['3000000001', '3000000003'],
      version: 1,
    });
    const item = await stored('CREATE1', 'OPERADOR');
    expect(item?.permissions.limitsCents).toEqual({
      'transfers.ownAccounts': 150050,
      'transfers.international': 10,
      'payments.loans': 0,
    });
    expect(item?.credential).toBeUndefined();
  });

  it('expands "include all" to every option and every company account', async () => {
    const { app, token } = await adminOf('CREATE2');
    const created = await app.call('createUser', {
      token,
      body: operador({ options: 'ALL', limits: {}, approvals: {}, accounts: 'ALL' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.user.options).toHaveLength(24);
    expect(created.body.user.accounts).toHaveLength(10);
    expect(created.body.user.approvals).toEqual({ transfers: 1, payments: 1 });
  });

  it('returns 409 USER_EXISTS for a taken user code, case-insensitively, changing nothing', async () => {
    const { app, token } = await adminOf('CREATE3');
    await app.call('createUser', { token, body: operador() });
    const again = await app.call('createUser', {
      token,
      body: operador({ userCode: 'operador', firstName: 'OTRO' }),
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('USER_EXISTS');
    expect((await stored('CREATE3', 'OPERADOR'))?.firstName).toBe('JUAN');
  });

  it.each([
    ['an invalid e-mail', { email: 'no-mail' }, 'body.email', 'invalid_email'],
    ['a name with digits', { firstName: 'JUAN2' }, 'body.firstName', 'name_format'],
    ['a control character', { lastName: 'PE\u0007REZ' }, 'body.lastName', 'name_format'],
    ['an unknown option', { options: ['products.inquiry', 'nope'] }, 'body.options.1', 'unknown_option'],
    [
      'a negative limit',
      { limits: { 'transfers.ownAccounts': '-1' } },
      'body.limits.transfers.ownAccounts',
      'amount_format',
    ],
    [
      'a limit with 3 decimals',
      { limits: { 'transfers.ownAccounts': '1.005' } },
      'body.limits.transfers.ownAccounts',
      'amount_format',
    ],
    [
      'a non-numeric limit',
      { limits: { 'transfers.ownAccounts': 'mil' } },
      'body.limits.transfers.ownAccounts',
      'amount_format',
    ],
    [
      'a limit over the maximum',
      { limits: { 'transfers.ownAccounts': '1000000000' } },
      'body.limits.transfers.ownAccounts',
      'amount_format',
    ],
    [
      'a limit on an option that moves no funds',
      { limits: { 'products.inquiry': '1.00' } },
      'body.limits.products.inquiry',
      'limit_not_applicable',
    ],
    ['approvals below 1', { approvals: { transfers: 0 } }, 'body.approvals.transfers', 'too_small'],
    [
      'approvals for a group with no option',
      { options: ['products.inquiry'], limits: {}, approvals: { payments: 1 } },
      'body.approvals.payments',
      'approvals_not_applicable',
    ],
    ['an account of no one', { accounts: ['9999999999'] }, 'body.accounts.0', 'unknown_account'],
    ['an unknown profile', { profile: 'BOSS' }, 'body.profile', 'invalid_value'],
    ['a state set by the caller', { state: 'ACTIVE' }, 'body.state', 'field_not_modifiable'],
    ['"Ingresado por" set by the caller', { createdBy: 'BANCO' }, 'body.createdBy', 'field_not_modifiable'],
  ])('returns 400 for %s, naming field and rule, creating nothing', async (_, override, field, rule) => {
    const { app, token } = await adminOf(`BAD${Math.floor(Math.random() * 1e6)}`);
    const response = await app.call('createUser', { token, body: operador(override) });
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field, code: rule }));
    const listed = await app.call('listUsers', { token, query: {} });
    expect(listed.body.page.total).toBe(0);
  });
});

describe('Users: modify and get ("TEN EN CUENTA")', () => {
  it('modifies data and permissions, auditing before and after; the user code never changes', async () => {
    const { app, token } = await adminOf('MOD1');
    await app.call('createUser', { token, body: operador() });

    const updated = await app.call('updateUser', {
      token,
      path: { userCode: 'OPERADOR' },
      body: {
        version: 1,
        jobTitle: 'GERENTE',
        profile: 'BOTH',
        limits: { 'transfers.ownAccounts': '2000.00' },
      },
    });

    expect(updated.status).toBe(200);
    expect(updated.body.user).toMatchObject({ jobTitle: 'GERENTE', profile: 'BOTH', version: 2 });
    expect(updated.body.user.limits['transfers.ownAccounts']).toBe('2000.00');
    const got = await app.call('getUser', { token, path: { userCode: 'operador' } });
    expect(got.body).toMatchObject({ userCode: 'OPERADOR', jobTitle: 'GERENTE', version: 2 });
    const audit = await app.call('listAudit', { token, query: { user: 'OPERADOR' } });
    const entry = audit.body.items.find((i: { action: string }) => i.action === 'USER_UPDATED');
    expect(entry.changes.jobTitle).toEqual({ before: 'ANALISTA TESORERIA', after: 'GERENTE' });
    expect(entry.changes.profile).toEqual({ before: 'OPERATOR', after: 'BOTH' });
    const renamed = await app.call('updateUser', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { version: 2, userCode: 'OTRO' },
    });
    expect(renamed.body.errors[0]).toMatchObject({ field: 'body.userCode', code: 'field_not_modifiable' });
  });

  it('gives the second of two concurrent edits a 409 and loses nothing', async () => {
    const { app, token } = await adminOf('MOD2', { skipOtp: true });
    await app.call('createUser', { token, body: operador() });

    const [a, b] = await Promise.all([
      app.call('updateUser', {
        token,
        path: { userCode: 'OPERADOR' },
        body: { version: 1, jobTitle: 'UNO' },
      }),
      app.call('updateUser', {
        token,
        path: { userCode: 'OPERADOR' },
        body: { version: 1, jobTitle: 'DOS' },
      }),
    ]);

    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'UNO' : 'DOS';
    expect((await stored('MOD2', 'OPERADOR'))?.jobTitle).toBe(winner);
    const audit = await app.call('listAudit', { token, query: { user: 'OPERADOR' } });
    const updates = audit.body.items.filter((i: { action: string }) => i.action === 'USER_UPDATED');
    expect(updates).toHaveLength(1);
    expect(updates[0].changes.jobTitle.after).toBe(winner);
  });

  it('keeps the limits and approvals of options still chosen when only the options change', async () => {
    const { app, token } = await adminOf('MOD4');
    await app.call('createUser', { token, body: operador() });

    const updated = await app.call('updateUser', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { version: 1, options: ['transfers.ownAccounts', 'transfers.scheduled'] },
    });

    expect(updated.status).toBe(200);
    expect(updated.body.user.limits).toEqual({
      'transfers.ownAccounts': '1500.50',
      'transfers.scheduled': '0.00',
    });
    expect(updated.body.user.approvals).toEqual({ transfers: 2 });
    const stale = await app.call('updateUser', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { version: 2, options: ['products.inquiry'], limits: { 'transfers.ownAccounts': '1.00' } },
    });
    expect(stale.body.errors[0]).toMatchObject({
      field: 'body.limits.transfers.ownAccounts',
      code: 'limit_not_applicable',
    });
  });

  it('returns 404 for an unknown user and 403 for the administrator', async () => {
    const { app, token } = await adminOf('MOD3');
    expect((await app.call('getUser', { token, path: { userCode: 'NOBODY' } })).status).toBe(404);
    expect((await app.call('getUser', { token, path: { userCode: 'ADMON' } })).status).toBe(403);
  });
});

describe('Users: state (steps 19–23)', () => {
  it('refuses Activo without a password, activates after one is assigned, and disabling refuses login', async () => {
    const { app, token } = await adminOf('STATE1');
    await app.call('createUser', { token, body: operador() });

    const early = await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE', version: 1 },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PASSWORD_NOT_ASSIGNED');

    await app.call('assignUserPassword', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' },
    });
    const active = await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE', version: 2 },
    });
    expect(active.body.user).toMatchObject({ state: 'ACTIVE', stateLabel: { es: 'Activo' } });

    const login = await app.call('login', {
      body: { companyCode: 'STATE1', userCode: 'OPERADOR', password: 'Oper12ab' },
    });
    expect(login.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
    await app.call('changeInitialPassword', {
      token: login.body.challenge.token,
      body: { currentPassword: 'Oper12ab', newPassword: 'Prop12ab', confirmation: 'Prop12ab' },
    });
    const withImage = await app.call('login', {
      body: { companyCode: 'STATE1', userCode: 'OPERADOR', password: 'Prop12ab' },
    });
    const session = await app.call('chooseImage', {
      token: withImage.body.challenge.token,
      body: { imageId: 'tree' },
    });
    const me = await app.call('getMe', { token: session.body.session.token });
    expect(me.body.options).toContain('transfers.ownAccounts');

    const version = (await stored('STATE1', 'OPERADOR'))?.version;
    const disabled = await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'DISABLED', version },
    });
    expect(disabled.body.user.state).toBe('DISABLED');
    expect((await app.call('getMe', { token: session.body.session.token })).body.code).toBe('SESSION_ENDED');
    const refused = await app.call('login', {
      body: { companyCode: 'STATE1', userCode: 'OPERADOR', password: 'Prop12ab' },
    });
    expect(refused.body.code).toBe('LOGIN_FAILED');
  });

  it('refuses a change to the same state and a stale version', async () => {
    const { app, token } = await adminOf('STATE2');
    await app.call('createUser', { token, body: operador() });
    const same = await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'PENDING', version: 1 },
    });
    expect(same.body.code).toBe('INVALID_STATE_TRANSITION');
    const stale = await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'DISABLED', version: 7 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const invalid = await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'BORRADO', version: 1 },
    });
    expect(invalid.status).toBe(400);
  });
});

describe('Users: list (steps 16, 20, 23)', () => {
  it('pages 10 at a time in user-code order, filters over the columns, and refuses foreign or forged cursors', async () => {
    const { app, token } = await adminOf('LIST1');
    for (let i = 1; i <= 23; i++) {
      await app.call('createUser', {
        token,
        body: operador({ userCode: `USR${String(i).padStart(3, '0')}`, lastName: i % 2 ? 'PÉREZ' : 'GÓMEZ' }),
      });
    }

    const first = await app.call('listUsers', { token, query: {} });
    expect(first.body.page).toMatchObject({ size: 10, number: 1, pages: 3, total: 23, from: 1, to: 10 });
    expect(first.body.items.map((i: { userCode: string }) => i.userCode).slice(0, 2)).toEqual([
      'USR001',
      'USR002',
    ]);
    expect(first.body.items[0]).toMatchObject({ firstName: 'JUAN', createdBy: 'ADMON', state: 'PENDING' });
    expect(first.body.page.previousCursor).toBeUndefined();
    const second = await app.call('listUsers', { token, query: { cursor: first.body.page.nextCursor } });
    expect(second.body.items[0].userCode).toBe('USR011');
    const back = await app.call('listUsers', { token, query: { cursor: second.body.page.previousCursor } });
    expect(back.body.items[0].userCode).toBe('USR001');

    const filtered = await app.call('listUsers', { token, query: { filter: 'perez', pageSize: '25' } });
    expect(filtered.body.page.total).toBe(12);
    expect(
      (await app.call('listUsers', { token, query: { filter: 'pendiente usr02' } })).body.page.total,
    ).toBe(4);

    expect((await app.call('listUsers', { token, query: { pageSize: '20' } })).body.errors[0].code).toBe(
      'page_size_choice',
    );
    const forged = `${first.body.page.nextCursor.split('.')[0]}.AAAA`;
    expect((await app.call('listUsers', { token, query: { cursor: forged } })).body.errors[0].code).toBe(
      'invalid_cursor',
    );
    const otherFilter = await app.call('listUsers', {
      token,
      query: { cursor: first.body.page.nextCursor, filter: 'x' },
    });
    expect(otherFilter.status).toBe(400);

    const other = await adminOf('LIST2');
    const foreign = await other.app.call('listUsers', {
      token: other.token,
      query: { cursor: first.body.page.nextCursor },
    });
    expect(foreign.status).toBe(400);
  });

  it('never lists another company’s users, and reads them with a Query, not a Scan', async () => {
    const a = await adminOf('ISOA');
    const b = await adminOf('ISOB');
    await a.app.call('createUser', { token: a.token, body: operador() });
    const listed = await b.app.call('listUsers', { token: b.token, query: {} });
    expect(listed.body.page.total).toBe(0);
    expect((await b.app.call('getUser', { token: b.token, path: { userCode: 'OPERADOR' } })).status).toBe(
      404,
    );
    const raw = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'COMPANY#ISOA' },
      }),
    );
    expect(raw.Items?.some((i) => i.sk === 'USER#OPERADOR')).toBe(true);
  });

  it('lists the audit log newest first, by user and date, and refuses a range that ends before it starts', async () => {
    const { app, token } = await adminOf('AUD1');
    app.clock.advance(1000);
    await app.call('createUser', { token, body: operador() });
    // 25: the administrator's first login also records the upgrade of the test's scrypt hash.
    const all = await app.call('listAudit', { token, query: { pageSize: '25' } });
    expect(all.body.items.slice(0, 2).map((i: { action: string }) => i.action)).toContain('USER_CREATED');
    const times = all.body.items.map((i: { at: string }) => i.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.body.items.map((i: { action: string }) => i.action)).toContain('COMPANY_ONBOARDED');
    const today = all.body.items[0].at.slice(0, 10);
    const ranged = await app.call('listAudit', { token, query: { from: today, to: today } });
    expect(ranged.body.items.length).toBeGreaterThan(0);
    const before = await app.call('listAudit', { token, query: { from: '2020-01-01', to: '2020-01-02' } });
    expect(before.body.items).toHaveLength(0);
    const reversed = await app.call('listAudit', { token, query: { from: '2026-12-02', to: '2026-12-01' } });
    expect(reversed.status).toBe(400);
  });
});

describe('Users: export (Imprimir, Excel, PDF)', () => {
  it('exports the filtered list as CSV, Excel and PDF with the right content type and file name', async () => {
    // Prepare
    const { app, token } = await adminOf('EXPO1');
    await app.call('createUser', { token, body: operador() });
    await app.call('createUser', {
      token,
      body: operador({ userCode: 'SUPERV1', firstName: 'ANA', lastName: 'DÍAZ', profile: 'SUPERVISOR' }),
    });

    // Act
    const csv = await app.call('exportUsers', { token, query: { format: 'csv', filter: 'juan' } });
    const xlsx = await app.call('exportUsers', { token, query: { format: 'xlsx' } });
    const pdf = await app.call('exportUsers', { token, query: { format: 'pdf', filter: 'pendiente' } });

    // Assess: CSV parsed back
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.headers['content-disposition'])).toMatch(
      /^attachment; filename="bop-usuarios-EXPO1-\d{8}-\d{4}\.csv"$/,
    );
    const lines = csv.raw
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Código de usuario,Nombre,Apellido,Ingresado por,Fecha (MM/DD/AA),Estado');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^OPERADOR,JUAN,PEREZ,ADMON,\d{2}\/\d{2}\/\d{2},Pendiente$/);

    // Excel read back
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const values: string[] = [];
    sheet?.eachRow((row) => values.push(JSON.stringify(row.values)));
    expect(values.some((v) => v.includes('"SUPERV1"') && v.includes('"ANA"'))).toBe(true);
    expect(values.some((v) => v.includes('"OPERADOR"') && v.includes('"JUAN"'))).toBe(true);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );

    // PDF: valid, with the rows' text
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.raw.subarray(-6).toString()).toContain('%%EOF');
    const { inflateSync } = await import('node:zlib');
    const text = [...pdf.raw.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)]
      .map((m) => {
        try {
          return inflateSync(Buffer.from(m[1] ?? '', 'latin1')).toString('latin1');
        } catch {
          return m[1] ?? '';
        }
      })
      .join('\n');
    expect(text).toContain('OPERADOR');
    expect(text).toContain('SUPERV1');
    expect(text).toContain('EXPO1');
  });

  it('refuses an unknown export format with 400', async () => {
    const { app, token } = await adminOf('EXPO2');
    const response = await app.call('exportUsers', { token, query: { format: 'docx' } });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'query.format', code: 'invalid_value' });
  });

  it('exports the audit log', async () => {
    const { app, token } = await adminOf('EXPO3');
    const csv = await app.call('exportAudit', { token, query: { format: 'csv' } });
    expect(csv.status).toBe(200);
    // In words (issue 20 §5): the action, never its code.
    expect(csv.raw.toString('utf8')).toContain('Empresa registrada por el banco');
    expect(csv.raw.toString('utf8')).not.toContain('COMPANY_ONBOARDED');
  });
});

describe('Users: who may do what', () => {
  it('refuses every administration route to an end user with 403', async () => {
    const { app, token } = await adminOf('WHO1');
    await app.call('createUser', { token, body: operador() });
    await app.call('assignUserPassword', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' },
    });
    await app.call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE', version: 2 },
    });
    const first = await app.call('login', {
      body: { companyCode: 'WHO1', userCode: 'OPERADOR', password: 'Oper12ab' },
    });
    await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: 'Oper12ab', newPassword: 'Prop12ab', confirmation: 'Prop12ab' },
    });
    const second = await app.call('login', {
      body: { companyCode: 'WHO1', userCode: 'OPERADOR', password: 'Prop12ab' },
    });
    const user = (
      await app.call('chooseImage', { token: second.body.challenge.token, body: { imageId: 'tree' } })
    ).body.session.token;

    const bodies: Record<string, unknown> = {
      createUser: operador({ userCode: 'X12' }),
      updateUser: { version: 1, jobTitle: 'X' },
      changeUserState: { state: 'DISABLED', version: 3 },
    };
    for (const name of [
      'createUser',
      'listUsers',
      'getUser',
      'updateUser',
      'changeUserState',
      'listAudit',
      'companyAccounts',
    ] as const) {
      const response = await app.call(name, {
        token: user,
        path: { userCode: 'OPERADOR' },
        body: bodies[name],
        query: {},
      });
      expect(response.status, name).toBe(403);
    }
  });
});
