import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/core/logger.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { passwordPolicy } from '../../shared/domain/password-policy.ts';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';
import { reissueAdministratorPassword } from '../../shared/services/onboarding.ts';
import { resetAdministratorToken } from '../../shared/services/token-recovery.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';
import { expectNoSecret } from '../helpers/mail.ts';

const table = fileTable('token_recovery');

type App = ReturnType<typeof testApp>;

const bankOrigin = () => ({
  actorArn: 'arn:aws:iam::123456789012:role/back-office',
  sourceIp: '203.0.113.9',
  correlationId: 'c-bank',
  log: createLogger({ write: () => {} }),
});

/** An end user in session with an installed token, activated by the administrator (step 24). */
async function endUserWithActiveToken(
  app: App,
  companyCode: string,
  admin: { token: string; otp: () => string },
) {
  const operator = await app.putEndUserWithPassword(
    { companyCode, userCode: 'OPERADOR', email: 'operador@empresa.example' },
    'Clave12Op',
  );
  const login = await operator.login();
  const token = login.body.session.token as string;
  const phone = await app.enrollToken(token);
  const activated = await app.call('setUserTokenState', {
    token: admin.token,
    headers: { 'X-OTP': admin.otp() },
    path: { userCode: 'OPERADOR' },
    body: { state: 'ACTIVE' },
  });
  expect(activated.status).toBe(200);
  return { token, phone };
}

const resetBy = (app: App, admin: { token: string; otp: () => string }, userCode: string, otp = true) =>
  app.call('resetUserToken', {
    token: admin.token,
    ...(otp ? { headers: { 'X-OTP': admin.otp() } } : {}),
    path: { userCode },
  });

describe('Reiniciar BOP Token: the administrator resets an end user’s token (issue 18, point 1)', () => {
  it('resets an active token with the administrator’s code: secret destroyed, audited, the user notified, a new token may be requested', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'RST1', 'Banco1234a', { language: 'en' });
    const user = await endUserWithActiveToken(app, 'RST1', admin);
    app.mailbox.length = 0;

    // Act
    const reset = await resetBy(app, admin, 'operador');

    // Assess
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ userCode: 'OPERADOR', tokenState: 'CANCELLED', changed: true });
    const stored = await table.readUser('RST1', 'OPERADOR');
    expect(stored?.token).toMatchObject({ state: 'CANCELLED', changedBy: 'ADMON' });
    expect(stored?.token.secretCiphertext).toBeUndefined();
    expect(stored?.token.lastAcceptedStep).toBeUndefined();
    const audit = (await table.readAudit('RST1')).filter((entry) => entry.action === 'TOKEN_RESET');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'ADMON',
        target: 'OPERADOR',
        changes: { tokenState: { before: 'ACTIVE', after: 'CANCELLED' } },
      }),
    ]);
    expect(app.mailbox).toHaveLength(1);
    expect(app.mailbox[0]).toMatchObject({
      to: 'operador@empresa.example',
      subject: 'Banco de Occidente (Panamá): Your BOP Token was reset',
    });
    expectNoSecret(app.mailbox[0] as OutgoingMail);
    // The old app's codes no longer confirm anything; the user requests and installs a new token
    expect((await app.call('getMyToken', { token: user.token })).body.state).toBe('CANCELLED');
    await app.enrollToken(user.token);
    expect((await table.readUser('RST1', 'OPERADOR'))?.token.state).toBe('INSTALLED');
  });

  it('resets a deactivated token, which could otherwise never be replaced (the end user may request again)', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'RST2');
    const user = await endUserWithActiveToken(app, 'RST2', admin);
    await app.call('setUserTokenState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'INACTIVE' },
    });
    const before = await app.call('requestToken', { token: user.token });
    expect(before.body.code).toBe('TOKEN_ALREADY_INSTALLED');

    // Act
    const reset = await resetBy(app, admin, 'OPERADOR');
    const again = await app.call('requestToken', { token: user.token });

    // Assess
    expect(reset.body).toMatchObject({ tokenState: 'CANCELLED', changed: true });
    expect(again.status).toBe(201);
  });

  it('resets a token locked by wrong codes and a merely requested one, from any state', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'RST3');
    await app.putEndUser({
      companyCode: 'RST3',
      userCode: 'BLOQUEADO',
      token: {
        state: 'ACTIVE',
        secretCiphertext: 'sealed',
        failedCodes: 3,
        lastFailedCodeAt: '2026-11-26T13:00:00Z',
        requestedAt: '2026-11-01T00:00:00Z',
        changedAt: '2026-11-01T00:00:00Z',
        changedBy: 'ADMON',
      },
    });
    await app.putEndUser({
      companyCode: 'RST3',
      userCode: 'SOLICITO',
      token: {
        state: 'REQUESTED',
        secretCiphertext: 'sealed',
        requestedAt: '2026-11-01T00:00:00Z',
        changedAt: '2026-11-01T00:00:00Z',
        changedBy: 'SOLICITO',
      },
    });

    // Act
    const locked = await resetBy(app, admin, 'BLOQUEADO');
    const requested = await resetBy(app, admin, 'SOLICITO');

    // Assess
    expect(locked.body.changed).toBe(true);
    expect(requested.body.changed).toBe(true);
    const lockedToken = (await table.readUser('RST3', 'BLOQUEADO'))?.token;
    expect(lockedToken).toMatchObject({ state: 'CANCELLED' });
    expect(lockedToken.failedCodes).toBeUndefined();
    const entry = (await table.readAudit('RST3')).find((e) => e.target === 'BLOQUEADO');
    expect(entry?.changes).toEqual({
      tokenState: { before: 'ACTIVE', after: 'CANCELLED' },
      tokenFailedCodes: { before: 3, after: 0 },
    });
  });

  it('refuses without the administrator’s code, for the administrator, for an unknown user; a user without a token is unchanged', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'RST4');
    await endUserWithActiveToken(app, 'RST4', admin);
    await app.putEndUser({ companyCode: 'RST4', userCode: 'SINTOKEN' });
    const auditBefore = (await table.readAudit('RST4')).filter((e) => e.action === 'TOKEN_RESET');

    // Act
    const noCode = await resetBy(app, admin, 'OPERADOR', false);
    const wrongCode = await app.call('resetUserToken', {
      token: admin.token,
      headers: { 'X-OTP': '000000' },
      path: { userCode: 'OPERADOR' },
    });
    const onAdmin = await resetBy(app, admin, 'ADMON');
    const unknown = await resetBy(app, admin, 'NADIE');
    const badCode = await resetBy(app, admin, 'A B');
    const none = await resetBy(app, admin, 'SINTOKEN');

    // Assess
    expect(noCode.status).toBe(428);
    expect([403, 428]).toContain(wrongCode.status);
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.body.code).toBe('ADMINISTRATOR_TOKEN_NOT_RESETTABLE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
    expect(badCode.status).toBe(400);
    expect(none.body).toMatchObject({ tokenState: 'NONE', changed: false });
    expect((await table.readUser('RST4', 'OPERADOR'))?.token.state).toBe('ACTIVE');
    expect((await table.readUser('RST4', 'ADMON'))?.token.state).toBe('ACTIVE');
    expect((await table.readAudit('RST4')).filter((e) => e.action === 'TOKEN_RESET')).toEqual(auditBefore);
  });

  it('keeps the reset when the e-mail fails: logged as NOTIFICATION_FAILED, the answer a success', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'RST5');
    await endUserWithActiveToken(app, 'RST5', admin);
    app.mail.down = true;

    // Act
    const reset = await resetBy(app, admin, 'OPERADOR');

    // Assess
    expect(reset.status).toBe(200);
    expect((await table.readUser('RST5', 'OPERADOR'))?.token.state).toBe('CANCELLED');
    const failures = app.logLines
      .map((line) => JSON.parse(line))
      .filter((l) => l.event === 'NOTIFICATION_FAILED');
    expect(failures).toEqual([expect.objectContaining({ notice: 'TOKEN_RESET', level: 'error' })]);
  });
});

describe('The bank resets the administrator’s lost BOP Token (issue 18, point 1)', () => {
  it('an administrator who lost the token administers again after the bank’s reset and a new installation', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'LOST1');
    await app.putEndUser({ companyCode: 'LOST1', userCode: 'OPERADOR' });
    const assign = (headers: Record<string, string> = {}) =>
      app.call('assignUserPassword', {
        token: admin.token,
        headers,
        path: { userCode: 'OPERADOR' },
        body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
      });
    // Without the phone the administrator cannot cancel (that needs a code) nor request a new one
    expect((await app.call('requestToken', { token: admin.token })).body.code).toBe(
      'TOKEN_ALREADY_INSTALLED',
    );
    app.mailbox.length = 0;

    // Act: the bank resets it
    const reset = await resetAdministratorToken(
      { tokens: app.tokenStore, companies: app.companies, notifier: app.notifier, now: app.clock.now },
      'LOST1',
      bankOrigin(),
    );

    // Assess: reset, audited as the bank's, the administrator told
    expect(reset).toMatchObject({ userCode: 'ADMON', tokenState: 'CANCELLED', changed: true });
    const entry = (await table.readAudit('LOST1')).find((e) => e.action === 'TOKEN_RESET');
    expect(entry).toMatchObject({
      actor: 'BANCO',
      target: 'ADMON',
      outcome: 'iam:arn:aws:iam::123456789012:role/back-office',
    });
    expect(app.mailbox.map((m) => m.subject)).toEqual([
      'Banco de Occidente (Panamá): Su BOP Token fue reiniciado',
    ]);
    expectNoSecret(app.mailbox[0] as OutgoingMail);
    // Until a new token is installed, no administration (step 9)
    const refused = await assign();
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TOKEN_REQUIRED');
    // A new installation, and the administrator administers again
    const phone = await app.enrollToken(admin.token);
    const done = await assign({ 'X-OTP': phone.next() });
    expect(done.status).toBe(200);
  });

  it('answers an unknown company with COMPANY_NOT_FOUND, and a company whose administrator has no token unchanged', async () => {
    // Prepare
    const app = testApp(table);
    await readyAdministrator(app, 'LOST2', 'Banco1234a', {}, { withToken: false });
    const deps = {
      tokens: app.tokenStore,
      companies: app.companies,
      notifier: app.notifier,
      now: app.clock.now,
    };

    // Act
    const unknown = await resetAdministratorToken(deps, 'NOEXISTE', bankOrigin()).catch((error) => error);
    const none = await resetAdministratorToken(deps, 'LOST2', bankOrigin());

    // Assess
    expect(unknown).toMatchObject({ code: 'COMPANY_NOT_FOUND' });
    expect(none).toMatchObject({ tokenState: 'NONE', changed: false });
  });

  it('the re-issue of the generic password with resetToken resets the token in the same write', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'LOST3');
    app.mailbox.length = 0;
    const deps = {
      store: app.companies,
      credentials: app.authStore,
      mailer: app.mailer,
      notifier: app.notifier,
      policy: passwordPolicy('bank'),
      bankName: 'Banco de Occidente (Panamá)',
      genericPasswordTtlHours: 72,
      hash: (p: string) => hashPassword(p, { logN: 10, r: 8, p: 1 }),
      now: app.clock.now,
    };

    // Act
    const plain = await reissueAdministratorPassword(deps, 'LOST3', bankOrigin());
    const afterPlain = (await table.readUser('LOST3', 'ADMON'))?.token.state;
    app.clock.advance(1_000);
    const withReset = await reissueAdministratorPassword(deps, 'LOST3', bankOrigin(), { resetToken: true });

    // Assess
    expect(plain.tokenReset).toBe(false);
    expect(afterPlain).toBe('ACTIVE');
    expect(withReset.tokenReset).toBe(true);
    const stored = await table.readUser('LOST3', 'ADMON');
    expect(stored?.token).toMatchObject({ state: 'CANCELLED', changedBy: 'BANCO' });
    expect(stored?.token.secretCiphertext).toBeUndefined();
    expect(stored?.credential.kind).toBe('generic');
    const entries = (await table.readAudit('LOST3')).filter(
      (e) => e.action === 'ADMIN_GENERIC_PASSWORD_REISSUED',
    );
    expect(entries.at(-1)?.changes).toMatchObject({ tokenState: { before: 'ACTIVE', after: 'CANCELLED' } });
    expect(app.mailbox.map((m) => m.subject).at(-1)).toBe(
      'Banco de Occidente (Panamá): Su BOP Token fue reiniciado',
    );
    // The old session ended with the re-issue
    expect((await app.call('getMe', { token: admin.token })).status).toBe(401);
  });
});
