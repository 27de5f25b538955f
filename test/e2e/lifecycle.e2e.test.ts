import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fillPath } from '../../infra/local/routing.ts';
import { type RouteId, route } from '../../shared/routes.ts';
import { bankAuthorization, request } from '../helpers/http.ts';
import { type LocalStack, readSentEmails, type SentEmail, startTestStack } from '../helpers/local-stack.ts';
import { parseOtpauthUri, testHotp } from '../helpers/totp.ts';

/**
 * Issue 18 over HTTP against the local stack (real DynamoDB Local and local SES): what the
 * bank and the administrators meet after onboarding. BOP Token codes are accepted once per
 * 30-second step: the test moves the process clock (read by the in-process API) to the next
 * step instead of waiting.
 */

// biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field
type Answer = Record<string, any>;

describe('Recovery and lifecycle over HTTP (issue 18)', () => {
  let stack: LocalStack;
  const url = (id: RouteId, path: Record<string, string> = {}, query: Record<string, string> = {}) => {
    const target = new URL(fillPath(route(id).path, path), stack.apiUrl);
    for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
    return target;
  };
  const auth = (token: string, extra: Record<string, string> = {}) => ({
    Authorization: `Bearer ${token}`,
    ...extra,
  });
  const bank = (
    id: RouteId,
    path: Record<string, string>,
    options: { json?: unknown; query?: Record<string, string>; method?: string } = {},
  ) =>
    request<Answer>(url(id, path, options.query), {
      method: options.method ?? route(id).method,
      headers: bankAuthorization(stack.bankKey),
      ...(options.json !== undefined ? { json: options.json } : {}),
    });
  const mailsTo = async (address: string): Promise<SentEmail[]> =>
    (await readSentEmails(stack.sesUrl)).filter((m) => m.destination.to.includes(address));
  const nextStep = () => vi.setSystemTime((Math.floor(Date.now() / 30_000) + 1) * 30_000);

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    stack = await startTestStack('e2e_lifecycle');
  });
  afterAll(async () => {
    await stack?.stop();
    vi.useRealTimers();
  });

  /** The bank onboards a company; its administrator changes the generic password, chooses an image: a session. */
  async function onboardedAdministrator(companyCode: string, email: string, language: 'es' | 'en' = 'es') {
    const onboarded = await bank(
      'onboardCompany',
      {},
      {
        json: {
          companyCode,
          legalName: `${companyCode} S.A.`,
          language,
          accounts: [
            { number: `${companyCode.length}100000001`, type: 'CHECKING' },
            { number: `${companyCode.length}100000002`, type: 'SAVINGS' },
          ],
          administrator: { userCode: 'ADMON', firstName: 'ANA', lastName: 'ADMIN', email },
        },
      },
    );
    expect(onboarded.status).toBe(201);
    const generic = (await mailsTo(email)).at(-1)?.body.text?.match(/^ {4}(\S+)$/m)?.[1] ?? '';
    return loginWithGeneric(companyCode, generic);
  }

  async function loginWithGeneric(companyCode: string, generic: string, password = 'Vida12Ad') {
    const first = await request<Answer>(url('login'), {
      json: { companyCode, userCode: 'ADMON', password: generic },
    });
    await request(url('changeInitialPassword'), {
      headers: auth(first.body.challenge.token),
      json: { currentPassword: generic, newPassword: password, confirmation: password },
    });
    const second = await request<Answer>(url('login'), {
      json: { companyCode, userCode: 'ADMON', password },
    });
    if (second.body.session) return second.body.session.token as string;
    const chosen = await request<Answer>(url('chooseImage'), {
      headers: auth(second.body.challenge.token),
      json: { imageId: 'anchor' },
    });
    return chosen.body.session.token as string;
  }

  /** Step 9: request and install a BOP Token; returns a function giving a fresh code. */
  async function installToken(session: string) {
    const requested = await request<Answer>(url('requestToken'), { method: 'POST', headers: auth(session) });
    expect(requested.status).toBe(201);
    const { secret } = parseOtpauthUri(requested.body.otpauthUri);
    const code = () => {
      nextStep();
      return testHotp(secret, Math.floor(Date.now() / 30_000));
    };
    const installed = await request<Answer>(url('installToken'), {
      headers: auth(session),
      json: { otp: code() },
    });
    expect(installed.status).toBe(200);
    return code;
  }

  it('an administrator who lost the token administers again after the bank’s reset and a new installation', async () => {
    // Prepare: an administrator with an active token, then the phone is lost
    const email = 'ana@perdido.example';
    const session = await onboardedAdministrator('PERDIDO', email, 'en');
    await installToken(session);
    expect((await request<Answer>(url('listUsers'), { headers: auth(session) })).status).toBe(200);

    // Act: the bank resets the token
    const reset = await bank('resetAdminToken', { companyCode: 'PERDIDO' });

    // Assess: reset, administration refused until a new token is installed, the administrator told in English
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ userCode: 'ADMON', tokenState: 'CANCELLED', changed: true });
    const refused = await request<Answer>(url('listUsers'), { headers: auth(session) });
    expect(refused.body.code).toBe('TOKEN_REQUIRED');
    const notice = (await mailsTo(email)).at(-1);
    expect(notice?.subject).toContain('Your BOP Token was reset');
    expect(`${notice?.body.text} ${notice?.body.html}`).not.toMatch(/otpauth:|\b[0-9]{6}\b|[A-Z2-7]{16,}/);
    await installToken(session);
    expect((await request<Answer>(url('listUsers'), { headers: auth(session) })).status).toBe(200);
    // A second reset of a reset token changes nothing
    await bank('resetAdminToken', { companyCode: 'PERDIDO' });
    expect((await bank('resetAdminToken', { companyCode: 'PERDIDO' })).body.changed).toBe(false);
  });

  it('the bank’s re-issue of the generic password with resetToken=true resets the token too', async () => {
    // Prepare
    const email = 'ana@reemision.example';
    const session = await onboardedAdministrator('REEMITE', email);
    await installToken(session);

    // Act
    const reissued = await bank(
      'reissueAdminPassword',
      { companyCode: 'REEMITE' },
      { query: { resetToken: 'true' } },
    );

    // Assess: a generic password that works, and no token: the administrator installs a new one
    expect(reissued.status).toBe(200);
    expect(reissued.body).toMatchObject({ tokenReset: true, genericPassword: { emailed: true } });
    const mails = await mailsTo(email);
    expect(mails.map((m) => m.subject)).toContainEqual(
      expect.stringContaining('Su BOP Token fue reiniciado'),
    );
    const generic = mails
      .map((m) => m.body.text?.match(/^ {4}(\S+)$/m)?.[1])
      .filter(Boolean)
      .at(-1) as string;
    const again = await loginWithGeneric('REEMITE', generic, 'Otra34Ad');
    expect((await request<Answer>(url('listUsers'), { headers: auth(again) })).body.code).toBe(
      'TOKEN_REQUIRED',
    );
    await installToken(again);
    expect((await request<Answer>(url('listUsers'), { headers: auth(again) })).status).toBe(200);
  });

  it('a suspended company’s live session is refused on its next request; reactivation restores it; the administrator told in the company’s language', async () => {
    // Prepare
    const email = 'ana@suspendida.example';
    const session = await onboardedAdministrator('SUSPE2E', email, 'en');
    expect((await request<Answer>(url('getMe'), { headers: auth(session) })).status).toBe(200);

    // Act
    const suspended = await bank(
      'suspendCompany',
      { companyCode: 'SUSPE2E' },
      { json: { reason: 'Compliance review' } },
    );
    const next = await request<Answer>(url('getMe'), { headers: auth(session) });

    // Assess
    expect(suspended.body).toMatchObject({ changed: true });
    expect(next.status).toBe(403);
    expect(next.body.code).toBe('COMPANY_SUSPENDED');
    const notice = (await mailsTo(email)).at(-1);
    expect(notice?.subject).toContain('Your company was suspended');
    expect((await bank('getCompany', { companyCode: 'SUSPE2E' })).body.suspension).toMatchObject({
      reason: 'Compliance review',
    });
    const reactivated = await bank(
      'reactivateCompany',
      { companyCode: 'SUSPE2E' },
      { json: { reason: 'Review closed' } },
    );
    expect(reactivated.body.changed).toBe(true);
    expect((await request<Answer>(url('getMe'), { headers: auth(session) })).status).toBe(200);
  });

  it('adds and removes accounts over HTTP; the list pages companies in code order', async () => {
    // Prepare
    await onboardedAdministrator('CUENTAS', 'ana@cuentas.example');

    // Act
    const added = await bank(
      'addCompanyAccounts',
      { companyCode: 'CUENTAS' },
      {
        json: { accounts: [{ number: '7700000001', type: 'SAVINGS', alias: 'Nueva' }] },
      },
    );
    const repeated = await bank(
      'addCompanyAccounts',
      { companyCode: 'CUENTAS' },
      {
        json: { accounts: [{ number: '7700000001', type: 'SAVINGS' }] },
      },
    );
    const removed = await bank('removeCompanyAccount', {
      companyCode: 'CUENTAS',
      accountNumber: '7700000001',
    });
    const unknown = await bank('removeCompanyAccount', {
      companyCode: 'CUENTAS',
      accountNumber: '7700000001',
    });
    const hostile = await bank(
      'addCompanyAccounts',
      { companyCode: 'CUENTAS' },
      {
        json: { accounts: [{ number: '77<script>', type: 'SAVINGS' }], extra: true },
      },
    );
    const listed = await bank('listCompanies', {}, { query: { pageSize: '10', after: 'CUENTA' } });

    // Assess
    expect(added.status).toBe(200);
    expect(repeated.body.code).toBe('ACCOUNT_EXISTS');
    expect(removed.body).toMatchObject({ changed: true, usersChanged: 0 });
    expect(unknown.body.code).toBe('ACCOUNT_NOT_FOUND');
    expect(hostile.status).toBe(400);
    expect(listed.body.items[0].companyCode).toBe('CUENTAS');
    expect((await bank('getCompany', { companyCode: 'CUENTAS' })).body.accounts).toHaveLength(2);
  });

  it('refuses bad input and unknown companies on the bank’s reset routes, changing nothing', async () => {
    // Act
    const unknown = await bank('resetAdminToken', { companyCode: 'NOEXISTE' });
    const malformed = await bank('resetAdminToken', { companyCode: 'mal código!' });
    const badQuery = await bank(
      'reissueAdminPassword',
      { companyCode: 'REEMITE' },
      { query: { resetToken: 'quizás' } },
    );
    const noKey = await request<Answer>(url('resetAdminToken', { companyCode: 'PERDIDO' }), {
      method: 'POST',
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('COMPANY_NOT_FOUND');
    expect(malformed.status).toBe(400);
    expect(badQuery.status).toBe(400);
    expect(noKey.status).toBe(403);
  });
});
