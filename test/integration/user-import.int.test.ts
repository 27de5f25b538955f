import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createUserBody, type UserImportBody } from '../../shared/contracts/users.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { plainTransaction } from '../../shared/data/transact.ts';
import { dynamoUserStore, type UserStore } from '../../shared/data/users.ts';
import type { Company, User } from '../../shared/domain/model.ts';
import { parseOrThrow } from '../../shared/http/validation.ts';
import { IMPORT_CHUNK_USERS, importUsers, MAX_IMPORT_ROWS } from '../../shared/services/user-import.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

/** Issue 20, point 2: bulk creation from a CSV or Excel file, validated row by row, written under one code. */
const table = fileTable('userimport');

const ACCOUNTS = [
  { number: '3000000001', type: 'CHECKING' },
  { number: '3000000002', type: 'SAVINGS' },
];
const HEADER = 'Código de usuario;Nombre;Apellido;Cargo;Correo electrónico;Perfil;Opciones;Cuentas';
const row = (
  code: string,
  overrides: Partial<Record<'email' | 'accounts' | 'profile' | 'first', string>> = {},
) =>
  [
    code,
    overrides.first ?? 'JUAN',
    'PEREZ',
    'ANALISTA',
    overrides.email ?? `${code.toLowerCase()}@correo.com`,
    overrides.profile ?? 'Operador',
    'products.inquiry transfers.ownAccounts',
    overrides.accounts ?? 'TODAS',
  ].join(';');
const csv = (...lines: string[]) => ({
  format: 'csv',
  content: Buffer.from(`\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`).toString('base64'),
});

async function adminOf(company: string) {
  const app = testApp(table);
  const admin = await readyAdministrator(app, company, 'Banco1234a', { accounts: ACCOUNTS });
  return { app, admin };
}

describe('Users: bulk creation from a file (issue 20, point 2)', () => {
  it('validates without a code, listing every error by row and column in Spanish and English, writing nothing', async () => {
    // Prepare
    const { app, admin } = await adminOf('IMP1');
    const file = csv(row('UNO'), row('DOS', { email: 'nope', accounts: '9999999999' }), row('UNO'), row('X'));

    // Act
    const checked = await app.call('validateUserImport', { token: admin.token, body: file });

    // Assess
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ rows: 4, valid: false, maxRows: MAX_IMPORT_ROWS });
    const found = checked.body.errors.map(
      (e: { row: number; column: string; code: string }) => `${e.row}:${e.column}:${e.code}`,
    );
    expect(found.sort()).toEqual(
      [
        '3:accounts:unknown_account',
        '3:email:invalid_email',
        '4:userCode:duplicate_item',
        '5:userCode:code_format',
      ].sort(),
    );
    const email = checked.body.errors.find((e: { column: string }) => e.column === 'email');
    expect(email.header).toEqual({ es: 'Correo electrónico', en: 'E-mail' });
    expect(email.message.es).not.toBe(email.message.en);
    expect(await table.readUser('IMP1', 'UNO')).toBeUndefined();
  });

  it('refuses the whole file with every row problem when written with errors (nothing created)', async () => {
    const { app, admin } = await adminOf('IMP2');
    const refused = await app.call('importUsers', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: csv(row('UNO'), row('DOS', { profile: 'JEFE' })),
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['rows.3.profile']);
    expect(await table.readUser('IMP2', 'UNO')).toBeUndefined();
  });

  it(`creates more users than one transaction holds (${IMPORT_CHUNK_USERS}) under one code, each audited, and a retry of the file creates nothing twice`, async () => {
    // Prepare
    const { app, admin } = await adminOf('IMP3');
    const codes = Array.from(
      { length: IMPORT_CHUNK_USERS + 5 },
      (_, i) => `USR${String(i).padStart(3, '0')}`,
    );
    const file = csv(...codes.map((code) => row(code)));

    // Act
    const written = await app.call('importUsers', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: file,
    });
    const again = await app.call('importUsers', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: file,
    });

    // Assess
    expect(written.status).toBe(201);
    expect(written.body.created).toEqual(codes);
    expect((await table.readUser('IMP3', 'USR049'))?.state).toBe('PENDING');
    const audit = await table.readAudit('IMP3');
    expect(audit.filter((a) => a.action === 'USER_CREATED')).toHaveLength(codes.length);
    expect(audit.filter((a) => a.action === 'USERS_IMPORTED')).toHaveLength(2);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ created: [], alreadyCreated: codes });
  });

  it('reads the Excel file the users export writes, with its title rows, and the export columns it does not take', async () => {
    const { app, admin } = await adminOf('IMP4');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Usuarios');
    sheet.addRow(['Usuarios']);
    sheet.addRow(['Empresa IMP4']);
    sheet.addRow([]);
    sheet.addRow([
      'User code',
      'First name',
      'Last name',
      'Entered by',
      'State',
      'Job title',
      'E-mail',
      'Profile',
      'Options',
      'Accounts',
    ]);
    sheet.addRow([
      'EXCEL1',
      'ANA',
      'GOMEZ',
      'ADMON',
      'Active',
      'CONTADORA',
      'ana@correo.com',
      'Both',
      'ALL',
      '3000000001',
    ]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

    const checked = await app.call('validateUserImport', {
      token: admin.token,
      body: { format: 'xlsx', content },
    });
    const written = await app.call('importUsers', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: { format: 'xlsx', content },
    });

    expect(checked.body).toMatchObject({ rows: 1, valid: true, toCreate: 1 });
    expect(written.body.created).toEqual(['EXCEL1']);
    expect(await table.readUser('IMP4', 'EXCEL1')).toMatchObject({ profile: 'BOTH', state: 'PENDING' });
  });

  it('names the missing columns, refuses an unreadable file and a file over the row limit', async () => {
    const { app, admin } = await adminOf('IMP5');
    const noEmail = await app.call('validateUserImport', {
      token: admin.token,
      body: {
        format: 'csv',
        content: Buffer.from('Código de usuario,Nombre,Apellido\r\nUNO,A,B\r\n').toString('base64'),
      },
    });
    expect(
      noEmail.body.errors.map((e: { column: string; code: string }) => `${e.column}:${e.code}`),
    ).toContain('email:column_missing');
    const broken = await app.call('validateUserImport', {
      token: admin.token,
      body: { format: 'xlsx', content: Buffer.from('not a zip').toString('base64') },
    });
    expect([broken.status, broken.body.code]).toEqual([400, 'IMPORT_UNREADABLE']);
    const big = csv(
      ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => row(`B${String(i).padStart(4, '0')}`)),
    );
    const tooLarge = await app.call('validateUserImport', { token: admin.token, body: big });
    expect([tooLarge.status, tooLarge.body.code]).toEqual([422, 'IMPORT_TOO_LARGE']);
  });
});

describe('Users: a file retried after a partial failure (issue 20, point 2)', () => {
  it('creates on the retry only the users the failed try did not, and never one twice', async () => {
    // Prepare: the second transaction of the first try fails (throttled, say)
    const store = dynamoUserStore(table.documentClient, table.tableName);
    let transactions = 0;
    const failing: UserStore = {
      ...store,
      createMany: async (records, extra, transaction) => {
        transactions++;
        if (transactions === 2) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        return store.createMany(records, extra, transaction);
      },
    };
    const company = { code: 'IMP6', accounts: ACCOUNTS } as unknown as Company;
    const admin = { companyCode: 'IMP6', userCode: 'ADMON', role: 'admin' } as User;
    const origin = {
      sourceIp: '203.0.113.9',
      correlationId: 'c-import',
      log: createLogger({ write: () => {} }),
    };
    const parseRow = (body: unknown) => parseOrThrow(createUserBody, body, 'body');
    const deps = (users: UserStore) => ({
      users,
      cursorKey: async () => new Uint8Array(32),
      lockoutThreshold: 3,
      parseRow,
    });
    const codes = Array.from(
      { length: IMPORT_CHUNK_USERS + 5 },
      (_, i) => `RET${String(i).padStart(3, '0')}`,
    );
    const file = csv(...codes.map((code) => row(code))) as UserImportBody;

    // Act
    await expect(importUsers(deps(failing), company, admin, file, origin, plainTransaction)).rejects.toThrow(
      'throttled',
    );
    const retried = await importUsers(deps(store), company, admin, file, origin, plainTransaction);

    // Assess
    expect(retried.alreadyCreated).toEqual(codes.slice(0, IMPORT_CHUNK_USERS));
    expect(retried.created).toEqual(codes.slice(IMPORT_CHUNK_USERS));
    const created = (await table.readAudit('IMP6')).filter((a) => a.action === 'USER_CREATED');
    expect(created).toHaveLength(codes.length);
  });
});
