import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enrollTokenOverHttp, onboardAndLogInOverHttp, request } from '../helpers/http.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';

type Problem = { status: number; code: string; title: string };
type LoginAnswer = { status: string; challenge: { token: string }; session: { token: string } };

/** The whole 127.0.0.0/8 is loopback: the local server sees 127.0.0.2 as another client's address. */
const ALLOWED = '127.0.0.1';
const REFUSED = '127.0.0.2';

/**
 * Step 25 over HTTP against the local stack: the administrator gives OPERADOR an IP rule of
 * its own; OPERADOR logs in from an allowed address and is refused from another one. The
 * local server takes the source address from the socket, as API Gateway takes it from the
 * connection.
 */
describe('Connection controls over HTTP: a per-user IP rule', () => {
  let stack: LocalStack;
  const api = (path: string) => new URL(path, stack.apiUrl);
  const COMPANY = 'CTRLE2E';
  let adminToken = '';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const operatorLogin = (password: string, localAddress: string) =>
    request<LoginAnswer & Problem>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'OPERADOR', password },
      localAddress,
    });

  beforeAll(async () => {
    // A new BOP Token step is reached by moving the clock (which the in-process API reads), never by waiting.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    stack = await startTestStack('e2e_controls');

    // The bank onboards the company; the administrator gets ready (password, image, BOP Token).
    adminToken = await onboardAndLogInOverHttp(
      stack,
      {
        companyCode: COMPANY,
        legalName: 'Controles de Conexión, S.A.',
        accounts: [{ number: '5000000001', type: 'CHECKING' }],
        administrator: {
          userCode: 'ADMON',
          firstName: 'ANA',
          lastName: 'ADMIN',
          email: 'ana@controles.example',
        },
      },
      'Ctrl12Ad',
    );
    // The current step's code installs; the settings take the next step's, the clock moved to its start.
    const { authenticator, state } = await enrollTokenOverHttp(stack.apiUrl, adminToken);
    expect(state).toBe('ACTIVE');
    // "Si te es requerido": confirmations off, so the set-up below needs no code per step.
    const settings = await request(api('/company/settings'), {
      method: 'PUT',
      headers: { ...auth(adminToken), 'X-OTP': authenticator.next() },
      json: { otpConfirmation: false },
    });
    expect(settings.status).toBe(200);

    // OPERADOR: created, given a password, activated.
    const created = await request(api('/users'), {
      headers: auth(adminToken),
      json: {
        userCode: 'OPERADOR',
        firstName: 'JUAN',
        lastName: 'PEREZ',
        jobTitle: 'ANALISTA',
        email: 'juan@controles.example',
        profile: 'OPERATOR',
        options: ['products.inquiry'],
        accounts: 'ALL',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await request(api('/users/OPERADOR/password'), {
      method: 'PUT',
      headers: auth(adminToken),
      json: { newPassword: 'Oper12ab', confirmation: 'Oper12ab' },
    });
    const activated = await request(api('/users/OPERADOR/state'), {
      method: 'PUT',
      headers: auth(adminToken),
      json: { state: 'ACTIVE', version: 2 },
    });
    expect(activated.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    vi.useRealTimers();
    await stack?.stop();
  });

  it('sets OPERADOR’s own IP rule: only 127.0.0.1', async () => {
    // Prepare
    const current = await request<{ version: number; source: string }>(
      api('/users/OPERADOR/connection-rules'),
      {
        headers: auth(adminToken),
      },
    );
    expect(current.body.source).toBe('none');

    // Act
    const set = await request<{ rules: { allowedIps: string[] }; source: string }>(
      api('/users/OPERADOR/connection-rules'),
      {
        method: 'PUT',
        headers: auth(adminToken),
        json: { version: current.body.version, allowedHours: {}, allowedIps: [`${ALLOWED}/32`] },
      },
    );

    // Assess
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ rules: { allowedIps: [ALLOWED] }, source: 'user' });
  });

  it('refuses OPERADOR’s login from 127.0.0.2 with 403 CONNECTION_IP', async () => {
    // Act
    const refused = await operatorLogin('Oper12ab', REFUSED);

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'CONNECTION_IP', title: 'Dirección IP no permitida' });
  });

  it('answers a wrong password from 127.0.0.2 with the generic LOGIN_FAILED, revealing nothing', async () => {
    // Act
    const refused = await operatorLogin('Mala12abc', REFUSED);

    // Assess
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('LOGIN_FAILED');
  });

  it('lets OPERADOR in from 127.0.0.1, through the forced change and the image, to a session', async () => {
    // Act
    const first = await operatorLogin('Oper12ab', ALLOWED);
    const changed = await request(api('/auth/password-change'), {
      headers: auth(first.body.challenge.token),
      json: { currentPassword: 'Oper12ab', newPassword: 'Prop12ab', confirmation: 'Prop12ab' },
      localAddress: ALLOWED,
    });
    const second = await operatorLogin('Prop12ab', ALLOWED);
    const session = await request<LoginAnswer>(api('/auth/antiphishing-image'), {
      headers: auth(second.body.challenge.token),
      json: { imageId: 'tree' },
      localAddress: ALLOWED,
    });
    const me = await request<{ userCode: string }>(api('/me'), {
      headers: auth(session.body.session.token),
      localAddress: ALLOWED,
    });

    // Assess
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(changed.status).toBe(200);
    expect(second.body.status).toBe('IMAGE_REQUIRED');
    expect(me.status).toBe(200);
    expect(me.body.userCode).toBe('OPERADOR');

    // The same session, used from 127.0.0.2, is refused and ends.
    const elsewhere = await request<Problem>(api('/me'), {
      headers: auth(session.body.session.token),
      localAddress: REFUSED,
    });
    const back = await request<Problem>(api('/me'), {
      headers: auth(session.body.session.token),
      localAddress: ALLOWED,
    });
    expect(elsewhere.body.code).toBe('CONNECTION_IP');
    expect(back.body.code).toBe('SESSION_ENDED');
  });

  it('lets the administrator in from any address: the company’s rules never apply to it', async () => {
    // Act
    const admin = await request<LoginAnswer>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'ADMON', password: 'Ctrl12Ad' },
      localAddress: REFUSED,
    });

    // Assess
    expect(admin.body.status).toBe('AUTHENTICATED');
    // One session per user: this one replaces the earlier one.
    adminToken = admin.body.session.token;
  });

  it('refuses a malformed rule over HTTP with 400, naming the field, and keeps the rule', async () => {
    // Prepare
    const current = await request<{ version: number }>(api('/users/OPERADOR/connection-rules'), {
      headers: auth(adminToken),
    });

    // Act
    const refused = await request<{ errors: { field: string; code: string }[] }>(
      api('/users/OPERADOR/connection-rules'),
      {
        method: 'PUT',
        headers: auth(adminToken),
        json: { version: current.body.version, allowedHours: {}, allowedIps: ['127.0.0.1/33'] },
      },
    );

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'body.allowedIps.0', code: 'ip_prefix_out_of_range' }),
    ]);
    const after = await request<{ rules: { allowedIps: string[] } }>(
      api('/users/OPERADOR/connection-rules'),
      {
        headers: auth(adminToken),
      },
    );
    expect(after.body.rules.allowedIps).toEqual([ALLOWED]);
  });
});
