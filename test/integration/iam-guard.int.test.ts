import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { asRoute } from '../../infra/local/table-guard.ts';
import { sessionKeys, userKeys } from '../../shared/data/keys.ts';
import { confirmsWithOtp, type RouteId, route, routes } from '../../shared/routes.ts';
import { readyAdministrator, testApp, testClock } from '../helpers/app.ts';
import { fileTable } from '../helpers/local-stack.ts';

/**
 * Issue 19 §2, "IAM vs code": the tests run each handler as its route's function, under the
 * statements CDK grants its role (`tableGrants`, enforced by `infra/local/table-guard.ts`), so a
 * call the role would not allow fails here with AccessDeniedException as it would in AWS.
 */
const table = fileTable('iam_guard');

const PASSWORD = 'Clave12Op';
const OFFICE = '203.0.113.10';
const ELSEWHERE = '192.0.2.99';

const auditOf = (companyCode: string) => table.readAudit(companyCode);

/** What a call as `id`'s function raises, if anything. */
const asFunctionOf = async (id: RouteId, work: () => Promise<unknown>) => {
  try {
    await asRoute(route(id), work);
    return undefined;
  } catch (error) {
    return (error as Error).name;
  }
};

describe('The local IAM guard: what a role does not allow fails as in AWS', () => {
  it('refuses Scan to every route, and a read route any write outside its narrow session statements', async () => {
    // Prepare
    const doc = table.documentClient;
    const T = table.tableName;

    // Act
    const scans = await Promise.all(
      routes.map((r) => asFunctionOf(r.id, () => doc.send(new ScanCommand({ TableName: T, Limit: 1 })))),
    );
    const putUser = await asFunctionOf('getMe', () =>
      doc.send(new PutCommand({ TableName: T, Item: { ...userKeys.profile('X', 'Y'), entity: 'User' } })),
    );
    const updateOther = await asFunctionOf('getMe', () =>
      doc.send(
        new UpdateCommand({
          TableName: T,
          Key: sessionKeys.session('X', 'Y'),
          UpdateExpression: 'SET lastSeenAt = :at, #r = :r',
          ExpressionAttributeNames: { '#r': 'role' },
          ExpressionAttributeValues: { ':at': 'now', ':r': 'admin' },
        }),
      ),
    );
    const otherTable = await asFunctionOf('getMe', () =>
      doc.send(new GetCommand({ TableName: `${T}-other`, Key: userKeys.profile('X', 'Y') })),
    );
    const auditPut = await asFunctionOf('getMe', () =>
      doc.send(new PutCommand({ TableName: T, Item: { pk: 'AUDIT#X', sk: '2026#1', entity: 'Audit' } })),
    );
    const outside = await doc.send(new GetCommand({ TableName: T, Key: userKeys.profile('X', 'Y') }));

    // Assess
    expect(new Set(scans)).toEqual(new Set(['AccessDeniedException']));
    expect(putUser).toBe('AccessDeniedException');
    expect(updateOther).toBe('AccessDeniedException');
    expect(otherTable).toBe('AccessDeniedException');
    expect(auditPut).toBeUndefined();
    expect(outside.$metadata.httpStatusCode).toBe(200);
  });
});

describe('Read routes end a session the connection controls refuse (step 25), under their own role', () => {
  it.each(['getMe', 'optionsCatalog', 'getMyToken'] as const)(
    '%s: refuses with CONNECTION_IP, ends the session and audits it, in one transaction',
    async (id) => {
      // Prepare: an end user restricted to the office, logged in there.
      const company = `CIAM${id.length}${id.slice(0, 2).toUpperCase()}`;
      const app = testApp(table, { clock: testClock() });
      await readyAdministrator(app, company, 'Banco1234a', {}, { withToken: false });
      const operator = await app.putEndUserWithPassword(
        {
          companyCode: company,
          userCode: 'OPERADOR',
          connectionRules: { allowedHours: {}, allowedIps: [OFFICE] },
        },
        PASSWORD,
      );
      const login = await operator.login({ sourceIp: OFFICE });
      const session = login.body.session.token as string;
      expect((await app.call(id, { token: session, sourceIp: OFFICE })).status).toBe(200);

      // Act
      const refused = await app.call(id, { token: session, sourceIp: ELSEWHERE });
      const after = await app.call(id, { token: session, sourceIp: OFFICE });

      // Assess
      expect([refused.status, refused.body.code]).toEqual([403, 'CONNECTION_IP']);
      expect([after.status, after.body.code]).toEqual([401, 'SESSION_ENDED']);
      const stored = await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: sessionKeys.session(company, 'OPERADOR') }),
      );
      expect(stored.Item).toBeUndefined();
      const audit = (await auditOf(company)).filter((e) => e.action === 'CONNECTION_REFUSED');
      expect(audit).toMatchObject([{ outcome: 'CONNECTION_IP', actor: 'OPERADOR', sourceIp: ELSEWHERE }]);
    },
  );
});

describe('Every route under its role: a happy path and a refusal each, never a 5xx', () => {
  it('walks the route table (bank routes: through the local server, which runs every handler under the same guard, in test/e2e/onboarding and bank-ip-sets)', async () => {
    // Prepare
    const app = testApp(table, { clock: testClock() });
    const company = 'CIAMWALK';
    const admin = await readyAdministrator(app, company);
    const seen = new Map<string, number[]>();
    const call: typeof app.call = async (name, options = {}) => {
      const otp: Record<string, string> =
        confirmsWithOtp(route(name)) && !options.headers?.['X-OTP'] ? { 'X-OTP': admin.otp() } : {};
      const answer = await app.call(name, { ...options, headers: { ...otp, ...options.headers } });
      seen.set(name, [...(seen.get(name) ?? []), answer.status]);
      return answer;
    };
    const token = admin.token;
    const bad = { token, body: { unexpected: true } };

    // Act: public and challenge routes
    await call('passwordRules');
    await call('listAntiphishingImages');
    await call('identify', { body: { companyCode: company, userCode: 'ADMON' } });
    await call('identify', { body: {} });
    await call('login', { body: { companyCode: company, userCode: 'ADMON', password: 'Wrong1234a' } });
    await call('changeInitialPassword', { token: 'not-a-token', body: {} });
    await call('chooseImage', { token: 'not-a-token', body: { imageId: 'anchor' } });
    await call('loginOtp', { token: 'not-a-token', body: { otp: '123456' } });
    // Session routes of the administrator
    await call('getMe', { token });
    await call('getMe', { token: 'not-a-token' });
    await call('optionsCatalog', { token });
    await call('optionsCatalog');
    await call('getMyToken', { token });
    await call('getMyToken');
    await call('companyAccounts', { token });
    await call('companyAccounts');
    const created = await call('createUser', {
      token,
      body: {
        userCode: 'OPERADOR',
        firstName: 'JUAN',
        lastName: 'PEREZ',
        jobTitle: 'ANALISTA',
        email: 'PRUEBA@CORREO.COM',
        profile: 'OPERATOR',
        options: 'ALL',
        limits: {},
        approvals: {},
        accounts: 'ALL',
      },
    });
    await call('createUser', bad);
    const file = {
      format: 'csv',
      content: Buffer.from(
        'Código de usuario,Nombre,Apellido,Cargo,Correo electrónico,Perfil,Opciones,Cuentas\r\nLOTE1,ANA,GOMEZ,CONTADORA,ana@correo.com,Operador,ALL,ALL\r\n',
      ).toString('base64'),
    };
    await call('validateUserImport', { token, body: file });
    await call('validateUserImport', bad);
    await call('importUsers', { token, body: file });
    await call('importUsers', bad);
    await call('listUsers', { token, query: {} });
    await call('listUsers', { token, query: { page: 'x' } });
    await call('getUser', { token, path: { userCode: 'OPERADOR' } });
    await call('getUser', { token, path: { userCode: 'NADIE' } });
    await call('updateUser', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { version: created.body.user.version, jobTitle: 'GERENTE' },
    });
    await call('updateUser', { ...bad, path: { userCode: 'OPERADOR' } });
    const user = (await call('getUser', { token, path: { userCode: 'OPERADOR' } })).body;
    await call('assignUserPassword', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { newPassword: 'Clave1234b', confirmation: 'Clave1234b' },
    });
    await call('assignUserPassword', { ...bad, path: { userCode: 'OPERADOR' } });
    const current = (await call('getUser', { token, path: { userCode: 'OPERADOR' } })).body;
    await call('changeUserState', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { state: 'DISABLED', version: current.user?.version ?? current.version ?? user.version },
    });
    await call('changeUserState', { ...bad, path: { userCode: 'OPERADOR' } });
    await call('listAudit', { token, query: {} });
    await call('listAudit', { token, query: { user: '!' } });
    await call('exportUsers', { token, query: { format: 'csv' } });
    await call('exportUsers', { token, query: { format: 'doc' } });
    await call('exportAudit', { token, query: { format: 'csv' } });
    await call('exportAudit', { token, query: { format: 'doc' } });
    await call('listUserTokens', { token, query: {} });
    await call('listUserTokens');
    await call('setUserTokenState', { token, path: { userCode: 'OPERADOR' }, body: { state: 'ACTIVE' } });
    await call('setUserTokenState', { ...bad, path: { userCode: 'OPERADOR' } });
    await call('resetUserToken', { token, path: { userCode: 'OPERADOR' } });
    await call('resetUserToken', { token, path: { userCode: 'NADIE' } });
    await call('getCompanySettings', { token });
    await call('getCompanySettings');
    await call('updateCompanySettings', { token, body: { otpConfirmation: true } });
    await call('updateCompanySettings', { token, body: {} });
    const rules = (await call('getCompanyConnectionRules', { token })).body;
    await call('getCompanyConnectionRules');
    await call('setCompanyConnectionRules', {
      token,
      body: { version: rules.version, allowedHours: {}, allowedIps: [] },
    });
    await call('setCompanyConnectionRules', bad);
    const userRules = (await call('getUserConnectionRules', { token, path: { userCode: 'OPERADOR' } })).body;
    await call('getUserConnectionRules', { token, path: { userCode: 'NADIE' } });
    await call('setUserConnectionRules', {
      token,
      path: { userCode: 'OPERADOR' },
      body: { version: userRules.version, allowedHours: {}, allowedIps: [OFFICE] },
    });
    await call('setUserConnectionRules', { ...bad, path: { userCode: 'OPERADOR' } });
    await call('removeUserConnectionRules', { token, path: { userCode: 'OPERADOR' } });
    await call('removeUserConnectionRules', { token, path: { userCode: 'OPERADOR' } });
    // Several administrators and dual control (the decisions' happy paths: dual-control.int.test.ts)
    await call('listAdministrators', { token });
    await call('listAdministrators');
    await call('proposeAdministrator', {
      token,
      body: { userCode: 'ADMON2', firstName: 'SEGUNDO', lastName: 'ADMIN', email: 'admon2@correo.com' },
    });
    await call('proposeAdministrator', bad);
    await call('listPendingChanges', { token });
    await call('listPendingChanges');
    await call('rejectPendingChange', { token, path: { changeId: 'NOEXISTE' }, body: {} });
    await call('withdrawPendingChange', { token, path: { changeId: 'NOEXISTE' } });
    await call('requestToken', { token: 'not-a-token' });
    await call('installToken', { token, body: { otp: 'x' } });
    await call('cancelToken', { token, body: { otp: 'x' } });
    await call('changeMyPassword', { token, body: { currentPassword: 'x' } });
    await call('changeMyPassword', {
      token,
      body: { currentPassword: admin.password, newPassword: 'Nueva1234b', confirmation: 'Nueva1234b' },
    });
    const again = await call('login', {
      body: { companyCode: company, userCode: 'ADMON', password: 'Nueva1234b' },
    });
    const fresh = again.body.session?.token as string;
    await call('cancelToken', { token: fresh, body: { otp: admin.otp() } });
    await call('logout', { token: fresh });
    await call('logout', { token: fresh });

    // Assess: no call failed on the server side (an AccessDenied is a 500), and every route
    // but the bank's was both answered and refused.
    const failures = [...seen].filter(([, statuses]) => statuses.some((s) => s >= 500));
    expect(failures).toEqual([]);
    const walked = routes.filter((r) => r.access !== 'bank').map((r) => r.id);
    // Happy paths walked elsewhere under the same guard: readyAdministrator's (login, image, token)
    // and test/integration/tokens.int.test.ts's (the OTP at login, a user's token state).
    const happyElsewhere = new Set([
      'login',
      'changeInitialPassword',
      'chooseImage',
      'requestToken',
      'installToken',
      'loginOtp',
      'setUserTokenState',
    ]);
    // Static answers to anyone: nothing to refuse.
    const neverRefused = new Set(['passwordRules', 'listAntiphishingImages']);
    // Walked, happy and refused, under the same guard by their own file
    // (test/integration/entitlements.int.test.ts: capture, approve, reject, withdraw, lists).
    // (test/integration/dual-control.int.test.ts: a pending change rejected and withdrawn, happy and refused).
    const walkedInOwnFile = new Set<string>([
      ...routes.filter((r) => r.tag === 'entitlements').map((r) => r.id),
      'rejectPendingChange',
      'withdrawPendingChange',
    ]);
    const incomplete = walked.filter((id) => {
      if (walkedInOwnFile.has(id)) return false;
      const statuses = seen.get(id) ?? [];
      const answered = happyElsewhere.has(id) || statuses.some((s) => s < 400);
      const refused = neverRefused.has(id) || statuses.some((s) => s >= 400 && s < 500);
      return statuses.length === 0 || !answered || !refused;
    });
    expect(incomplete.map((id) => `${id}: ${seen.get(id)}`)).toEqual([]);
  });
});
