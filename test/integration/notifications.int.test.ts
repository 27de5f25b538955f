import { describe, expect, it } from 'vitest';
import { renderSecurityNotice, SAMPLE_NOTICES } from '../../shared/mail/security-notices.ts';
import { personalCredential, readyAdministrator, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';
import { expectNoSecret } from '../helpers/mail.ts';

const table = fileTable('notifications');

describe('Security notifications (issue 18, point 3)', () => {
  it('tells each person of their token, password and state changes, in the company’s language, with no secret', async () => {
    // Prepare: an English-speaking company; its administrator requests and installs a token
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'AVISO1', 'Banco1234a', { language: 'en' });
    const adminMails = app.mailbox.filter((m) => m.to === 'admon@corporativ.example').map((m) => m.subject);
    expect(adminMails).toEqual(
      expect.arrayContaining([
        'Banco de Occidente (Panamá): A BOP Token was requested',
        'Banco de Occidente (Panamá): Your BOP Token was installed',
      ]),
    );
    const operator = await app.putEndUserWithPassword(
      { companyCode: 'AVISO1', userCode: 'OPERADOR', email: 'operador@aviso.example' },
      'Clave12Op',
    );
    const login = await operator.login();
    await app.enrollToken(login.body.session.token);
    app.mailbox.length = 0;

    // Act
    await app.call('setUserTokenState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE' },
    });
    await app.call('assignUserPassword', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });
    const user = await app.call('getUser', { token: admin.token, path: { userCode: 'OPERADOR' } });
    await app.call('changeUserState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'DISABLED', version: user.body.version },
    });
    await app.call('changeMyPassword', {
      token: admin.token,
      body: { currentPassword: 'Banco1234a', newPassword: 'Banco5678b', confirmation: 'Banco5678b' },
    });

    // Assess
    expect(app.mailbox.map((m) => [m.to, m.subject.replace('Banco de Occidente (Panamá): ', '')])).toEqual([
      ['operador@aviso.example', 'Your BOP Token was activated'],
      ['operador@aviso.example', 'Your administrator assigned you a password'],
      ['operador@aviso.example', 'Your user is Disabled'],
      ['admon@corporativ.example', 'Your password was changed'],
    ]);
    for (const mail of app.mailbox) expectNoSecret(mail, 'Asig12na', 'Banco1234a', 'Banco5678b', 'Clave12Op');
  });

  it('an SES failure leaves the change done and is logged as NOTIFICATION_FAILED', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'AVISO2');
    await app.putEndUser({
      companyCode: 'AVISO2',
      userCode: 'OPERADOR',
      credential: await personalCredential('Clave12Op'),
    });
    app.mail.down = true;

    // Act
    const changed = await app.call('changeUserState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'DISABLED', version: 1 },
    });

    // Assess
    expect(changed.status).toBe(200);
    expect((await table.readUser('AVISO2', 'OPERADOR'))?.state).toBe('DISABLED');
    expect(app.logLines.some((line) => line.includes('"event":"NOTIFICATION_FAILED"'))).toBe(true);
  });

  it('has every template in Spanish and English, none with a secret', () => {
    for (const notice of SAMPLE_NOTICES) {
      const es = renderSecurityNotice(notice, {
        language: 'es',
        bankName: 'Banco',
        at: new Date('2026-12-01T15:00:00Z'),
      });
      const en = renderSecurityNotice(notice, {
        language: 'en',
        bankName: 'Banco',
        at: new Date('2026-12-01T15:00:00Z'),
      });
      expect(es.subject, notice.kind).not.toBe(en.subject);
      expect(es.html).toContain('lang="es"');
      expect(en.html).toContain('lang="en"');
      expectNoSecret(es);
      expectNoSecret(en);
    }
  });
});
