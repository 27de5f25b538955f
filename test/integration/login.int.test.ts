import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARGON2, needsRehash } from '../../shared/domain/password-hash.ts';
import { DUMMY_HASH } from '../../shared/services/login.ts';
import {
  AUDIENCE,
  ISSUER,
  personalCredential,
  readyAdministrator,
  testApp,
  testClock,
} from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('login');

const storedUser = async (company: string, user: string) => await table.readUser(company, user);

describe('Login: the guide from the generic password to the session', () => {
  it('walks identify → generic login → forced change → login → image → identify → logout', async () => {
    // Prepare
    const app = testApp(table);
    const generic = await app.onboard({ companyCode: 'GUIDE1' });

    // Act & Assess: step 3, no image chosen yet → a decoy, shaped like any image
    const decoy = await app.call('identify', { body: { companyCode: 'guide1', userCode: 'admon' } });
    expect(decoy.status).toBe(200);
    expect(decoy.body.image).toMatchObject({
      id: expect.any(String),
      dataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    });

    // Step 4: the generic password asks for a change
    const first = await app.call('login', {
      body: { companyCode: 'GUIDE1', userCode: 'ADMON', password: generic },
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');

    // Step 5: every broken rule is reported with its own code
    const broken = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: generic, newPassword: 'guide1aaa!', confirmation: 'other' },
    });
    expect(broken.status).toBe(400);
    const codes = broken.body.errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'password_characters',
        'password_letters',
        'password_digits',
        'password_repeats',
        'password_contains_code',
        'password_confirmation_mismatch',
      ]),
    );
    const same = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: generic, newPassword: generic, confirmation: generic },
    });
    expect(same.body.errors.map((e: { code: string }) => e.code)).toContain('password_same_as_current');

    // Step 6: a valid one is accepted and ends the challenge
    const changed = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: generic, newPassword: 'Banco1234a', confirmation: 'Banco1234a' },
    });
    expect({ status: changed.status, body: changed.body }).toEqual({
      status: 200,
      body: { status: 'PASSWORD_CHANGED', next: 'LOGIN' },
    });
    const reused = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: 'Banco1234a', newPassword: 'Panam12B34', confirmation: 'Panam12B34' },
    });
    expect(reused.status).toBe(401);

    // Steps 7–8: the new password, then the image
    const second = await app.call('login', {
      body: { companyCode: 'GUIDE1', userCode: 'ADMON', password: 'Banco1234a' },
    });
    expect(second.body.status).toBe('IMAGE_REQUIRED');
    const unknownImage = await app.call('chooseImage', {
      token: second.body.challenge.token,
      body: { imageId: 'no-such' },
    });
    expect(unknownImage.status).toBe(400);
    const chosen = await app.call('chooseImage', {
      token: second.body.challenge.token,
      body: { imageId: 'bird' },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.session).toMatchObject({
      idleTimeoutSeconds: 900,
      user: { userCode: 'ADMON', role: 'admin' },
    });

    // Identify now shows the chosen image
    const identified = await app.call('identify', { body: { companyCode: 'GUIDE1', userCode: 'ADMON' } });
    expect(identified.body.image.id).toBe('bird');

    // Logout ends the session
    expect((await app.call('logout', { token: chosen.body.session.token })).status).toBe(204);
    expect((await app.call('logout', { token: chosen.body.session.token })).body.code).toBe('SESSION_ENDED');

    // The next login goes straight to a session
    const third = await app.call('login', {
      body: { companyCode: 'GUIDE1', userCode: 'ADMON', password: 'Banco1234a' },
    });
    expect(third.body.status).toBe('AUTHENTICATED');
  });

  it('gives an unknown user the same decoy every time, and a different one from another user', async () => {
    const app = testApp(table);
    const a1 = await app.call('identify', { body: { companyCode: 'NOCOMP', userCode: 'GHOST' } });
    const a2 = await app.call('identify', { body: { companyCode: 'nocomp', userCode: 'ghost' } });
    expect(a1).toEqual(a2);
    const others = await Promise.all(
      ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'].map((u) =>
        app.call('identify', { body: { companyCode: 'NOCOMP', userCode: `${u}X` } }),
      ),
    );
    expect(new Set(others.map((o) => o.body.image.id)).size).toBeGreaterThan(1);
  });
});

describe('Login: refusals look alike', () => {
  it("hashes an unknown user's password with the same Argon2id parameters as a stored one", () => {
    const { memoryKiB, passes, parallelism } = DEFAULT_ARGON2;
    expect(DUMMY_HASH.startsWith(`$argon2id$v=19$m=${memoryKiB},t=${passes},p=${parallelism}$`)).toBe(true);
    expect(needsRehash(DUMMY_HASH)).toBe(false);
  });

  it('answers unknown company, unknown user, wrong password and locked user identically', async () => {
    const app = testApp(table);
    const { password } = await readyAdministrator(app, 'SAME1');
    const refusals = [
      await app.call('login', { body: { companyCode: 'NOPE99', userCode: 'ADMON', password } }),
      await app.call('login', { body: { companyCode: 'SAME1', userCode: 'NOBODY', password } }),
      await app.call('login', { body: { companyCode: 'SAME1', userCode: 'ADMON', password: 'Wrong12Pwd' } }),
    ];
    const shape = (r: { status: number; body: Record<string, unknown> }) => ({
      ...r,
      body: { ...r.body, instance: undefined },
    });
    expect(refusals.map(shape)).toEqual([
      shape(refusals[0] as never),
      shape(refusals[0] as never),
      shape(refusals[0] as never),
    ]);
    expect(refusals[0]?.status).toBe(401);
    expect(refusals[0]?.body.code).toBe('LOGIN_FAILED');
  });

  it('refuses a disabled user with the right password, recording the real reason in the audit log', async () => {
    const app = testApp(table);
    await app.onboard({ companyCode: 'DISAB1' });
    const { login } = await app.putEndUserWithPassword(
      { companyCode: 'DISAB1', userCode: 'OPERADOR', state: 'DISABLED' },
      'Clave12Op',
    );

    const refused = await login();

    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('LOGIN_FAILED');
    const audit = await table.readAudit('DISAB1');
    expect(audit.map((i) => i.outcome)).toContain('STATE_DISABLED');
  });

  it('refuses an expired generic password like any other failure', async () => {
    const clock = testClock();
    const app = testApp(table, { clock });
    const generic = await app.onboard({ companyCode: 'EXPIR1' });
    clock.advance(72 * 3_600_000 + 1000);

    const refused = await app.call('login', {
      body: { companyCode: 'EXPIR1', userCode: 'ADMON', password: generic },
    });

    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('LOGIN_FAILED');
  });
});

describe('Login: lockout', () => {
  it('locks at exactly the threshold under 20 concurrent wrong passwords, and then refuses the right one', async () => {
    const app = testApp(table, { threshold: 3 });
    const { password } = await readyAdministrator(app, 'LOCK1');

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.call('login', {
          body: { companyCode: 'LOCK1', userCode: 'ADMON', password: `Wrong${String(i).padStart(2, '0')}ab` },
        }),
      ),
    );

    expect(results.every((r) => r.status === 401)).toBe(true);
    expect((await storedUser('LOCK1', 'ADMON'))?.credential.failedAttempts).toBe(3);
    // One audit line per refusal, exactly one of them the lockout (read by the Lockouts metric filter).
    const auditLines = app.logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.message === 'audit');
    expect(auditLines.filter((line) => line.outcome === 'WRONG_PASSWORD_NOW_LOCKED')).toHaveLength(1);
    expect(auditLines.filter((line) => line.action === 'LOGIN_REFUSED')).toHaveLength(20);
    const right = await app.call('login', { body: { companyCode: 'LOCK1', userCode: 'ADMON', password } });
    expect(right.status).toBe(401);
  });

  it('resets the counter on a successful login', async () => {
    const app = testApp(table, { threshold: 3 });
    const { password } = await readyAdministrator(app, 'LOCK2');
    await app.call('login', { body: { companyCode: 'LOCK2', userCode: 'ADMON', password: 'Wrong12abc' } });
    await app.call('login', { body: { companyCode: 'LOCK2', userCode: 'ADMON', password: 'Wrong13abc' } });

    const ok = await app.call('login', { body: { companyCode: 'LOCK2', userCode: 'ADMON', password } });

    expect(ok.body.status).toBe('AUTHENTICATED');
    expect((await storedUser('LOCK2', 'ADMON'))?.credential.failedAttempts).toBe(0);
  });
});

describe('Sessions', () => {
  it('keeps one session per user: a new login ends the previous one', async () => {
    const app = testApp(table);
    const { password, token: first } = await readyAdministrator(app, 'ONE1');

    const second = await app.call('login', { body: { companyCode: 'ONE1', userCode: 'ADMON', password } });

    expect((await app.call('logout', { token: first })).body.code).toBe('SESSION_ENDED');
    expect((await app.call('logout', { token: second.body.session.token })).status).toBe(204);
  });

  it('expires after 15 idle minutes and after 8 hours in all', async () => {
    const clock = testClock();
    const app = testApp(table, { clock });
    const { password, token } = await readyAdministrator(app, 'IDLE1');

    clock.advance(15 * 60_000 + 1000);
    expect((await app.call('logout', { token })).body.code).toBe('SESSION_EXPIRED');

    const again = await app.call('login', { body: { companyCode: 'IDLE1', userCode: 'ADMON', password } });
    for (let i = 0; i < 40; i++) {
      clock.advance(12 * 60_000);
      await app.call('changeMyPassword', {
        token: again.body.session.token,
        body: { currentPassword: 'x', newPassword: 'y', confirmation: 'y' },
      });
    }
    const late = await app.call('logout', { token: again.body.session.token });
    expect(late.status).toBe(401);
  });

  it.each([
    [
      'alg none',
      async () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"X/Y"}').toString('base64url')}.`,
    ],
    [
      'a foreign key',
      async () =>
        new SignJWT({ typ: 'session', role: 'admin' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('TOKEN1/ADMON')
          .setJti('x')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setNotBefore('0s')
          .setExpirationTime('1h')
          .sign(new Uint8Array(32).fill(7)),
    ],
    ['garbage', async () => 'not.a.token'],
  ])('refuses a session token with %s', async (_, makeToken) => {
    const app = testApp(table);
    const response = await app.call('logout', { token: await makeToken() });
    expect(response.status).toBe(401);
  });

  it('refuses a challenge token where a session is expected, and a session where a challenge is', async () => {
    const app = testApp(table);
    const generic = await app.onboard({ companyCode: 'MIX1' });
    const first = await app.call('login', {
      body: { companyCode: 'MIX1', userCode: 'ADMON', password: generic },
    });
    expect((await app.call('logout', { token: first.body.challenge.token })).status).toBe(401);
    const wrongPurpose = await app.call('chooseImage', {
      token: first.body.challenge.token,
      body: { imageId: 'bird' },
    });
    expect(wrongPurpose.body.code).toBe('CHALLENGE_INVALID');
  });
});

describe('Credentials', () => {
  it('changes my password, ends the session, and refuses the last 4 passwords', async () => {
    const app = testApp(table);
    let { password, token } = await readyAdministrator(app, 'MINE1', 'Prim12ab');
    const sequence = ['Segu23ab', 'Terc34ab', 'Cuar45ab'];
    for (const next of sequence) {
      const changed = await app.call('changeMyPassword', {
        token,
        body: { currentPassword: password, newPassword: next, confirmation: next },
      });
      expect(changed.body).toEqual({ status: 'PASSWORD_CHANGED', next: 'LOGIN' });
      expect((await app.call('logout', { token })).status).toBe(401);
      password = next;
      token = (await app.call('login', { body: { companyCode: 'MINE1', userCode: 'ADMON', password } })).body
        .session.token;
    }
    const reuse = await app.call('changeMyPassword', {
      token,
      body: { currentPassword: password, newPassword: 'Prim12ab', confirmation: 'Prim12ab' },
    });
    expect(reuse.body.errors.map((e: { code: string }) => e.code)).toEqual(['password_reused']);
  });

  it('counts a wrong current password toward the lockout', async () => {
    const app = testApp(table);
    const { token } = await readyAdministrator(app, 'MINE2');
    const wrong = await app.call('changeMyPassword', {
      token,
      body: { currentPassword: 'Wrong12abc', newPassword: 'Nuev12ab', confirmation: 'Nuev12ab' },
    });
    expect(wrong.body.errors[0]).toMatchObject({
      field: 'body.currentPassword',
      code: 'current_password_incorrect',
    });
    expect((await storedUser('MINE2', 'ADMON'))?.credential.failedAttempts).toBe(1);
  });

  it('assigns a password to a locked end user: unlocks, ends the session, forces a change at next login', async () => {
    const app = testApp(table);
    const { token, otp } = await readyAdministrator(app, 'ASSIGN1');
    await app.putEndUser({
      companyCode: 'ASSIGN1',
      userCode: 'OPERADOR',
      credential: await personalCredential('Viej12abcd', 3),
      imageId: 'bird',
    });

    const assigned = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'operador' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });

    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ userCode: 'OPERADOR', mustChangeAtNextLogin: true });
    const stored = await storedUser('ASSIGN1', 'OPERADOR');
    expect(stored?.credential).toMatchObject({ kind: 'assigned', failedAttempts: 0 });
    const login = await app.call('login', {
      body: { companyCode: 'ASSIGN1', userCode: 'OPERADOR', password: 'Asig12na' },
    });
    expect(login.body.status).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses to assign with a broken rule, to an unknown user, or to the administrator, changing nothing', async () => {
    const app = testApp(table);
    const { token, otp } = await readyAdministrator(app, 'ASSIGN2');
    await app.putEndUser({ companyCode: 'ASSIGN2', userCode: 'OPERADOR' });

    const weak = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'abc', confirmation: 'abc' },
    });
    const unknown = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'NOBODY' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });
    const admin = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'ADMON' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });

    expect(weak.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(admin.status).toBe(403);
    expect((await storedUser('ASSIGN2', 'OPERADOR'))?.credential).toBeUndefined();
  });

  it('refuses the assign route to an end user with 403', async () => {
    const app = testApp(table);
    await readyAdministrator(app, 'ASSIGN3');
    const { login } = await app.putEndUserWithPassword(
      { companyCode: 'ASSIGN3', userCode: 'OPERADOR' },
      'Clave12Op',
    );
    const session = await login();

    const refused = await app.call('assignUserPassword', {
      token: session.body.session.token,
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Asig12na', confirmation: 'Asig12na' },
    });

    expect(refused.status).toBe(403);
  });
});
