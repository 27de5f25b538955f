import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enrollTokenOverHttp, onboardAndLogInOverHttp, request } from '../helpers/http.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';
import { testHotp } from '../helpers/totp.ts';

/**
 * Issue 20 over HTTP on the local stack (DynamoDB Local, the real handlers): with a valid code,
 * several problems of one request are all listed; a user is created, given a password and
 * activated under one code; a file of users is created under one code, idempotently; and the
 * company's code window spares the code for the next actions of the same session.
 */
describe('Fewer codes, every problem at once, over HTTP', () => {
  let stack: LocalStack;
  const api = (path: string) => new URL(path, stack.apiUrl);
  const COMPANY = 'MENOSE2E';
  let token = '';
  let secret: Uint8Array = new Uint8Array();
  const code = (offset = 0) => testHotp(secret, Math.floor(Date.now() / 30_000) + offset);
  const nextStep = () => vi.setSystemTime((Math.floor(Date.now() / 30_000) + 1) * 30_000);
  const auth = (extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, ...extra });
  const user = (userCode: string, overrides: Record<string, unknown> = {}) => ({
    userCode,
    firstName: 'JUAN',
    lastName: 'PEREZ',
    jobTitle: 'ANALISTA',
    email: 'juan@correo.com',
    profile: 'OPERATOR',
    options: ['products.inquiry'],
    accounts: ['5000000001'],
    ...overrides,
  });

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    stack = await startTestStack('e2e_fewer');
    token = await onboardAndLogInOverHttp(
      stack,
      {
        companyCode: COMPANY,
        legalName: 'Menos Códigos, S.A.',
        accounts: [{ number: '5000000001', alias: 'Cuenta 1', type: 'CHECKING' }],
        administrator: { userCode: 'ADMON', firstName: 'ANA', lastName: 'ADMIN', email: 'ana@menos.example' },
      },
      'Menos12A',
    );
    // Installed with the previous step's code: the current step's is the first test's.
    const enrolled = await enrollTokenOverHttp(stack.apiUrl, token, { code: (a) => a.at(-1) });
    secret = enrolled.authenticator.secret;
    expect(enrolled.state).toBe('ACTIVE');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    vi.useRealTimers();
  });

  it('lists every problem of a confirmed request in one answer, with a valid code, changing nothing', async () => {
    await request(api('/users'), { headers: auth({ 'X-OTP': code() }), json: user('UNO') });
    nextStep();
    const refused = await request<{ code: string; errors: { field: string; code: string }[] }>(
      api('/users'),
      {
        headers: auth({ 'X-OTP': code() }),
        json: user('UNO', { accounts: ['9999999999'], activate: true }),
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'body.accounts.0:unknown_account',
      'body.activate:PASSWORD_NOT_ASSIGNED',
      'body.userCode:USER_EXISTS',
    ]);
  });

  it('creates, assigns the password and activates a user under one code', async () => {
    const created = await request<{ user: { state: string; hasPassword: boolean } }>(api('/users'), {
      headers: auth({ 'X-OTP': code() }),
      json: user('DOS', {
        initialPassword: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' },
        activate: true,
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ state: 'ACTIVE', hasPassword: true });
  });

  it('creates the users of a file under one code, and answers a repeat with the same key from the first', async () => {
    nextStep();
    const header = 'Código de usuario;Nombre;Apellido;Cargo;Correo electrónico;Perfil;Opciones;Cuentas';
    const csv = `${header}\r\nTRES;ANA;GOMEZ;CONTADORA;ana@correo.com;Ambos;TODAS;TODAS\r\nCUATRO;LUIS;DIAZ;JEFE;luis@correo.com;Supervisor;products.inquiry;5000000001\r\n`;
    const body = { format: 'csv', content: Buffer.from(csv).toString('base64') };
    const checked = await request<{ valid: boolean; toCreate: number }>(api('/users/imports'), {
      headers: auth(),
      json: body,
    });
    expect(checked.body).toMatchObject({ valid: true, toCreate: 2 });
    const headers = auth({ 'X-OTP': code(), 'Idempotency-Key': 'import-file-0000000001' });
    const written = await request<{ created: string[] }>(api('/users/imports'), {
      method: 'PUT',
      headers,
      json: body,
    });
    const repeated = await request<{ created: string[] }>(api('/users/imports'), {
      method: 'PUT',
      headers,
      json: body,
    });
    expect(written.status).toBe(201);
    expect(written.body.created).toEqual(['TRES', 'CUATRO']);
    expect(repeated.status).toBe(201);
    expect(repeated.headers['idempotent-replayed']).toBe('true');
  });

  it('spares the code within the company window for the same session, not for the settings', async () => {
    nextStep();
    const set = await request<{ confirmationWindowMinutes: number }>(api('/company/settings'), {
      method: 'PUT',
      headers: auth({ 'X-OTP': code() }),
      json: { confirmationWindowMinutes: 5 },
    });
    expect(set.body.confirmationWindowMinutes).toBe(5);
    const spared = await request(api('/users'), { headers: auth(), json: user('CINCO') });
    expect(spared.status).toBe(201);
    const settings = await request<{ code: string }>(api('/company/settings'), {
      method: 'PUT',
      headers: auth(),
      json: { confirmationWindowMinutes: 0 },
    });
    expect(settings.body.code).toBe('OTP_REQUIRED');
  });
});
