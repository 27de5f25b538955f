import { describe, expect, it } from 'vitest';
import { personalCredential, readyAdministrator, testApp, testClock } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

/**
 * Issue 16, points 4 and 5, on DynamoDB Local through the real handlers: the administrator's
 * option grants are enforced on the server for end users, and refused privileged requests and
 * exports are audited (refusals at most once per actor, route, code and minute, with a count).
 */
const table = fileTable('options');

const PASSWORD = 'Clave12Op';

async function endUser(
  app: ReturnType<typeof testApp>,
  companyCode: string,
  userCode: string,
  options: string[],
) {
  const user = await app.putEndUserWithPassword(
    { companyCode, userCode, permissions: { options, limitsCents: {}, approvals: {}, accounts: [] } },
    PASSWORD,
  );
  const login = await user.login();
  return login.body.session.token as string;
}

const auditItems = (companyCode: string) => table.readAudit(companyCode);

describe('Options on the server: "Cambio de Clave", "Solicitud BOP Token", "Cancelar BOP Token"', () => {
  it('refuses an end user granted only "Consulta" with 403 OPTION_NOT_GRANTED on each, in Spanish and English, changing nothing', async () => {
    // Prepare
    const app = testApp(table);
    await readyAdministrator(app, 'OPTS1');
    const token = await endUser(app, 'OPTS1', 'CONSUL1', ['products.inquiry']);
    const before = await table.readUser('OPTS1', 'CONSUL1');

    // Act
    const answers = {
      changeMyPassword: await app.call('changeMyPassword', {
        token,
        body: { currentPassword: PASSWORD, newPassword: 'Nuevab12', confirmation: 'Nuevab12' },
      }),
      requestToken: await app.call('requestToken', { token }),
      installToken: await app.call('installToken', { token, body: { otp: '123456' } }),
      cancelToken: await app.call('cancelToken', { token, body: { otp: '123456' } }),
    };
    const english = await app.call('requestToken', { token, headers: { 'Accept-Language': 'en' } });

    // Assess
    for (const answer of Object.values(answers)) {
      expect([answer.status, answer.body.code]).toEqual([403, 'OPTION_NOT_GRANTED']);
      expect(answer.body.title).toBe('Opción no otorgada');
    }
    expect(english.body.title).toBe('Option not granted');
    expect(await table.readUser('OPTS1', 'CONSUL1')).toEqual(before);
    // The session is intact: the user goes on with what they were granted.
    expect((await app.call('getMe', { token })).status).toBe(200);
  });

  it('lets an end user granted the options use them, and the administrator without any option', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'OPTS2', 'Banco1234a', {}, { withToken: false });
    const token = await endUser(app, 'OPTS2', 'TOKEN1', ['services.requestToken']);

    expect((await app.call('requestToken', { token })).status).toBe(201);
    // The option granted is "Solicitud BOP Token", not "Cancelar BOP Token".
    expect((await app.call('cancelToken', { token, body: { otp: '123456' } })).body.code).toBe(
      'OPTION_NOT_GRANTED',
    );
    expect((await app.call('requestToken', { token: admin.token })).status).toBe(201);
  });

  it('does not govern the forced change at first login (step 5) by "Cambio de Clave"', async () => {
    const app = testApp(table);
    await readyAdministrator(app, 'OPTS3');
    await app.putEndUser({
      companyCode: 'OPTS3',
      userCode: 'NUEVO1',
      credential: {
        ...(await personalCredential(PASSWORD)),
        kind: 'assigned',
        expiresAt: '2099-01-01T00:00:00Z',
      },
      permissions: { options: ['products.inquiry'], limitsCents: {}, approvals: {}, accounts: [] },
    });
    const first = await app.call('login', {
      body: { companyCode: 'OPTS3', userCode: 'NUEVO1', password: PASSWORD },
    });
    expect(first.body.status).toBe('PASSWORD_CHANGE_REQUIRED');

    const changed = await app.call('changeInitialPassword', {
      token: first.body.challenge.token,
      body: { currentPassword: PASSWORD, newPassword: 'Nuevab12', confirmation: 'Nuevab12' },
    });

    expect(changed.body).toEqual({ status: 'PASSWORD_CHANGED', next: 'LOGIN' });
  });
});

describe('Audit of refused privileged requests', () => {
  it('records an end user on an administrator route once per minute with a count, actor, company, IP, route and code', async () => {
    // Prepare
    const clock = testClock(new Date('2026-11-26T14:00:10Z'));
    const app = testApp(table, { clock });
    await readyAdministrator(app, 'REFU1');
    const token = await endUser(app, 'REFU1', 'OPER1', ['products.inquiry']);
    const sourceIp = '198.51.100.7';

    // Act: a flood in one minute, then one more in the next
    for (let i = 0; i < 5; i++) {
      const answer = await app.call('listUsers', { token, sourceIp });
      expect([answer.status, answer.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    await app.call('getUser', { token, sourceIp, path: { userCode: 'ADMON' } });
    clock.advance(60_000);
    await app.call('listUsers', { token, sourceIp });

    // Assess
    const refused = (await auditItems('REFU1')).filter((item) => item.action === 'REQUEST_REFUSED');
    const byRoute = refused.map((item) => [
      item.sk.slice(0, 16),
      item.route,
      item.count,
      item.target ?? null,
    ]);
    expect(byRoute.sort()).toEqual(
      [
        ['2026-11-26T14:00', 'listUsers', 5, null],
        ['2026-11-26T14:00', 'getUser', 1, 'ADMON'],
        ['2026-11-26T14:01', 'listUsers', 1, null],
      ].sort(),
    );
    expect(refused[0]).toMatchObject({
      companyCode: 'REFU1',
      actor: 'OPER1',
      outcome: 'FORBIDDEN',
      sourceIp,
      entity: 'Audit',
    });
    // The administrator sees them in the audit screen, in words, with the count.
    const admin = await app.call('login', {
      body: { companyCode: 'REFU1', userCode: 'ADMON', password: 'Banco1234a' },
    });
    const list = await app.call('listAudit', { token: admin.body.session.token, query: { pageSize: '50' } });
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ actor: 'OPER1', action: 'REQUEST_REFUSED', outcome: 'FORBIDDEN', count: 5 }),
    );
  });

  it('records an end user beyond their options, another company’s user named, and actions on the administrator', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'REFU2');
    const foreign = await readyAdministrator(app, 'REFU3');
    await app.putEndUser({ companyCode: 'REFU2', userCode: 'OPER2' });
    const token = await endUser(app, 'REFU2', 'CONSUL2', ['products.inquiry']);

    await app.call('requestToken', { token });
    await app.call('getUser', { token: foreign.token, path: { userCode: 'OPER2' } });
    const onAdmin = await app.call('assignUserPassword', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      path: { userCode: 'ADMON' },
      body: { newPassword: 'Asig12nm', confirmation: 'Asig12nm' },
    });
    expect(onAdmin.body.code).toBe('ADMINISTRATOR_NOT_TARGETABLE');

    const codes = (items: Record<string, unknown>[]) =>
      items
        .filter((item) => item.action === 'REQUEST_REFUSED')
        .map((item) => [item.actor, item.route, item.outcome, item.target ?? null]);
    expect(codes(await auditItems('REFU2')).sort()).toEqual(
      [
        ['CONSUL2', 'requestToken', 'OPTION_NOT_GRANTED', null],
        ['ADMON', 'assignUserPassword', 'ADMINISTRATOR_NOT_TARGETABLE', 'ADMON'],
      ].sort(),
    );
    // The other company's administrator is recorded in their own company: the only one their requests may write.
    expect(codes(await auditItems('REFU3'))).toEqual([['ADMON', 'getUser', 'USER_NOT_FOUND', null]]);
    // The code named stays in the record for investigation, not as a target of this company's log.
    const [foreignAttempt] = (await auditItems('REFU3')).filter((item) => item.action === 'REQUEST_REFUSED');
    expect(foreignAttempt?.request).toBe('POST /getUser');
    const lines = app.logLines
      .map((line) => JSON.parse(line))
      .filter((l) => l.message === 'privileged request refused');
    expect(lines.map((l) => l.code).sort()).toEqual(
      ['ADMINISTRATOR_NOT_TARGETABLE', 'OPTION_NOT_GRANTED', 'USER_NOT_FOUND'].sort(),
    );
  });

  it('does not audit ordinary refusals (validation), nor requests without a session', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'REFU4');
    await app.call('listUsers', { token: admin.token, query: { pageSize: 'many' } });
    await app.call('listUsers', {});
    expect((await auditItems('REFU4')).filter((item) => item.action === 'REQUEST_REFUSED')).toEqual([]);
  });
});

describe('Audit of exports', () => {
  it('records who exported the user list and the audit log, in which format, with the filter and the row count', async () => {
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'EXPO1');
    const users = await app.call('exportUsers', {
      token: admin.token,
      query: { format: 'csv', filter: 'ADM' },
    });
    const audit = await app.call('exportAudit', {
      token: admin.token,
      query: { format: 'csv', user: 'ADMON', from: '2026-01-01' },
    });
    expect([users.status, audit.status]).toEqual([200, 200]);

    const exported = (await auditItems('EXPO1')).filter((item) => String(item.action).endsWith('_EXPORTED'));
    expect(exported.map((item) => [item.action, item.actor, item.outcome, item.changes]).sort()).toEqual(
      [
        [
          'USERS_EXPORTED',
          'ADMON',
          'CSV',
          { filter: { after: { filter: 'ADM' } }, rows: { after: expect.any(Number) } },
        ],
        [
          'AUDIT_EXPORTED',
          'ADMON',
          'CSV',
          { filter: { after: { user: 'ADMON', from: '2026-01-01' } }, rows: { after: expect.any(Number) } },
        ],
      ].sort(),
    );
  });
});
