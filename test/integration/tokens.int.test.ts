import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { openSecret, tokenSecretContext } from '../../shared/auth/secret-box.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { companyKeys, userKeys } from '../../shared/data/keys.ts';
import { confirmedTransaction } from '../../shared/data/transact.ts';
import { dynamoUserStore } from '../../shared/data/users.ts';
import type { User } from '../../shared/domain/model.ts';
import { confirmWithActiveToken, otpConfirmation } from '../../shared/services/otp.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';
import { base32Decode, parseOtpauthUri, testAuthenticator, testHotp, wrongCode } from '../helpers/totp.ts';

const table = fileTable('tokens');

const rawUser = async (company: string, user: string) => await table.readUser(company, user);

/** Sets the company's settings directly in the table (the settings route has its own tests). */
const setSettings = (company: string, settings: { otpConfirmation: boolean; otpAtLogin: boolean }) =>
  table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: companyKeys.profile(company),
      UpdateExpression: 'SET settings = :s',
      ExpressionAttributeValues: { ':s': settings },
    }),
  );

const assignBody = { newPassword: 'Asig12na', confirmation: 'Asig12na' };

/** What the OTP service needs, from the test app's own table, keys and clock. */
const otpDeps = (app: ReturnType<typeof testApp>, lockoutThreshold: number) => ({
  store: app.authStore,
  keys: async () => app.keys,
  lockoutThreshold,
  now: app.clock.now,
});

/** An active end user with a personal password and an image: logs in straight to a session. */
async function endUser(app: ReturnType<typeof testApp>, companyCode: string, userCode = 'OPERADOR') {
  const { login } = await app.putEndUserWithPassword({ companyCode, userCode }, 'Clave12Op');
  const session = await login();
  return { login, token: session.body.session.token as string };
}

describe('BOP Token: request and install (step 9), then confirm an administrative action (steps 14–18)', () => {
  it('walks request → secret from the otpauth:// URI → install → assign without, with a wrong, with the right and with a replayed code', async () => {
    // Prepare
    const app = testApp(table);
    const { token } = await readyAdministrator(app, 'WALK1', 'Banco1234a', {}, { withToken: false });
    await app.putEndUser({ companyCode: 'WALK1', userCode: 'OPERADOR' });

    // Act & Assess: without a token, no administrative action at all (step 9)
    const before = await app.call('assignUserPassword', {
      token,
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('TOKEN_REQUIRED');

    // "Solicitud BOP Token": an otpauth:// URI and its QR code
    const requested = await app.call('requestToken', { token });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      state: 'REQUESTED',
      issuer: 'Banco de Occidente (Panamá)',
      account: 'WALK1-ADMON',
      algorithm: 'SHA1',
      digits: 6,
      periodSeconds: 30,
      qrCode: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    });
    const key = parseOtpauthUri(requested.body.otpauthUri);
    expect(key).toMatchObject({
      label: 'Banco de Occidente (Panamá):WALK1-ADMON',
      issuer: 'Banco de Occidente (Panamá)',
    });
    expect(key.secret.length).toBeGreaterThanOrEqual(20);
    const qr = Buffer.from(requested.body.qrCode.split(',')[1], 'base64').toString('utf8');
    expect(qr).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
    expect((await app.call('getMyToken', { token })).body.state).toBe('REQUESTED');

    // Install with the current code, computed by the test's own TOTP: the administrator's token is active at once
    const phone = testAuthenticator(key.secret, app.clock);
    const installed = await app.call('installToken', { token, body: { otp: phone.next() } });
    expect(installed.status).toBe(200);
    expect(installed.body).toMatchObject({ state: 'ACTIVE', awaitingActivation: false });

    // An administrative action without a code: the client is told to ask for it
    const noCode = await app.call('assignUserPassword', {
      token,
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });
    expect(noCode.status).toBe(428);
    expect(noCode.body).toMatchObject({
      code: 'OTP_REQUIRED',
      detail: 'Ingrese el OTP generado por su dispositivo móvil.',
    });

    // A wrong code: refused, counted on the token (not on the password)
    const code = phone.next();
    const wrong = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': wrongCode(code, phone.at(-1)) },
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('OTP_INVALID');
    expect((await rawUser('WALK1', 'ADMON'))?.token.failedCodes).toBe(1);
    expect((await rawUser('WALK1', 'ADMON'))?.credential.failedAttempts).toBe(0);
    expect((await rawUser('WALK1', 'OPERADOR'))?.credential).toBeUndefined();

    // The right code: the action is done, the counter cleared, the step stored
    const right = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': code },
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });
    expect(right.status).toBe(200);
    const admin = await rawUser('WALK1', 'ADMON');
    expect(admin?.token.failedCodes).toBe(0);
    expect(admin?.token.lastAcceptedStep).toBe(Math.floor(app.clock.now().getTime() / 30_000));

    // The same code again: refused as a replay, changing nothing
    const assignedVersion = (await rawUser('WALK1', 'OPERADOR'))?.version;
    const replay = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': code },
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Ghij34kl', confirmation: 'Ghij34kl' },
    });
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('OTP_INVALID');
    expect((await rawUser('WALK1', 'OPERADOR'))?.version).toBe(assignedVersion);

    // Every step audited
    const actions = (await table.readAudit('WALK1')).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'TOKEN_REQUESTED',
        'TOKEN_INSTALLED',
        'CONFIRMATION_OTP_REFUSED',
        'CONFIRMATION_OTP_ACCEPTED',
        'USER_PASSWORD_ASSIGNED',
      ]),
    );
  });

  it('accepts the previous step’s code, and refuses the code of two steps back and of the next step', async () => {
    const app = testApp(table);
    const { token, authenticator } = await readyAdministrator(app, 'EDGE1');
    await app.putEndUser({ companyCode: 'EDGE1', userCode: 'OPERADOR' });
    const phone = authenticator as NonNullable<typeof authenticator>;
    const passwords = ['Abcd12ef', 'Ghij34kl', 'Mnop56qr', 'Stuv78wx'];
    const assign = (code: string) => {
      const newPassword = passwords.shift() as string;
      return app.call('assignUserPassword', {
        token,
        headers: { 'X-OTP': code },
        path: { userCode: 'OPERADOR' },
        body: { newPassword, confirmation: newPassword },
      });
    };
    app.clock.advance(5 * 30_000);

    const twoBack = await assign(phone.at(-2));
    const next = await assign(phone.at(1));
    const previous = await assign(phone.at(-1));

    expect(twoBack.body.code).toBe('OTP_INVALID');
    expect(next.body.code).toBe('OTP_INVALID');
    expect(previous.status).toBe(200);
    // The current step's code is still good: it is later than the accepted one
    expect((await assign(phone.at(0))).status).toBe(200);
  });

  it('lets exactly one of two concurrent requests with one code through', async () => {
    const app = testApp(table, { threshold: 5 });
    const { token, otp } = await readyAdministrator(app, 'RACE1');
    // Two users, so that whichever request comes second (at once or, on a busy machine, after
    // the first committed) has nothing against it but the spent code.
    await app.putEndUser({ companyCode: 'RACE1', userCode: 'OPERADOR' });
    await app.putEndUser({ companyCode: 'RACE1', userCode: 'OPERADOR2' });
    const code = otp();

    const results = await Promise.all(
      ['OPERADOR', 'OPERADOR2'].map((userCode) =>
        app.call('assignUserPassword', {
          token,
          headers: { 'X-OTP': code },
          path: { userCode },
          body: assignBody,
        }),
      ),
    );

    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(results.find((r) => r.status === 403)?.body.code).toBe('OTP_INVALID');
  });

  it('accepts one code exactly once under 10 concurrent confirmations against the table', async () => {
    const app = testApp(table, { threshold: 10 });
    const { otp } = await readyAdministrator(app, 'RACE2');
    const code = otp();
    const admin = (await app.companies.getUser('RACE2', 'ADMON')) as User;
    const deps = otpDeps(app, 10);
    const origin = {
      sourceIp: '198.51.100.7',
      correlationId: 'race',
      log: createLogger({ write: () => {} }),
    };

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        confirmWithActiveToken(deps, admin, code, {
          origin,
          purpose: 'CONFIRMATION',
          lockedError: 'SESSION_ENDED',
        }),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refusals = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refusals.map((r) => r.reason.code)).toEqual(Array(9).fill('OTP_INVALID'));
  });

  it('locks the administrator’s token after the threshold of wrong codes: the session and the password go on, no code is accepted', async () => {
    const app = testApp(table, { threshold: 3 });
    const { token, password, authenticator, otp } = await readyAdministrator(app, 'LOCKOTP1');
    await app.putEndUser({ companyCode: 'LOCKOTP1', userCode: 'OPERADOR' });
    const wrong = wrongCode(
      (authenticator as NonNullable<typeof authenticator>).at(0),
      authenticator?.at(-1) ?? '',
    );

    for (let i = 0; i < 3; i++) {
      const refused = await app.call('assignUserPassword', {
        token,
        headers: { 'X-OTP': wrong },
        path: { userCode: 'OPERADOR' },
        body: assignBody,
      });
      expect(refused.body.code).toBe('OTP_INVALID');
    }

    const mine = await app.call('getMyToken', { token });
    expect(mine.status).toBe(200);
    expect(mine.body.lock).toMatchObject({ kind: 'PERMANENT' });
    const locked = await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': otp() },
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });
    expect(locked.body.code).toBe('TOKEN_LOCKED');
    const login = await app.call('login', { body: { companyCode: 'LOCKOTP1', userCode: 'ADMON', password } });
    expect(login.body.status).toBe('AUTHENTICATED');
    // A right password, and a new session, leave the token's count as it is.
    expect((await rawUser('LOCKOTP1', 'ADMON'))?.token.failedCodes).toBe(3);
    const lockAudit = (await table.readAudit('LOCKOTP1')).filter((a) => a.action === 'CREDENTIAL_LOCKED');
    expect(lockAudit.map((a) => a.outcome)).toEqual(['TOKEN']);
    expect(
      app.logLines.map((line) => JSON.parse(line)).filter((line) => line.event === 'CREDENTIAL_LOCKED'),
    ).toHaveLength(1);
  });

  it('counts at most the threshold of a burst of wrong codes sent with the right one, and refuses the right one like them once locked', async () => {
    for (const company of ['BURST1', 'BURST2', 'BURST3']) {
      const app = testApp(table, { threshold: 3 });
      const { token, otp, authenticator } = await readyAdministrator(app, company);
      await app.putEndUser({ companyCode: company, userCode: 'OPERADOR' });
      const before = await rawUser(company, 'OPERADOR');
      const right = otp();
      const previous = authenticator?.at(-1) ?? '';
      const wrong = ['000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777']
        .filter((c) => c !== right && c !== previous)
        .slice(0, 6);
      const send = (code: string) =>
        app.call('assignUserPassword', {
          token,
          headers: { 'X-OTP': code },
          path: { userCode: 'OPERADOR' },
          body: assignBody,
        });

      // The right code is sent among the wrong ones; the verdicts land on the administrator's item in any order.
      const answers = await Promise.all([
        ...wrong.slice(0, 3).map(send),
        send(right),
        ...wrong.slice(3).map(send),
      ]);

      const mine = answers[3] as (typeof answers)[number];
      const others = answers.filter((a) => a !== mine).map((a) => a.body.code);
      expect(
        others.every((code) => code === 'OTP_INVALID' || code === 'TOKEN_LOCKED'),
        company,
      ).toBe(true);
      const invalid = others.filter((code) => code === 'OTP_INVALID').length;
      const wrongAudited = (await table.readAudit(company)).filter(
        (a) => a.action === 'CONFIRMATION_OTP_REFUSED' && String(a.outcome).startsWith('WRONG_CODE'),
      );
      expect(wrongAudited).toHaveLength(invalid);
      expect((await rawUser(company, 'ADMON'))?.token?.failedCodes).toBeLessThanOrEqual(3);
      if (mine.status === 200) {
        // Accepted while unlocked: it cleared the counter, so up to 3 wrong codes before it and 3 after.
        expect(invalid).toBeLessThanOrEqual(6);
        expect((await rawUser(company, 'OPERADOR'))?.credential).toBeDefined();
      } else {
        // Refused after the lock: the same answer a wrong code gets then, and no change.
        expect(mine.body.code, company).toBe('TOKEN_LOCKED');
        expect(invalid).toBeLessThanOrEqual(3);
        expect(await rawUser(company, 'OPERADOR')).toEqual(before);
      }
    }
  });

  it('refuses a right code verified just before the token locked: the change it confirms is not made', async () => {
    const app = testApp(table, { threshold: 3 });
    const { otp } = await readyAdministrator(app, 'LATE1');
    await app.putEndUser({ companyCode: 'LATE1', userCode: 'OPERADOR' });
    const admin = (await app.companies.getUser('LATE1', 'ADMON')) as User;
    const operator = (await app.companies.getUser('LATE1', 'OPERADOR')) as User;
    const deps = otpDeps(app, 3);
    const check = {
      origin: { sourceIp: '198.51.100.7', correlationId: 'late', log: createLogger({ write: () => {} }) },
      purpose: 'CONFIRMATION',
      lockedError: 'TOKEN_LOCKED',
    } as const;

    // Verified against the item as read; a burst of wrong codes locks the token before the change lands.
    const confirmation = await otpConfirmation(deps, admin, otp(), check);
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: userKeys.profile('LATE1', 'ADMON'),
        UpdateExpression: 'SET #token.failedCodes = :locked',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':locked': 3 },
      }),
    );
    const transaction = confirmedTransaction({ codeSent: true, verify: async () => confirmation });
    const change = dynamoUserStore(table.documentClient, table.tableName).update(
      operator,
      { jobTitle: 'Changed' },
      {
        companyCode: 'LATE1',
        actor: 'ADMON',
        action: 'USER_UPDATED',
        target: 'OPERADOR',
        sourceIp: '198.51.100.7',
        correlationId: 'late',
        at: app.clock.now().toISOString(),
      },
      transaction,
    );

    await expect(change).rejects.toThrow(expect.objectContaining({ code: 'TOKEN_LOCKED' }));
    expect((await rawUser('LATE1', 'OPERADOR'))?.jobTitle).not.toBe('Changed');
    expect((await rawUser('LATE1', 'ADMON'))?.token?.lastAcceptedStep).toBe(admin.token?.lastAcceptedStep);
  });

  it('replaces a pending secret when requested again: the old one no longer installs', async () => {
    const app = testApp(table);
    const { token } = await readyAdministrator(app, 'REQ2', 'Banco1234a', {}, { withToken: false });
    const first = parseOtpauthUri((await app.call('requestToken', { token })).body.otpauthUri);
    const second = parseOtpauthUri((await app.call('requestToken', { token })).body.otpauthUri);
    expect(second.secretBase32).not.toBe(first.secretBase32);

    const withOld = await app.call('installToken', {
      token,
      body: { otp: testAuthenticator(first.secret, app.clock).at() },
    });
    const withNew = await app.call('installToken', {
      token,
      body: { otp: testAuthenticator(second.secret, app.clock).at() },
    });

    expect(withOld.body.code).toBe('OTP_INVALID');
    expect(withNew.status).toBe(200);
  });

  it('refuses bad token requests with clear problems, changing nothing', async () => {
    const app = testApp(table);
    const { token, otp } = await readyAdministrator(app, 'BAD1');
    const stored = await rawUser('BAD1', 'ADMON');

    const again = await app.call('requestToken', { token });
    const reinstall = await app.call('installToken', { token, body: { otp: otp() } });
    const malformed = await app.call('installToken', { token, body: { otp: '12 456' } });
    const extra = await app.call('cancelToken', { token, body: { otp: '123456', secret: 'x' } });

    expect([again.status, again.body.code]).toEqual([409, 'TOKEN_ALREADY_INSTALLED']);
    expect([reinstall.status, reinstall.body.code]).toEqual([409, 'TOKEN_ALREADY_INSTALLED']);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([
      { field: 'body.otp', code: 'otp_format', message: 'Debe tener 6 dígitos.' },
    ]);
    expect(extra.status).toBe(400);
    expect(await rawUser('BAD1', 'ADMON')).toEqual(stored);

    const fresh = testApp(table);
    const { token: other } = await readyAdministrator(fresh, 'BAD2', 'Banco1234a', {}, { withToken: false });
    const nothing = await fresh.call('installToken', { token: other, body: { otp: '123456' } });
    const nothingToCancel = await fresh.call('cancelToken', { token: other, body: { otp: '123456' } });
    expect([nothing.status, nothing.body.code]).toEqual([409, 'TOKEN_NOT_REQUESTED']);
    expect([nothingToCancel.status, nothingToCancel.body.code]).toEqual([404, 'TOKEN_NOT_FOUND']);
  });
});

describe('BOP Token: cancel ("Cancelar BOP Token")', () => {
  it('cancels with a current code, deletes the secret, ends administrative rights until a new token is installed', async () => {
    const app = testApp(table);
    const { token, otp, authenticator } = await readyAdministrator(app, 'CANCEL1');
    const phone = authenticator as NonNullable<typeof authenticator>;

    const wrong = await app.call('cancelToken', {
      token,
      body: { otp: wrongCode(phone.at(0), phone.at(-1)) },
    });
    expect(wrong.body.code).toBe('OTP_INVALID');
    expect((await rawUser('CANCEL1', 'ADMON'))?.token.state).toBe('ACTIVE');

    const cancelled = await app.call('cancelToken', { token, body: { otp: otp() } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('CANCELLED');
    const stored = await rawUser('CANCEL1', 'ADMON');
    expect(stored?.token.state).toBe('CANCELLED');
    expect(stored?.token.secretCiphertext).toBeUndefined();

    const settings = await app.call('getCompanySettings', { token });
    expect(settings.body.code).toBe('TOKEN_REQUIRED');

    // A new one may be requested and installed afterwards
    const newPhone = await app.enrollToken(token);
    expect((await app.call('getMyToken', { token })).body.state).toBe('ACTIVE');
    expect((await app.call('getCompanySettings', { token })).status).toBe(200);
    expect(newPhone.secret).not.toEqual(phone.secret);
  });
});

describe('BOP Token administration (step 24)', () => {
  it('lists the users with their token state, and activates and deactivates an end user’s installed token', async () => {
    // Prepare: an administrator and an end user who installs a token
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'ADM24');
    const user = await endUser(app, 'ADM24');
    await app.putEndUser({ companyCode: 'ADM24', userCode: 'CAJERO', firstName: 'MARÍA', lastName: 'GÓMEZ' });
    const userPhone = await app.enrollToken(user.token);
    expect((await app.call('getMyToken', { token: user.token })).body.state).toBe('INSTALLED');

    // Act & Assess: the list, with its conventions
    const list = await app.call('listUserTokens', { token: admin.token });
    expect(list.status).toBe(200);
    expect(
      list.body.items.map((r: { userCode: string; tokenState: string }) => [r.userCode, r.tokenState]),
    ).toEqual([
      ['ADMON', 'ACTIVE'],
      ['CAJERO', 'NONE'],
      ['OPERADOR', 'INSTALLED'],
    ]);
    expect(list.body.page).toEqual({ size: 10, number: 1, pages: 1, total: 3, from: 1, to: 3 });
    const filtered = await app.call('listUserTokens', { token: admin.token, query: { filter: 'maria' } });
    expect(filtered.body.items.map((r: { userCode: string }) => r.userCode)).toEqual(['CAJERO']);
    const installedOnly = await app.call('listUserTokens', {
      token: admin.token,
      query: { tokenState: 'INSTALLED' },
    });
    expect(installedOnly.body.items.map((r: { userCode: string }) => r.userCode)).toEqual(['OPERADOR']);
    const badPage = await app.call('listUserTokens', { token: admin.token, query: { pageSize: '7' } });
    expect(badPage.status).toBe(400);
    expect(JSON.stringify(list.body)).not.toContain('secretCiphertext');

    // Activating needs an OTP from the administrator's token
    const noCode = await app.call('setUserTokenState', {
      token: admin.token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'ACTIVE' },
    });
    expect(noCode.status).toBe(428);
    const activated = await app.call('setUserTokenState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'operador' },
      body: { state: 'ACTIVE' },
    });
    expect(activated.body).toMatchObject({ userCode: 'OPERADOR', tokenState: 'ACTIVE', changed: true });

    // With the token at login, the activated end user logs in with their code
    await setSettings('ADM24', { otpConfirmation: true, otpAtLogin: true });
    const step1 = await user.login();
    expect(step1.body.status).toBe('OTP_REQUIRED');
    const step2 = await app.call('loginOtp', {
      token: step1.body.challenge.token,
      body: { otp: userPhone.next() },
    });
    expect(step2.status).toBe(200);
    expect(step2.body.status).toBe('AUTHENTICATED');

    // Deactivated, it stops working at the user's very next confirmation
    const midLogin = await user.login();
    const deactivated = await app.call('setUserTokenState', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'OPERADOR' },
      body: { state: 'INACTIVE' },
    });
    expect(deactivated.body).toMatchObject({ tokenState: 'INACTIVE', changed: true });
    const refused = await app.call('loginOtp', {
      token: midLogin.body.challenge.token,
      body: { otp: userPhone.next() },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TOKEN_INACTIVE');
    const nextLogin = await user.login();
    expect(nextLogin.body.code).toBe('TOKEN_INACTIVE');
    expect((await rawUser('ADM24', 'OPERADOR'))?.credential.failedAttempts).toBe(0);

    const audit = await table.readAudit('ADM24');
    expect(audit.find((a) => a.action === 'TOKEN_DEACTIVATED')).toMatchObject({
      actor: 'ADMON',
      target: 'OPERADOR',
      changes: { tokenState: { before: 'ACTIVE', after: 'INACTIVE' } },
    });
  });

  it('refuses to administer the administrator’s token, an unknown user, or a user without an installed token', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'ADM24B');
    await app.putEndUser({ companyCode: 'ADM24B', userCode: 'OPERADOR' });
    const set = (userCode: string, state: string) =>
      app.call('setUserTokenState', {
        token: admin.token,
        headers: { 'X-OTP': admin.otp() },
        path: { userCode },
        body: { state },
      });

    const own = await set('ADMON', 'INACTIVE');
    const unknown = await set('NADIE', 'ACTIVE');
    const none = await set('OPERADOR', 'ACTIVE');
    const bad = await set('OPERADOR', 'DELETED');

    expect([own.status, own.body.code]).toEqual([403, 'ADMINISTRATOR_TOKEN_NOT_TARGETABLE']);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'USER_NOT_FOUND']);
    expect([none.status, none.body.code]).toEqual([409, 'TOKEN_NOT_INSTALLED']);
    // Issue 20, point 1: a bad state and a token not installed, in one answer.
    expect([bad.status, bad.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(bad.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'invalid_value',
      'TOKEN_NOT_INSTALLED',
    ]);
  });

  it('refuses the administration routes to an end user', async () => {
    const app = testApp(table);
    await readyAdministrator(app, 'ADM24C');
    const user = await endUser(app, 'ADM24C');

    expect((await app.call('listUserTokens', { token: user.token })).status).toBe(403);
    expect((await app.call('listUserTokens', { token: user.token })).body.code).toBe('FORBIDDEN');
  });
});

describe('Company settings: OTP confirmation ("si te es requerido") and token at login', () => {
  it('shows the defaults, and turns confirmation off only with a code; then actions need none', async () => {
    const app = testApp(table);
    const { token, otp } = await readyAdministrator(app, 'SET1');
    await app.putEndUser({ companyCode: 'SET1', userCode: 'OPERADOR' });

    const defaults = await app.call('getCompanySettings', { token });
    expect(defaults.body).toMatchObject({ otpConfirmation: true, otpAtLogin: false });

    const noCode = await app.call('updateCompanySettings', { token, body: { otpConfirmation: false } });
    expect(noCode.status).toBe(428);
    const empty = await app.call('updateCompanySettings', { token, headers: { 'X-OTP': otp() }, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].code).toBe('settings_empty');

    const off = await app.call('updateCompanySettings', {
      token,
      headers: { 'X-OTP': otp() },
      body: { otpConfirmation: false },
    });
    expect(off.body).toMatchObject({ otpConfirmation: false, otpAtLogin: false });
    expect(
      (await table.readAudit('SET1')).find((a) => a.action === 'COMPANY_SETTINGS_CHANGED')?.changes,
    ).toEqual({
      otpConfirmation: { before: true, after: false },
    });

    const assigned = await app.call('assignUserPassword', {
      token,
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });
    expect(assigned.status).toBe(200);
  });

  it('asks the administrator for a code at login when the company requires it', async () => {
    const app = testApp(table);
    const { token, otp, password, authenticator } = await readyAdministrator(app, 'LOGINOTP1');
    const on = await app.call('updateCompanySettings', {
      token,
      headers: { 'X-OTP': otp() },
      body: { otpAtLogin: true },
    });
    expect(on.body.otpAtLogin).toBe(true);
    const phone = authenticator as NonNullable<typeof authenticator>;

    const login = await app.call('login', {
      body: { companyCode: 'LOGINOTP1', userCode: 'ADMON', password },
    });
    expect(login.body.status).toBe('OTP_REQUIRED');
    const challenge = login.body.challenge.token;

    const wrong = await app.call('loginOtp', {
      token: challenge,
      body: { otp: wrongCode(phone.at(0), phone.at(-1)) },
    });
    expect(wrong.body.code).toBe('OTP_INVALID');
    expect((await rawUser('LOGINOTP1', 'ADMON'))?.token.failedCodes).toBe(1);

    const code = otp();
    const done = await app.call('loginOtp', { token: challenge, body: { otp: code } });
    expect(done.status).toBe(200);
    expect(done.body.session.user.userCode).toBe('ADMON');
    expect((await rawUser('LOGINOTP1', 'ADMON'))?.token.failedCodes).toBe(0);

    const reused = await app.call('loginOtp', { token: challenge, body: { otp: code } });
    expect(reused.status).toBeGreaterThanOrEqual(401);
    const again = await app.call('login', {
      body: { companyCode: 'LOGINOTP1', userCode: 'ADMON', password },
    });
    const replayed = await app.call('loginOtp', { token: again.body.challenge.token, body: { otp: code } });
    expect(replayed.body.code).toBe('OTP_INVALID');
  });

  it('lets a user without an installed token log in with the password, to request one', async () => {
    const app = testApp(table);
    await readyAdministrator(app, 'LOGINOTP2');
    await setSettings('LOGINOTP2', { otpConfirmation: true, otpAtLogin: true });
    const user = await endUser(app, 'LOGINOTP2');

    expect((await app.call('getMyToken', { token: user.token })).body.state).toBe('NONE');
  });
});

describe('BOP Token secrets: encrypted at rest, never logged', () => {
  it('stores only the AES-256-GCM envelope, bound to the owner, and never writes the secret or codes to logs or audit', async () => {
    // Prepare
    const app = testApp(table);
    const { token } = await readyAdministrator(app, 'SECRET1', 'Banco1234a', {}, { withToken: false });
    await app.putEndUser({ companyCode: 'SECRET1', userCode: 'OPERADOR' });
    app.logLines.length = 0;

    // Act
    const requested = await app.call('requestToken', { token });
    const key = parseOtpauthUri(requested.body.otpauthUri);
    const phone = testAuthenticator(key.secret, app.clock);
    const installCode = phone.next();
    await app.call('installToken', { token, body: { otp: installCode } });
    const confirmCode = phone.next();
    await app.call('assignUserPassword', {
      token,
      headers: { 'X-OTP': confirmCode },
      path: { userCode: 'OPERADOR' },
      body: assignBody,
    });

    // Assess: the raw item holds an envelope that opens only with the key outside the table, for this owner
    const item = await rawUser('SECRET1', 'ADMON');
    const sealed = item?.token.secretCiphertext as string;
    expect(sealed).toMatch(/^v1\./);
    const raw = JSON.stringify(item);
    const secretForms = [
      key.secretBase32,
      key.secret.toString('hex'),
      key.secret.toString('base64'),
      key.secret.toString('base64url'),
    ];
    for (const form of secretForms) expect(raw).not.toContain(form);
    expect(
      Buffer.from(openSecret(app.keys.totpEncryption, sealed, tokenSecretContext('SECRET1', 'ADMON'))),
    ).toEqual(key.secret);
    expect(() =>
      openSecret(app.keys.totpEncryption, sealed, tokenSecretContext('SECRET1', 'OPERADOR')),
    ).toThrow();

    // Nothing secret in the logs or the audit trail
    const logs = app.logLines.join('\n');
    expect(app.logLines.length).toBeGreaterThan(0);
    const audit = JSON.stringify(await table.readAudit('SECRET1'));
    for (const text of [logs, audit]) {
      for (const form of [...secretForms, sealed, requested.body.otpauthUri, installCode, confirmCode]) {
        expect(text).not.toContain(form);
      }
    }
    expect(base32Decode(key.secretBase32)).toEqual(key.secret);
    expect(testHotp(key.secret, 0)).toMatch(/^[0-9]{6}$/);
  });
});
