import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';
import { personalCredential, readyAdministrator, testApp } from '../helpers/app.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';
import { expectNoSecret } from '../helpers/mail.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(undefined, 'lock-notices');
});
afterAll(async () => table?.destroy());

const BANK = 'Banco de Occidente (Panamá): ';
const ADMIN_MAIL = 'admon@corporativ.example';
const sent = (mailbox: OutgoingMail[]) => mailbox.map((m) => [m.to, m.subject.replace(BANK, '')]);

describe('Lock notices (issue 18, point 3)', () => {
  it('the attempt that locks an end user’s password tells the user (with when it unlocks) and the administrator, once, in English', async () => {
    // Prepare: an English-speaking company with an end user
    const app = testApp(table);
    await readyAdministrator(app, 'LOCK1', 'Banco1234a', { language: 'en' });
    const { login } = await app.putEndUserWithPassword(
      { companyCode: 'LOCK1', userCode: 'OPERADOR', email: 'operador@lock.example' },
      'Clave12Op',
    );
    app.mailbox.length = 0;
    const wrong = () => login({ password: 'Mala12345' });

    // Act
    await wrong();
    await wrong();
    const beforeLock = sent(app.mailbox);
    const locking = await wrong();
    const afterLock = sent(app.mailbox);
    await wrong();

    // Assess: nothing before the lock, two notices at it, nothing after it
    expect(beforeLock).toEqual([]);
    expect(locking.status).toBe(401);
    expect(locking.body.code).toBe('LOGIN_FAILED');
    expect(afterLock).toEqual([
      ['operador@lock.example', 'Your user was locked'],
      [ADMIN_MAIL, 'User OPERADOR was locked'],
    ]);
    expect(sent(app.mailbox)).toEqual(afterLock);
    const [toUser, toAdmin] = app.mailbox as [OutgoingMail, OutgoingMail];
    expect(toUser.text).toMatch(/You can log in again from .+\(Panama time\)/);
    expect(toUser.html).toContain('lang="en"');
    expect(toAdmin.text).toMatch(/User OPERADOR of your company was locked after failed attempts until .+/);
    for (const mail of app.mailbox) expectNoSecret(mail, 'Mala12345', 'Clave12Op', 'Banco1234a');
  });

  it('a token locked by wrong codes tells its owner in Spanish; the administrator’s own lock tells no administrator, and points to the bank', async () => {
    // Prepare: a Spanish-speaking company whose administrator has an active token
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'LOCK2');
    app.mailbox.length = 0;

    // Act: three wrong codes on an OTP-confirmed action that would otherwise succeed (the code
    // of one that fails anyway is never checked)
    for (let i = 0; i < 3; i++) {
      const refused = await app.call('updateCompanySettings', {
        token: admin.token,
        headers: { 'X-OTP': '000000' },
        body: { otpAtLogin: true },
      });
      expect(refused.status).toBeGreaterThanOrEqual(400);
    }

    // Assess
    expect(sent(app.mailbox)).toEqual([[ADMIN_MAIL, 'Su BOP Token fue bloqueado']]);
    const [mail] = app.mailbox as [OutgoingMail];
    expect(mail.text).toContain('Comuníquese con el banco');
    expect(mail.html).toContain('lang="es"');
    expectNoSecret(mail, 'Banco1234a');
  });

  it('a password change at first login and the owner’s own token cancellation are each told to the user', async () => {
    // Prepare: an end user with an assigned password and, later, an installed token
    const app = testApp(table);
    await readyAdministrator(app, 'LOCK3', 'Banco1234a', { language: 'en' });
    await app.putEndUser({
      companyCode: 'LOCK3',
      userCode: 'OPERADOR',
      email: 'operador@lock.example',
      credential: { ...(await personalCredential('Clave12Op')), kind: 'assigned' },
      imageId: 'bird',
    });
    app.mailbox.length = 0;

    // Act: the forced change, then the token's request, installation and cancellation
    const first = await app.call('login', {
      body: { companyCode: 'LOCK3', userCode: 'OPERADOR', password: 'Clave12Op' },
    });
    const changed = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: 'Clave12Op', newPassword: 'Nuevos5678', confirmation: 'Nuevos5678' },
    });
    const login = await app.call('login', {
      body: { companyCode: 'LOCK3', userCode: 'OPERADOR', password: 'Nuevos5678' },
    });
    expect([changed.body.status ?? changed.body.errors, login.body.status]).toEqual([
      'PASSWORD_CHANGED',
      'AUTHENTICATED',
    ]);
    const authenticator = await app.enrollToken(login.body.session.token);
    const cancelled = await app.call('cancelToken', {
      token: login.body.session.token,
      body: { otp: authenticator.next() },
    });

    // Assess
    expect(changed.status).toBe(200);
    expect(cancelled.status).toBe(200);
    expect(sent(app.mailbox)).toEqual([
      ['operador@lock.example', 'Your password was changed'],
      ['operador@lock.example', 'A BOP Token was requested'],
      ['operador@lock.example', 'Your BOP Token was installed'],
      ['operador@lock.example', 'Your BOP Token was cancelled'],
    ]);
    for (const mail of app.mailbox) expectNoSecret(mail, 'Clave12Op', 'Nuevos5678');
  });

  it('a failed e-mail neither fails nor undoes the lock: the refusal is the same and NOTIFICATION_FAILED is logged', async () => {
    // Prepare
    const app = testApp(table);
    await readyAdministrator(app, 'LOCK4');
    const { login } = await app.putEndUserWithPassword(
      { companyCode: 'LOCK4', userCode: 'OPERADOR' },
      'Clave12Op',
    );
    app.mail.down = true;

    // Act
    let last: Awaited<ReturnType<typeof app.call>> | undefined;
    for (let i = 0; i < 3; i++) last = await login({ password: 'Mala12345' });

    // Assess
    expect(last?.status).toBe(401);
    expect(last?.body.code).toBe('LOGIN_FAILED');
    expect((await table.readUser('LOCK4', 'OPERADOR'))?.credential?.lockedUntil).toBeDefined();
    const failures = app.logLines.filter((line) => line.includes('"event":"NOTIFICATION_FAILED"'));
    expect(failures.length).toBe(2);
  });
});
