import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { guideOperador } from '../helpers/events.ts';
import { bankAuthorization, request } from '../helpers/http.ts';
import { type LocalStack, readSentEmails, startTestStack } from '../helpers/local-stack.ts';
import { parseOtpauthUri, testHotp } from '../helpers/totp.ts';

/**
 * The bank's guide, end to end over HTTP against the local stack (real DynamoDB Local and
 * local SES): onboarding and the e-mailed generic password (steps 1–4), the forced change
 * (5–6), the image (7–8), the BOP Token (9), creating OPERADOR (10–14), the list and its
 * exports (16, 20), assigning its password (15–18), activating it (19–23), OPERADOR's own
 * login with exactly the granted options, and disabling it.
 *
 * Each BOP Token code is accepted once per 30-second step: when the walk needs a new step, it
 * moves the process clock (which the in-process API reads) to it instead of waiting.
 */
describe('The guide over HTTP, from onboarding to an end user', () => {
  let stack: LocalStack;
  const api = (path: string) => new URL(path, stack.apiUrl);
  const COMPANY = 'GUIAE2E';
  let adminToken = '';
  let secret: Uint8Array = new Uint8Array();

  /** The code of the 30 s step `offset` steps from now (the faked clock), computed by the test itself. */
  const code = (offset = 0) => testHotp(secret, Math.floor(Date.now() / 30_000) + offset);
  const auth = (token: string, extra: Record<string, string> = {}) => ({
    Authorization: `Bearer ${token}`,
    ...extra,
  });

  /** Moves the clock to the start of the next 30 s step, whose code has not been used yet. */
  const nextStep = () => vi.setSystemTime((Math.floor(Date.now() / 30_000) + 1) * 30_000);

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    stack = await startTestStack('e2e_guide');
  });
  afterAll(async () => {
    await stack?.stop();
    vi.useRealTimers();
  });

  it('walks the administrator from the generic password to a ready session with a BOP Token', async () => {
    // Steps 1–4: the bank onboards the company; the generic password arrives by e-mail
    const onboarded = await request(api('/bank/companies'), {
      headers: bankAuthorization(stack.bankKey),
      json: {
        companyCode: COMPANY,
        legalName: 'Guía Corporativa, S.A.',
        accounts: Array.from({ length: 10 }, (_, i) => ({
          number: `40000000${String(i + 1).padStart(2, '0')}`,
          alias: `Cuenta ${i + 1}`,
          type: 'CHECKING',
        })),
        administrator: { userCode: 'ADMON', firstName: 'ANA', lastName: 'ADMIN', email: 'ana@guia.example' },
      },
    });
    expect(onboarded.status).toBe(201);
    const mail = (await readSentEmails(stack.sesUrl)).find((m) =>
      m.destination.to.includes('ana@guia.example'),
    );
    const generic = mail?.body.text?.match(/^ {4}(\S+)$/m)?.[1] ?? '';
    expect(generic).toMatch(/^[A-Za-z0-9]{8,10}$/);

    // Step 3: identify shows an image (a decoy until one is chosen)
    const identified = await request<{ image: { id: string } }>(api('/auth/identify'), {
      json: { companyCode: COMPANY, userCode: 'ADMON' },
    });
    expect(identified.status).toBe(200);

    // Steps 4–6: the generic password forces a change; the rules are shown first
    const rules = await request<{ rules: { code: string }[] }>(api('/auth/password-rules'));
    expect(rules.body.rules.map((r) => r.code)).toContain('password_letters');
    const first = await request<{ status: string; challenge: { token: string } }>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'ADMON', password: generic },
    });
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
    const refused = await request<{ errors: { code: string }[] }>(api('/auth/password-change'), {
      headers: auth(first.body.challenge.token),
      json: { currentPassword: generic, newPassword: 'abc', confirmation: 'abc' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e) => e.code)).toContain('password_length');
    const changed = await request(api('/auth/password-change'), {
      headers: auth(first.body.challenge.token),
      json: { currentPassword: generic, newPassword: 'Guia12Ad', confirmation: 'Guia12Ad' },
    });
    expect(changed.status).toBe(200);

    // Steps 7–8: log in again, choose the image
    const second = await request<{ status: string; challenge: { token: string } }>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'ADMON', password: 'Guia12Ad' },
    });
    expect(second.body.status).toBe('IMAGE_REQUIRED');
    const images = await request<{ images: { id: string }[] }>(api('/auth/antiphishing-images'));
    expect(images.body.images.length).toBeGreaterThanOrEqual(24);
    const chosen = await request<{ session: { token: string } }>(api('/auth/antiphishing-image'), {
      headers: auth(second.body.challenge.token),
      json: { imageId: 'anchor' },
    });
    expect(chosen.status).toBe(200);
    adminToken = chosen.body.session.token;
    const again = await request<{ image: { id: string } }>(api('/auth/identify'), {
      json: { companyCode: COMPANY, userCode: 'ADMON' },
    });
    expect(again.body.image.id).toBe('anchor');

    // Step 9: no administration without a BOP Token
    const early = await request<{ code: string }>(api('/users'), { headers: auth(adminToken) });
    expect(early.body.code).toBe('TOKEN_REQUIRED');
    const requested = await request<{ otpauthUri: string; qrCode: string }>(api('/me/token'), {
      method: 'POST',
      headers: auth(adminToken),
    });
    expect(requested.status).toBe(201);
    expect(requested.body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    secret = parseOtpauthUri(requested.body.otpauthUri).secret;
    const installed = await request<{ state: string }>(api('/me/token/installation'), {
      headers: auth(adminToken),
      json: { otp: code(-1) },
    });
    expect(installed.body.state).toBe('ACTIVE');
  });

  it('creates OPERADOR with an OTP, lists, filters and exports it, assigns its password and activates it', async () => {
    const operador = guideOperador({
      options: [
        'products.inquiry',
        'transfers.ownAccounts',
        'services.changePassword',
        'services.requestToken',
      ],
      limits: { 'transfers.ownAccounts': '2500.00' },
      approvals: { transfers: 1 },
      accounts: ['4000000001', '4000000002'],
    });
    // Step 14: without a code, the API asks for one; a wrong one is refused; the right one works once
    const missing = await request<{ code: string }>(api('/users'), {
      headers: auth(adminToken),
      json: operador,
    });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('OTP_REQUIRED');
    const wrong = await request<{ code: string }>(api('/users'), {
      headers: auth(adminToken, { 'X-OTP': code() === '000000' ? '111111' : '000000' }),
      json: operador,
    });
    expect(wrong.body.code).toBe('OTP_INVALID');
    const current = code();
    const created = await request<{ user: { state: string } }>(api('/users'), {
      headers: auth(adminToken, { 'X-OTP': current }),
      json: operador,
    });
    expect(created.status).toBe(201);
    expect(created.body.user.state).toBe('PENDING');
    const replay = await request<{ code: string }>(api('/users'), {
      headers: auth(adminToken, { 'X-OTP': current }),
      json: { ...operador, userCode: 'OTRO' },
    });
    expect(replay.body.code).toBe('OTP_INVALID');

    // Steps 16, 20: the list, its filter and its exports
    const listed = await request<{
      items: { userCode: string; createdBy: string }[];
      page: { total: number };
    }>(api('/users?filter=juan&pageSize=10'), { headers: auth(adminToken) });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ userCode: 'OPERADOR', createdBy: 'ADMON' }),
    ]);
    for (const [format, type] of [
      ['csv', 'text/csv'],
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['pdf', 'application/pdf'],
    ] as const) {
      const file = await request(api(`/exports/users?format=${format}&filter=juan`), {
        headers: auth(adminToken),
      });
      expect(file.status, format).toBe(200);
      expect(String(file.headers['content-type'])).toContain(type);
      expect(String(file.headers['content-disposition'])).toContain(`.${format}`);
    }

    // "Si te es requerido": the company turns the confirmation off with the next code
    nextStep();
    const settings = await request(api('/company/settings'), {
      method: 'PUT',
      headers: auth(adminToken, { 'X-OTP': code() }),
      json: { otpConfirmation: false },
    });
    expect(settings.status).toBe(200);

    // Steps 15–18 and 19–23: assign the password, then activate
    const assigned = await request(api('/users/OPERADOR/password'), {
      method: 'PUT',
      headers: auth(adminToken),
      json: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' },
    });
    expect(assigned.status).toBe(200);
    const activated = await request<{ user: { state: string } }>(api('/users/OPERADOR/state'), {
      method: 'PUT',
      headers: auth(adminToken),
      json: { state: 'ACTIVE', version: 2 },
    });
    expect(activated.body.user.state).toBe('ACTIVE');
  }, 60_000);

  it('lets OPERADOR in to see exactly the granted options, until the administrator disables it', async () => {
    const first = await request<{ status: string; challenge: { token: string } }>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'OPERADOR', password: 'Oper12ab' },
    });
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
    await request(api('/auth/password-change'), {
      headers: auth(first.body.challenge.token),
      json: { currentPassword: 'Oper12ab', newPassword: 'Prop12ab', confirmation: 'Prop12ab' },
    });
    const second = await request<{ challenge: { token: string } }>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'OPERADOR', password: 'Prop12ab' },
    });
    const session = await request<{ session: { token: string } }>(api('/auth/antiphishing-image'), {
      headers: auth(second.body.challenge.token),
      json: { imageId: 'tree' },
    });
    const me = await request<{ options: string[]; limits: Record<string, string> }>(api('/me'), {
      headers: auth(session.body.session.token),
    });
    expect(me.body.options).toEqual([
      'products.inquiry',
      'services.changePassword',
      'services.requestToken',
      'transfers.ownAccounts',
    ]);
    expect(me.body.limits).toEqual({ 'transfers.ownAccounts': '2500.00' });
    expect((await request(api('/users'), { headers: auth(session.body.session.token) })).status).toBe(403);

    const user = await request<{ version: number }>(api('/users/OPERADOR'), { headers: auth(adminToken) });
    const disabled = await request(api('/users/OPERADOR/state'), {
      method: 'PUT',
      headers: auth(adminToken),
      json: { state: 'DISABLED', version: user.body.version },
    });
    expect(disabled.status).toBe(200);
    const ended = await request<{ code: string }>(api('/me'), { headers: auth(session.body.session.token) });
    expect(ended.body.code).toBe('SESSION_ENDED');
    const refused = await request<{ code: string }>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'OPERADOR', password: 'Prop12ab' },
    });
    expect(refused.body.code).toBe('LOGIN_FAILED');

    // Logout ends the administrator's session
    expect((await request(api('/auth/logout'), { method: 'POST', headers: auth(adminToken) })).status).toBe(
      204,
    );
    expect((await request(api('/me'), { headers: auth(adminToken) })).status).toBe(401);
  });
});
