import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { companyKeys, sessionKeys, userKeys } from '../../shared/data/keys.ts';
import type { ConnectionRules } from '../../shared/domain/model.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { readyAdministrator, testApp, testClock } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('controls');

/** Routes the administrator confirms with a code from the BOP Token. */
const CONFIRMED = new Set([
  'setCompanyConnectionRules',
  'setUserConnectionRules',
  'removeUserConnectionRules',
]);
const PASSWORD = 'Clave12Op';
/** Thursday 26 November 2026, 09:00 in Panama (the test clock's start). */
const START = new Date('2026-11-26T09:00:00-05:00');
const OFFICE = '203.0.113.10';
const ELSEWHERE = '192.0.2.99';

/**
 * A company with a ready administrator (BOP Token installed) whose `call` sends a fresh OTP
 * on confirmed routes, and an active end user OPERADOR with a personal password and an image,
 * so a login gives a session straight away. `setCompanyRules` and `setUserRules` (OPERADOR's)
 * set rules as the administrator does, on the version just read.
 */
async function companyWithOperator(companyCode: string) {
  const clock = testClock(START);
  const app = testApp(table, { clock });
  const admin = await readyAdministrator(app, companyCode);
  const operator = await app.putEndUserWithPassword({ companyCode, userCode: 'OPERADOR' }, PASSWORD);
  const call: typeof app.call = (name, options = {}) =>
    app.call(
      name,
      CONFIRMED.has(name) ? { ...options, headers: { 'X-OTP': admin.otp(), ...options.headers } } : options,
    );
  const login = (sourceIp: string, password?: string) => operator.login({ sourceIp, password });
  const setCompanyRules = async (rules: ConnectionRules) => {
    const { version } = (await call('getCompanyConnectionRules', { token: admin.token })).body;
    return call('setCompanyConnectionRules', { token: admin.token, body: { version, ...rules } });
  };
  const setUserRules = async (rules: ConnectionRules) => {
    const path = { userCode: 'OPERADOR' };
    const { version } = (await call('getUserConnectionRules', { token: admin.token, path })).body;
    return call('setUserConnectionRules', { token: admin.token, path, body: { version, ...rules } });
  };
  return { app: { ...app, call }, adminToken: admin.token, clock, login, setCompanyRules, setUserRules };
}

const item = async (key: Record<string, string>) =>
  (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: key }))).Item;

const auditOf = (companyCode: string) => table.readAudit(companyCode);

const officeHoursThursday = { THU: [{ from: '08:00', to: '09:30' }] };

describe('Connection controls: the company-wide rules (step 25, "a nivel general")', () => {
  it('starts with no restriction, in Panama time', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CCGET1');

    // Act
    const shown = await app.call('getCompanyConnectionRules', { token: adminToken });

    // Assess
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      timeZone: 'America/Panama',
      rules: { allowedHours: {}, allowedIps: [] },
    });
  });

  it('sets the rules with an OTP, canonical, bumping the version, audited with before and after', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CCSET1');
    const { version } = (await app.call('getCompanyConnectionRules', { token: adminToken })).body;

    // Act
    const set = await app.call('setCompanyConnectionRules', {
      token: adminToken,
      body: {
        version,
        allowedHours: {
          FRI: [{ from: '08:00', to: '12:00' }],
          MON: [{ from: '22:00', to: '02:00', crossesMidnight: true }],
        },
        allowedIps: ['203.0.113.0/24', '2001:DB8::/32'],
      },
    });

    // Assess
    expect(set.status).toBe(200);
    const expected = {
      allowedHours: {
        MON: [{ from: '22:00', to: '02:00', crossesMidnight: true }],
        FRI: [{ from: '08:00', to: '12:00' }],
      },
      allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
    };
    expect(set.body).toEqual({ timeZone: 'America/Panama', rules: expected, version: version + 1 });
    const shown = await app.call('getCompanyConnectionRules', { token: adminToken });
    expect(shown.body.rules).toEqual(expected);
    expect(Object.keys(shown.body.rules.allowedHours)).toEqual(['MON', 'FRI']);
    const audit = (await auditOf('CCSET1')).find((e) => e.action === 'COMPANY_CONNECTION_RULES_CHANGED');
    expect(audit).toMatchObject({
      actor: 'ADMON',
      changes: { connectionRules: { before: null, after: expected } },
    });
  });

  it('asks for the OTP (428) and changes nothing without it', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CCOTP1');
    const before = await item(companyKeys.profile('CCOTP1'));

    // Act
    const refused = await app.call('setCompanyConnectionRules', {
      token: adminToken,
      headers: { 'X-OTP': '' },
      body: { version: before?.version, allowedHours: {}, allowedIps: ['203.0.113.0/24'] },
    });

    // Assess
    expect(refused.status).toBe(428);
    expect(refused.body.code).toBe('OTP_REQUIRED');
    expect(await item(companyKeys.profile('CCOTP1'))).toEqual(before);
  });

  it('answers 409 VERSION_CONFLICT to a version that is no longer current, changing nothing', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CCVER1');
    const { version } = (await app.call('getCompanyConnectionRules', { token: adminToken })).body;
    await app.call('setCompanyConnectionRules', {
      token: adminToken,
      body: { version, allowedHours: {}, allowedIps: ['203.0.113.0/24'] },
    });

    // Act
    const stale = await app.call('setCompanyConnectionRules', {
      token: adminToken,
      body: { version, allowedHours: {}, allowedIps: ['198.51.100.0/24'] },
    });

    // Assess
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await item(companyKeys.profile('CCVER1')))?.connectionRules.allowedIps).toEqual([
      '203.0.113.0/24',
    ]);
  });

  it('refuses bad addresses and windows with one 400 naming each field and rule, changing nothing', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CCBAD1');
    const before = await item(companyKeys.profile('CCBAD1'));
    const auditsBefore = (await auditOf('CCBAD1')).length;

    // Act
    const refused = await app.call('setCompanyConnectionRules', {
      token: adminToken,
      body: {
        version: before?.version,
        allowedHours: {
          MON: [{ from: '17:00', to: '09:00' }],
          TUE: [{ from: '09:00', to: '17:00', crossesMidnight: true }],
          FUN: [{ from: '09:00', to: '17:00' }],
        },
        allowedIps: [
          '203.0.113.256',
          '203.0.113.0/33',
          '2001:db8::/129',
          '::ffff:203.0.113.5',
          '203.0.113.5/24',
        ],
      },
    });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['body.allowedHours.MON.0', 'window_end_before_start'],
      ['body.allowedHours.TUE.0.crossesMidnight', 'window_not_crossing_midnight'],
      ['body.allowedHours.FUN', 'unknown_weekday'],
      ['body.allowedIps.0', 'ip_format'],
      ['body.allowedIps.1', 'ip_prefix_out_of_range'],
      ['body.allowedIps.2', 'ip_prefix_out_of_range'],
      ['body.allowedIps.3', 'ip_v4_mapped'],
      ['body.allowedIps.4', 'ip_host_bits'],
    ]);
    expect(refused.body.errors[4].message).toBe('El prefijo del rango debe estar entre 0 y 32.');
    expect(await item(companyKeys.profile('CCBAD1'))).toEqual(before);
    // Refused in validation, before the confirmation: not even the OTP was spent.
    expect(await auditOf('CCBAD1')).toHaveLength(auditsBefore);
  });

  it('refuses too many entries and malformed times (400), changing nothing', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CCBAD2');
    const before = await item(companyKeys.profile('CCBAD2'));
    const window = { from: '09:00', to: '10:00' };

    // Act
    const refused = await app.call('setCompanyConnectionRules', {
      token: adminToken,
      body: {
        version: before?.version,
        allowedHours: { MON: [window, window, window, window, window], TUE: [{ from: '9:00', to: '24:01' }] },
        allowedIps: Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`),
      },
    });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['body.allowedHours.MON', 'too_many_items'],
        ['body.allowedHours.TUE.0.from', 'time_format'],
        ['body.allowedHours.TUE.0.to', 'time_format'],
        ['body.allowedIps', 'too_many_items'],
      ]),
    );
    expect(await item(companyKeys.profile('CCBAD2'))).toEqual(before);
  });

  it('stores rules that restrict nothing as no rules', async () => {
    // Prepare
    const { app, adminToken, setCompanyRules } = await companyWithOperator('CCNONE');
    const { version } = (await setCompanyRules({ allowedHours: {}, allowedIps: ['203.0.113.0/24'] })).body;

    // Act
    const cleared = await app.call('setCompanyConnectionRules', {
      token: adminToken,
      body: { version, allowedHours: {}, allowedIps: [] },
    });

    // Assess
    expect(cleared.status).toBe(200);
    expect((await item(companyKeys.profile('CCNONE')))?.connectionRules).toBeUndefined();
  });
});

describe('Connection controls: one end user’s rules (step 25, "para un usuario final")', () => {
  it('sets the user’s own rules with an OTP, which then govern the user, audited on the user', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CUSET1');
    const { version } = (
      await app.call('getUserConnectionRules', { token: adminToken, path: { userCode: 'operador' } })
    ).body;

    // Act
    const set = await app.call('setUserConnectionRules', {
      token: adminToken,
      path: { userCode: 'OPERADOR' },
      body: { version, allowedHours: {}, allowedIps: [OFFICE] },
    });

    // Assess
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      userCode: 'OPERADOR',
      timeZone: 'America/Panama',
      rules: { allowedHours: {}, allowedIps: [OFFICE] },
      source: 'user',
      version: version + 1,
    });
    expect((await item(userKeys.profile('CUSET1', 'OPERADOR')))?.connectionRules).toEqual({
      allowedHours: {},
      allowedIps: [OFFICE],
    });
    const audit = (await auditOf('CUSET1')).find((e) => e.action === 'USER_CONNECTION_RULES_CHANGED');
    expect(audit).toMatchObject({ actor: 'ADMON', target: 'OPERADOR' });
  });

  it('says the company’s rules apply to a user without rules of their own', async () => {
    // Prepare
    const { app, adminToken, setCompanyRules } = await companyWithOperator('CUGET1');
    await setCompanyRules({ allowedHours: {}, allowedIps: [OFFICE] });

    // Act
    const shown = await app.call('getUserConnectionRules', {
      token: adminToken,
      path: { userCode: 'OPERADOR' },
    });

    // Assess
    expect(shown.body).toMatchObject({ userCode: 'OPERADOR', rules: null, source: 'company' });
  });

  it('removes the user’s own rules with an OTP (204); removing them again is 404 CONNECTION_RULES_NOT_FOUND', async () => {
    // Prepare
    const { app, adminToken, setUserRules } = await companyWithOperator('CUDEL1');
    await setUserRules({ allowedHours: {}, allowedIps: [OFFICE] });

    // Act
    const removed = await app.call('removeUserConnectionRules', {
      token: adminToken,
      path: { userCode: 'OPERADOR' },
    });
    const again = await app.call('removeUserConnectionRules', {
      token: adminToken,
      path: { userCode: 'OPERADOR' },
    });

    // Assess
    expect(removed.status).toBe(204);
    expect((await item(userKeys.profile('CUDEL1', 'OPERADOR')))?.connectionRules).toBeUndefined();
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('CONNECTION_RULES_NOT_FOUND');
    expect((await auditOf('CUDEL1')).map((e) => e.action)).toContain('USER_CONNECTION_RULES_REMOVED');
  });

  it('refuses rules for a user of another company as an unknown user (404), changing nothing there', async () => {
    // Prepare
    const mine = await companyWithOperator('CUMINE');
    await companyWithOperator('CUOTHR');
    const before = await item(userKeys.profile('CUOTHR', 'OPERADOR'));
    await mine.app.putEndUser({ companyCode: 'CUOTHR', userCode: 'AJENO' });

    // Act
    const refused = await mine.app.call('setUserConnectionRules', {
      token: mine.adminToken,
      path: { userCode: 'AJENO' },
      body: { version: 1, allowedHours: {}, allowedIps: [OFFICE] },
    });

    // Assess
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('USER_NOT_FOUND');
    expect((await item(userKeys.profile('CUOTHR', 'AJENO')))?.connectionRules).toBeUndefined();
    expect(await item(userKeys.profile('CUOTHR', 'OPERADOR'))).toEqual(before);
  });

  it('refuses rules for the administrator (403): the bank-wide rules govern the administrator', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CUADM1');

    // Act
    const refused = await app.call('setUserConnectionRules', {
      token: adminToken,
      path: { userCode: 'ADMON' },
      body: { version: 1, allowedHours: {}, allowedIps: [OFFICE] },
    });

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ADMINISTRATOR_NOT_TARGETABLE');
  });

  it('refuses bad rules for a user (400), changing nothing on the user', async () => {
    // Prepare
    const { app, adminToken } = await companyWithOperator('CUBAD1');
    const before = await item(userKeys.profile('CUBAD1', 'OPERADOR'));

    // Act
    const refused = await app.call('setUserConnectionRules', {
      token: adminToken,
      path: { userCode: 'OPERADOR' },
      body: {
        version: before?.version,
        allowedHours: { SUN: [{ from: '23:00', to: '01:00' }] },
        allowedIps: ['::ffff:10.0.0.1'],
      },
    });

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { code: string }) => e.code)).toEqual([
      'window_end_before_start',
      'ip_v4_mapped',
    ]);
    expect(await item(userKeys.profile('CUBAD1', 'OPERADOR'))).toEqual(before);
  });
});

describe('Connection controls: enforcement at login', () => {
  async function withOwnIpRule(companyCode: string) {
    const company = await companyWithOperator(companyCode);
    await company.setUserRules({ allowedHours: {}, allowedIps: ['203.0.113.0/28'] });
    return company;
  }

  it('lets the user in from an allowed address', async () => {
    // Prepare
    const { login } = await withOwnIpRule('CLIP01');

    // Act
    const allowed = await login(OFFICE);

    // Assess
    expect(allowed.status).toBe(200);
    expect(allowed.body.status).toBe('AUTHENTICATED');
  });

  it('refuses the right password from another address with 403 CONNECTION_IP, audited, without counting a failure', async () => {
    // Prepare
    const { login } = await withOwnIpRule('CLIP02');

    // Act
    const refused = await login(ELSEWHERE);

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CONNECTION_IP', title: 'Dirección IP no permitida' });
    const user = await item(userKeys.profile('CLIP02', 'OPERADOR'));
    expect(user?.credential.failedAttempts).toBe(0);
    expect(await item(sessionKeys.session('CLIP02', 'OPERADOR'))).toBeUndefined();
    const audit = (await auditOf('CLIP02')).find((e) => e.action === 'LOGIN_REFUSED');
    expect(audit).toMatchObject({ outcome: 'CONNECTION_IP', sourceIp: ELSEWHERE, target: 'OPERADOR' });
  });

  it('answers a wrong password from a refused address with the generic LOGIN_FAILED', async () => {
    // Prepare
    const { login } = await withOwnIpRule('CLIP03');

    // Act
    const refused = await login(ELSEWHERE, 'Clave12Xx');

    // Assess
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('LOGIN_FAILED');
  });

  it('refuses a login outside the company’s hours with 403 CONNECTION_HOURS, in English when asked', async () => {
    // Prepare
    const { app, clock, setCompanyRules } = await companyWithOperator('CLHR01');
    await setCompanyRules({ allowedHours: officeHoursThursday, allowedIps: [] });
    clock.set(new Date('2026-11-26T09:30:00-05:00'));

    // Act
    const refused = await app.call('login', {
      body: { companyCode: 'CLHR01', userCode: 'OPERADOR', password: PASSWORD },
      headers: { 'Accept-Language': 'en' },
    });

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CONNECTION_HOURS', title: 'Outside the allowed hours' });
  });

  it('lets the user’s own rule replace the company’s', async () => {
    // Prepare: the company allows only the office; the user only home.
    const { login, setCompanyRules, setUserRules } = await companyWithOperator('CLREP1');
    await setCompanyRules({ allowedHours: {}, allowedIps: [OFFICE] });
    await setUserRules({ allowedHours: {}, allowedIps: ['2001:db8:cafe::/48'] });

    // Act
    const fromOffice = await login(OFFICE);
    const fromHome = await login('2001:db8:cafe:1::20');

    // Assess
    expect(fromOffice.body.code).toBe('CONNECTION_IP');
    expect(fromHome.body.status).toBe('AUTHENTICATED');
  });

  it('never applies to the administrator, who logs in and administers outside the hours and from any address', async () => {
    // Prepare
    const { app, clock, setCompanyRules } = await companyWithOperator('CLADM1');
    await setCompanyRules({ allowedHours: officeHoursThursday, allowedIps: [OFFICE] });
    clock.set(new Date('2026-11-26T23:00:00-05:00'));

    // Act
    const login = await app.call('login', {
      body: { companyCode: 'CLADM1', userCode: 'ADMON', password: 'Banco1234a' },
      sourceIp: ELSEWHERE,
    });
    const shown = await app.call('getCompanyConnectionRules', {
      token: login.body.session?.token,
      sourceIp: ELSEWHERE,
    });

    // Assess
    expect(login.body.status).toBe('AUTHENTICATED');
    expect(shown.status).toBe(200);
  });
});

describe('Connection controls: enforcement on every request', () => {
  it('ends a session started inside the window when the window ends (injected clock)', async () => {
    // Prepare: Thursday 08:00–09:30 and 09:40–12:00; the user logs in at 09:00 and keeps working.
    const { app, clock, login, setCompanyRules } = await companyWithOperator('CSWIN1');
    const twoWindows = { THU: [...officeHoursThursday.THU, { from: '09:40', to: '12:00' }] };
    await setCompanyRules({ allowedHours: twoWindows, allowedIps: [] });
    clock.set(new Date('2026-11-26T09:00:00-05:00'));
    const session = (await login(OFFICE)).body.session.token as string;
    const me = () => app.call('getMe', { token: session, sourceIp: OFFICE });
    for (const time of ['09:10:00', '09:20:00', '09:29:59']) {
      clock.set(new Date(`2026-11-26T${time}-05:00`));
      expect((await me()).status).toBe(200);
    }

    // Act
    clock.set(new Date('2026-11-26T09:30:00-05:00'));
    const atTheEnd = await me();
    clock.set(new Date('2026-11-26T09:40:00-05:00'));
    const nextWindow = await me();

    // Assess
    expect(atTheEnd.status).toBe(403);
    expect(atTheEnd.body.code).toBe('CONNECTION_HOURS');
    expect(await item(sessionKeys.session('CSWIN1', 'OPERADOR'))).toBeUndefined();
    // The next window does not bring the session back: it ended; the user logs in again.
    expect(nextWindow.status).toBe(401);
    expect(nextWindow.body.code).toBe('SESSION_ENDED');
    expect((await login(OFFICE)).body.status).toBe('AUTHENTICATED');
    const audit = (await auditOf('CSWIN1')).filter((e) => e.action === 'CONNECTION_REFUSED');
    expect(audit).toMatchObject([{ outcome: 'CONNECTION_HOURS', actor: 'OPERADOR', target: 'OPERADOR' }]);
  });

  it('applies a rule change on the user’s next request, not the next login', async () => {
    // Prepare: the user is working from elsewhere when the administrator restricts them to the office.
    const { app, login, setUserRules } = await companyWithOperator('CSCHG1');
    const session = (await login(ELSEWHERE)).body.session.token as string;
    expect((await app.call('getMe', { token: session, sourceIp: ELSEWHERE })).status).toBe(200);
    await setUserRules({ allowedHours: {}, allowedIps: [OFFICE] });

    // Act
    const next = await app.call('getMe', { token: session, sourceIp: ELSEWHERE });

    // Assess
    expect(next.status).toBe(403);
    expect(next.body.code).toBe('CONNECTION_IP');
    expect(await item(sessionKeys.session('CSCHG1', 'OPERADOR'))).toBeUndefined();
  });

  it('takes the address from the request context, never from X-Forwarded-For', async () => {
    // Prepare
    const { app, login, setUserRules } = await companyWithOperator('CSXFF1');
    await setUserRules({ allowedHours: {}, allowedIps: [OFFICE] });

    // Act
    const spoofed = await app.call('login', {
      body: { companyCode: 'CSXFF1', userCode: 'OPERADOR', password: PASSWORD },
      sourceIp: ELSEWHERE,
      headers: { 'X-Forwarded-For': OFFICE },
    });

    // Assess
    expect(spoofed.body.code).toBe('CONNECTION_IP');
    expect((await login(OFFICE)).body.status).toBe('AUTHENTICATED');
  });

  it('also refuses a login step (the forced password change) from an address the rules exclude', async () => {
    // Prepare: a user with an assigned password gets the change-password challenge at the office.
    const { app, setCompanyRules } = await companyWithOperator('CSCHL1');
    await app.putEndUser({
      companyCode: 'CSCHL1',
      userCode: 'NUEVO',
      credential: {
        passwordHash: await hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 }),
        kind: 'assigned',
        expiresAt: '2026-12-31T00:00:00Z',
        failedAttempts: 0,
        history: [],
        changedAt: '2026-11-01T00:00:00Z',
      },
    });
    await setCompanyRules({ allowedHours: {}, allowedIps: [OFFICE] });
    const first = await app.call('login', {
      body: { companyCode: 'CSCHL1', userCode: 'NUEVO', password: PASSWORD },
      sourceIp: OFFICE,
    });
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');

    // Act
    const elsewhere = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      sourceIp: ELSEWHERE,
      body: { currentPassword: PASSWORD, newPassword: 'Nueva12ab', confirmation: 'Nueva12ab' },
    });

    // Assess
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('CONNECTION_IP');
    expect((await item(userKeys.profile('CSCHL1', 'NUEVO')))?.credential.kind).toBe('assigned');
  });
});
