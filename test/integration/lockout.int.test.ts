import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/core/logger.ts';
import type { User } from '../../shared/domain/model.ts';
import { reissueAdministratorPassword } from '../../shared/services/onboarding.ts';
import { confirmWithActiveToken } from '../../shared/services/otp.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';
import { wrongCode } from '../helpers/totp.ts';

/**
 * Issue 16 §1–§3: password failures and token-code failures counted apart, temporary locks
 * with escalation, and a new password that breaks a rule never counting — on DynamoDB Local.
 */
const table = fileTable('lockout');

const stored = async (company: string, user: string) => (await table.readUser(company, user)) as User;
const MINUTE = 60_000;

/**
 * An active end user with a personal password and an image, who logs in straight to a session
 * (its company onboarded first, unless `readyAdministrator` did).
 */
async function endUser(app: ReturnType<typeof testApp>, companyCode: string, userCode = 'OPERADOR') {
  if (!(await table.readUser(companyCode, 'ADMON'))) await app.onboard({ companyCode });
  const { login } = await app.putEndUserWithPassword({ companyCode, userCode }, 'Clave12Op');
  return (password?: string) => login({ password });
}

describe('Lockout: BOP Token codes (§1)', () => {
  it('keeps counting wrong login codes across right passwords and new challenges, and locks the token at the threshold', async () => {
    // Prepare: the company asks for the token at login
    const app = testApp(table, { threshold: 3 });
    const { token, password, otp, authenticator } = await readyAdministrator(app, 'CODE1');
    await app.call('updateCompanySettings', {
      token,
      headers: { 'X-OTP': otp() },
      body: { otpAtLogin: true },
    });
    const phone = authenticator as NonNullable<typeof authenticator>;
    const wrong = () => wrongCode(phone.at(0), phone.at(-1));

    // Act: two wrong codes, a fresh login (right password, new challenge), two more
    const answers: string[] = [];
    for (let round = 0; round < 2; round++) {
      const login = await app.call('login', { body: { companyCode: 'CODE1', userCode: 'ADMON', password } });
      expect(login.body.status).toBe('OTP_REQUIRED');
      for (let i = 0; i < 2; i++) {
        const refused = await app.call('loginOtp', {
          token: login.body.challenge.token,
          body: { otp: wrong() },
        });
        answers.push(refused.body.code);
      }
    }

    // Assess: the third wrong code locked the token; the fourth was not even checked
    expect(answers).toEqual(['OTP_INVALID', 'OTP_INVALID', 'OTP_INVALID', 'TOKEN_LOCKED']);
    const admin = await stored('CODE1', 'ADMON');
    expect(admin.token?.failedCodes).toBe(3);
    expect(admin.credential?.failedAttempts).toBe(0);
    // The right password now says the token is locked, and no code is asked for
    const after = await app.call('login', { body: { companyCode: 'CODE1', userCode: 'ADMON', password } });
    expect(after.body.code).toBe('TOKEN_LOCKED');
    const locks = (await table.readAudit('CODE1')).filter((a) => a.action === 'CREDENTIAL_LOCKED');
    expect(locks.map((a) => a.outcome)).toEqual(['TOKEN']);
  });

  it('counts exactly the threshold under 20 concurrent wrong codes', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const { authenticator } = await readyAdministrator(app, 'CODE2');
    const admin = await stored('CODE2', 'ADMON');
    const phone = authenticator as NonNullable<typeof authenticator>;
    const deps = {
      store: app.authStore,
      keys: async () => app.keys,
      lockoutThreshold: 3,
      now: app.clock.now,
    };
    const check = {
      origin: { sourceIp: '198.51.100.7', correlationId: 'burst', log: createLogger({ write: () => {} }) },
      purpose: 'CONFIRMATION',
      lockedError: 'TOKEN_LOCKED',
    } as const;

    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        confirmWithActiveToken(deps, admin, wrongCode(phone.at(0), phone.at(-1)), check),
      ),
    );

    // Assess: 3 verified and refused, 17 refused as locked without a verdict; one lock audited
    const codes = outcomes.map((o) => (o.status === 'rejected' ? o.reason.code : 'ACCEPTED'));
    expect(codes.filter((c) => c === 'OTP_INVALID')).toHaveLength(3);
    expect(codes.filter((c) => c === 'TOKEN_LOCKED')).toHaveLength(17);
    expect((await stored('CODE2', 'ADMON')).token?.failedCodes).toBe(3);
    const audit = await table.readAudit('CODE2');
    expect(audit.filter((a) => a.action === 'CREDENTIAL_LOCKED')).toHaveLength(1);
    expect(audit.filter((a) => a.outcome === 'WRONG_CODE_NOW_LOCKED')).toHaveLength(1);
  });

  it('unlocks an end user’s token when the administrator activates it again (step 24), shown locked until then', async () => {
    // Prepare: an end user with an active token, locked by three wrong codes
    const app = testApp(table, { threshold: 3 });
    const { token: admin, otp } = await readyAdministrator(app, 'CODE3');
    const login = await endUser(app, 'CODE3');
    const session = (await login()).body.session.token as string;
    const phone = await app.enrollToken(session);
    await app.call('setUserTokenState', {
      token: admin,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE' },
    });
    for (let i = 0; i < 3; i++) {
      await app.call('cancelToken', {
        token: session,
        body: { otp: wrongCode(phone.at(0), phone.at(-1)) },
      });
    }

    // Assess: the administrator sees the lock in the token list and the user detail
    const list = await app.call('listUserTokens', { token: admin });
    const row = list.body.items.find((r: { userCode: string }) => r.userCode === 'OPERADOR');
    expect(row.tokenLock).toMatchObject({ kind: 'PERMANENT', since: expect.any(String) });
    const detail = await app.call('getUser', { token: admin, path: { userCode: 'OPERADOR' } });
    expect(detail.body.tokenLock).toMatchObject({ kind: 'PERMANENT' });
    expect(detail.body.locked).toBe(false);

    // Act: re-activation by the administrator
    const activated = await app.call('setUserTokenState', {
      token: admin,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE' },
    });

    // Assess
    expect(activated.body.changed).toBe(true);
    expect((await stored('CODE3', 'OPERADOR')).token?.failedCodes).toBe(0);
    const cancelled = await app.call('cancelToken', { token: session, body: { otp: phone.next() } });
    expect(cancelled.status).toBe(200);
  });

  it('lets the bank’s re-issue of the administrator’s password end the administrator’s token lock', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const { token, authenticator } = await readyAdministrator(app, 'CODE4');
    const phone = authenticator as NonNullable<typeof authenticator>;
    await app.putEndUser({ companyCode: 'CODE4', userCode: 'OPERADOR' });
    for (let i = 0; i < 3; i++) {
      await app.call('assignUserPassword', {
        token,
        headers: { 'X-OTP': wrongCode(phone.at(0), phone.at(-1)) },
        path: { userCode: 'OPERADOR' },
        body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
      });
    }
    expect((await stored('CODE4', 'ADMON')).token?.failedCodes).toBe(3);

    // Act
    await reissueAdministratorPassword(
      {
        store: app.companies,
        credentials: app.authStore,
        mailer: { send: async () => ({}) },
        policy: (await import('../../shared/domain/password-policy.ts')).passwordPolicy('bank'),
        bankName: 'Banco',
        genericPasswordTtlHours: 72,
        now: app.clock.now,
      },
      'CODE4',
      {
        actorArn: 'arn:test',
        sourceIp: '203.0.113.1',
        correlationId: 'c',
        log: createLogger({ write: () => {} }),
      },
    );

    // Assess: the token is kept, its lock cleared, and the re-issue audited with it
    const admin = await stored('CODE4', 'ADMON');
    expect(admin.token).toMatchObject({ state: 'ACTIVE' });
    expect(admin.token?.failedCodes).toBeUndefined();
    const reissued = (await table.readAudit('CODE4')).find(
      (a) => a.action === 'ADMIN_GENERIC_PASSWORD_REISSUED',
    );
    expect(reissued?.changes.tokenFailedCodes).toEqual({ before: 3, after: 0 });
  });
});

describe('Lockout: passwords (§2)', () => {
  it('locks for 30 minutes: attempts meanwhile neither extend nor reveal it, and the right password works after', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const login = await endUser(app, 'TEMP1');
    for (let i = 0; i < 3; i++) await login(`Mala${i}2xyz`);
    const locked = await stored('TEMP1', 'OPERADOR');
    const until = locked.credential?.lockedUntil;
    expect(Date.parse(until as string) - app.clock.now().getTime()).toBe(30 * MINUTE);

    // Act: while locked, wrong and right passwords alike
    app.clock.advance(20 * MINUTE);
    const wrongWhileLocked = await login('Mala92xyz');
    const rightWhileLocked = await login();

    // Assess: the same answer as any refusal; the lock's end did not move
    expect(wrongWhileLocked.body.code).toBe('LOGIN_FAILED');
    expect(rightWhileLocked.body).toMatchObject({ code: 'LOGIN_FAILED', status: 401 });
    expect((await stored('TEMP1', 'OPERADOR')).credential?.lockedUntil).toBe(until);

    // Act: after the lock ends
    app.clock.advance(10 * MINUTE + 1000);
    const after = await login();

    // Assess
    expect(after.body.status).toBe('AUTHENTICATED');
    expect((await stored('TEMP1', 'OPERADOR')).credential?.failedAttempts).toBe(0);
    const locks = (await table.readAudit('TEMP1')).filter((a) => a.action === 'CREDENTIAL_LOCKED');
    expect(locks.map((a) => [a.outcome, a.changes.lockedUntil.after])).toEqual([
      ['PASSWORD_TEMPORARY', until],
    ]);
    expect(
      app.logLines.map((line) => JSON.parse(line)).filter((line) => line.event === 'CREDENTIAL_LOCKED'),
    ).toEqual([expect.objectContaining({ credential: 'PASSWORD', lock: 'TEMPORARY', until })]);
  });

  it('restarts the count after a temporary lock ends, exactly once under concurrent attempts', async () => {
    // Prepare: a lock that has ended
    const app = testApp(table, { threshold: 3 });
    const login = await endUser(app, 'TEMP2');
    for (let i = 0; i < 3; i++) await login(`Mala${i}2xyz`);
    app.clock.advance(31 * MINUTE);

    // Act: 10 concurrent wrong guesses
    await Promise.all(Array.from({ length: 10 }, (_, i) => login(`Otra${i}2xyz`)));

    // Assess: a new lock after exactly 3 of them, and it is the second lock of the day
    const credential = (await stored('TEMP2', 'OPERADOR')).credential;
    expect(credential?.failedAttempts).toBe(3);
    expect(credential?.lockHistory).toHaveLength(2);
    expect(credential?.lockedPermanently).toBe(false);
    const refusals = (await table.readAudit('TEMP2')).filter((a) => a.action === 'LOGIN_REFUSED');
    expect(refusals.filter((a) => a.outcome === 'WRONG_PASSWORD_NOW_LOCKED')).toHaveLength(2);
  });

  it('makes the third lock within 24 hours permanent, shown as such, until the administrator assigns a password', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const { password, otp } = await readyAdministrator(app, 'PERM1');
    const login = await endUser(app, 'PERM1');
    for (let lock = 0; lock < 3; lock++) {
      for (let i = 0; i < 3; i++) await login(`Mala${i}2xyz`);
      app.clock.advance(31 * MINUTE);
    }
    const admin = (await app.call('login', { body: { companyCode: 'PERM1', userCode: 'ADMON', password } }))
      .body.session.token as string;

    // Assess: still locked after 31 minutes, and the administrator sees it as permanent
    expect((await login()).body.code).toBe('LOGIN_FAILED');
    const detail = await app.call('getUser', { token: admin, path: { userCode: 'OPERADOR' } });
    expect(detail.body).toMatchObject({ locked: true, lock: { kind: 'PERMANENT' } });
    const list = await app.call('listUsers', { token: admin });
    expect(list.body.items[0]).toMatchObject({
      userCode: 'OPERADOR',
      locked: true,
      lock: { kind: 'PERMANENT' },
    });
    const outcomes = (await table.readAudit('PERM1'))
      .filter((a) => a.action === 'CREDENTIAL_LOCKED')
      .map((a) => a.outcome);
    expect(outcomes).toEqual(['PASSWORD_TEMPORARY', 'PASSWORD_TEMPORARY', 'PASSWORD_PERMANENT']);

    // Act: the administrator assigns a password
    const assigned = await app.call('assignUserPassword', {
      token: admin,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });

    // Assess
    expect(assigned.status).toBe(200);
    const assignedAudit = (await table.readAudit('PERM1')).find((a) => a.action === 'USER_PASSWORD_ASSIGNED');
    expect(assignedAudit?.changes.locked).toEqual({ before: 'PERMANENT', after: false });
    expect((await login('Asig12na')).body.status).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('shows a temporary lock and its end to the administrator', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const { token: admin } = await readyAdministrator(app, 'SHOW1');
    const login = await endUser(app, 'SHOW1');
    for (let i = 0; i < 3; i++) await login(`Mala${i}2xyz`);
    const until = new Date(app.clock.now().getTime() + 30 * MINUTE).toISOString();

    // Act
    const detail = await app.call('getUser', { token: admin, path: { userCode: 'OPERADOR' } });
    const list = await app.call('listUsers', { token: admin });

    // Assess
    expect(detail.body).toMatchObject({ locked: true, lock: { kind: 'TEMPORARY', until } });
    expect(list.body.items[0]).toMatchObject({ locked: true, lock: { kind: 'TEMPORARY', until } });
  });

  it('never ends a live session, whatever someone else guesses', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const login = await endUser(app, 'LIVE1');
    const session = (await login()).body.session.token as string;

    // Act: an outsider locks the password
    for (let i = 0; i < 5; i++) await login(`Mala${i}2xyz`);

    // Assess: the session goes on
    expect((await stored('LIVE1', 'OPERADOR')).credential?.failedAttempts).toBe(3);
    const me = await app.call('getMe', { token: session });
    expect(me.status).toBe(200);
    expect(me.body.locked).toBe(true);
  });
});

describe('Lockout: changing a password (§3)', () => {
  it('gives field errors for rule-breaking new passwords as often as needed on the forced change (step 5), without locking', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const generic = await app.onboard({ companyCode: 'RULES1' });
    const first = await app.call('login', {
      body: { companyCode: 'RULES1', userCode: 'ADMON', password: generic },
    });
    const challenge = first.body.challenge.token as string;

    // Act: five non-compliant new passwords with the right current one
    const answers = [];
    for (let i = 0; i < 5; i++) {
      answers.push(
        await app.call('changeInitialPassword', {
          token: challenge,
          body: { currentPassword: generic, newPassword: 'corta', confirmation: 'corta' },
        }),
      );
    }

    // Assess: field errors each time, nothing counted; the sixth, compliant, works
    expect(answers.map((a) => a.body.code)).toEqual(Array(5).fill('VALIDATION_FAILED'));
    expect((await stored('RULES1', 'ADMON')).credential?.failedAttempts).toBe(0);
    const done = await app.call('changeInitialPassword', {
      token: challenge,
      body: { currentPassword: generic, newPassword: 'Banco1234a', confirmation: 'Banco1234a' },
    });
    expect(done.body.status).toBe('PASSWORD_CHANGED');
  });

  it('counts only a wrong current password on "Cambio de Clave", and the third locks', async () => {
    // Prepare
    const app = testApp(table, { threshold: 3 });
    const login = await endUser(app, 'RULES2');
    const session = (await login()).body.session.token as string;
    const change = (currentPassword: string, newPassword: string) =>
      app.call('changeMyPassword', {
        token: session,
        body: { currentPassword, newPassword, confirmation: newPassword },
      });

    // Act & Assess: three bad new passwords with the right current one count nothing
    for (let i = 0; i < 3; i++) expect((await change('Clave12Op', 'mala')).status).toBe(400);
    expect((await stored('RULES2', 'OPERADOR')).credential?.failedAttempts).toBe(0);
    // Three wrong current passwords lock it
    for (let i = 0; i < 3; i++) {
      const wrong = await change(`Mala${i}2xyz`, 'Nueva12ab');
      expect(wrong.body.errors[0].code).toBe('current_password_incorrect');
    }
    const credential = (await stored('RULES2', 'OPERADOR')).credential;
    expect(credential?.failedAttempts).toBe(3);
    expect(credential?.lockedUntil).toBeDefined();
    expect((await change('Clave12Op', 'Nueva12ab')).body.code).toBe('LOGIN_FAILED');
  });
});
