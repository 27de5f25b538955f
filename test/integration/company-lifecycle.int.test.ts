import { describe, expect, it } from 'vitest';
import { createLogger } from '../../shared/core/logger.ts';
import { type CompanyAdminStore, dynamoCompanyAdminStore } from '../../shared/data/company-admin.ts';
import { VersionConflictError } from '../../shared/data/errors.ts';
import { decide } from '../../shared/domain/entitlements.ts';
import { companyLifecycleDeps } from '../../shared/runtime/company-lifecycle.ts';
import {
  addAccounts,
  changeAdministrator,
  getCompany,
  listCompanies,
  removeAccount,
  setSuspension,
} from '../../shared/services/company-lifecycle.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { newUserBody } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('company_lifecycle');

type App = ReturnType<typeof testApp>;

const origin = (lines: string[] = []) => ({
  actorArn: 'arn:aws:iam::123456789012:role/back-office',
  sourceIp: '203.0.113.9',
  correlationId: 'c-bank',
  log: createLogger({ write: (line) => lines.push(line) }),
});

/** The bank's company routes' dependencies on the app's runtime, with another admin store if given. */
const lifecycle = (app: App, admin?: CompanyAdminStore) => ({
  ...companyLifecycleDeps(app.runtime),
  ...(admin ? { admin } : {}),
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined).catch((error) => error);

/** An administrator with two accounts; end users created through the API with the given accounts. */
async function companyWithUsers(app: App, companyCode: string, users: Record<string, unknown>) {
  const admin = await readyAdministrator(app, companyCode, 'Banco1234a', {
    accounts: [
      { number: '2000000001', type: 'CHECKING' },
      { number: '2000000002', type: 'SAVINGS' },
    ],
  });
  for (const [userCode, accounts] of Object.entries(users)) {
    const created = await app.call('createUser', {
      token: admin.token,
      headers: { 'X-OTP': admin.otp() },
      body: newUserBody(userCode, { accounts, options: 'ALL' }),
    });
    expect(created.status).toBe(201);
  }
  return admin;
}

describe('The bank’s companies after onboarding: list and get (issue 18, point 2)', () => {
  it('pages through companies in code order, and shows one with its administrator', async () => {
    // Prepare
    const app = testApp(table);
    for (const code of ['LSTA', 'LSTB', 'LSTC']) await app.onboard({ companyCode: code });
    const deps = lifecycle(app);

    // Act
    const first = await listCompanies(deps, { pageSize: 2, after: 'LST' });
    const second = await listCompanies(deps, { pageSize: 2, after: first.nextAfter });
    const one = await getCompany(deps, 'LSTB');

    // Assess
    expect(first.items.map((c) => c.companyCode).slice(0, 2)).toEqual(['LSTA', 'LSTB']);
    expect(first.nextAfter).toBe('LSTB');
    expect(second.items.map((c) => c.companyCode)).toContain('LSTC');
    expect(one).toMatchObject({
      companyCode: 'LSTB',
      administrator: { userCode: 'ADMON', email: 'admon@corporativ.example', state: 'ACTIVE' },
    });
    expect(one.accounts).toHaveLength(2);
    expect(await failure(getCompany(deps, 'NOEXISTE'))).toMatchObject({ code: 'COMPANY_NOT_FOUND' });
  });
});

describe('Accounts after onboarding (issue 18, point 2)', () => {
  it('adds accounts: a user granted "Incluir todas" holds them at once; one granted a list does not', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await companyWithUsers(app, 'ADDACC', { TODAS: 'ALL', UNA: ['2000000001'] });

    // Act
    const added = await addAccounts(
      lifecycle(app),
      'ADDACC',
      [{ number: '2000000009', type: 'SAVINGS', currency: 'USD' }],
      origin(),
    );

    // Assess
    expect(added.changed).toBe(true);
    const all = await app.call('getUser', { token: admin.token, path: { userCode: 'TODAS' } });
    expect(all.body).toMatchObject({ allAccounts: true, allOptions: true });
    expect(all.body.accounts).toEqual(['2000000001', '2000000002', '2000000009']);
    const one = await app.call('getUser', { token: admin.token, path: { userCode: 'UNA' } });
    expect(one.body).toMatchObject({ allAccounts: false, accounts: ['2000000001'] });
    const company = await app.companies.getCompany('ADDACC');
    const decision = (userCode: string) =>
      app.companies
        .getUser('ADDACC', userCode)
        .then((user) =>
          decide(
            { companyCode: 'ADDACC', userCode, optionId: 'products.inquiry', account: '2000000009' },
            company,
            user,
            { now: app.clock.now(), lockoutThreshold: 3 },
          ),
        );
    // (Both are still Pendiente: only the account's reason tells them apart.)
    expect((await decision('TODAS')).reasons).not.toContain('ACCOUNT_NOT_GRANTED');
    expect((await decision('UNA')).reasons).toContain('ACCOUNT_NOT_GRANTED');
    const audit = (await table.readAudit('ADDACC')).find((e) => e.action === 'COMPANY_ACCOUNTS_ADDED');
    expect(audit?.changes.accounts.after).toContain('2000000009');
  });

  it('refuses a repeated, an existing account and more than 50, changing nothing', async () => {
    // Prepare
    const app = testApp(table);
    await app.onboard({ companyCode: 'ADDBAD' });
    const deps = lifecycle(app);
    const account = (number: string) => ({ number, type: 'CHECKING' as const, currency: 'USD' });

    // Act
    const repeated = await failure(
      addAccounts(deps, 'ADDBAD', [account('3000000001'), account('3000000001')], origin()),
    );
    const existing = await failure(addAccounts(deps, 'ADDBAD', [account('1000000001')], origin()));
    const many = Array.from({ length: 49 }, (_, i) => account(`31000000${String(i).padStart(2, '0')}`));
    const tooMany = await failure(addAccounts(deps, 'ADDBAD', many, origin()));
    const unknown = await failure(addAccounts(deps, 'NOEXISTE', [account('3000000001')], origin()));

    // Assess
    expect(repeated).toMatchObject({ code: 'DUPLICATE_ACCOUNT' });
    expect(existing).toMatchObject({ code: 'ACCOUNT_EXISTS' });
    expect(tooMany).toMatchObject({ code: 'TOO_MANY_ACCOUNTS' });
    expect(unknown).toMatchObject({ code: 'COMPANY_NOT_FOUND' });
    expect((await app.companies.getCompany('ADDBAD'))?.version).toBe(1);
  });

  it('removes an account from the company and from every user’s grant in one consistent change, audited per user', async () => {
    // Prepare
    const app = testApp(table);
    await companyWithUsers(app, 'QUITA', { TODAS: 'ALL', UNA: ['2000000001'], OTRA: ['2000000002'] });

    // Act
    const removed = await removeAccount(lifecycle(app), 'QUITA', '2000000001', origin());

    // Assess
    expect(removed).toMatchObject({ changed: true, usersChanged: 2 });
    expect((await app.companies.getCompany('QUITA'))?.accounts.map((a) => a.number)).toEqual(['2000000002']);
    expect((await table.readUser('QUITA', 'TODAS'))?.permissions).toMatchObject({
      accounts: ['2000000002'],
      allAccounts: true,
    });
    expect((await table.readUser('QUITA', 'UNA'))?.permissions.accounts).toEqual([]);
    expect((await table.readUser('QUITA', 'OTRA'))?.permissions.accounts).toEqual(['2000000002']);
    const revoked = (await table.readAudit('QUITA')).filter((e) => e.action === 'USER_ACCOUNT_REVOKED');
    expect(revoked.map((e) => e.target).sort()).toEqual(['TODAS', 'UNA']);
    expect(revoked.find((e) => e.target === 'UNA')?.changes).toEqual({
      accounts: { before: ['2000000001'], after: [] },
    });
  });

  it('changes nothing at all when one user changed meanwhile (the removal is all or nothing)', async () => {
    // Prepare: a user's version moves between the removal's read and its write
    const app = testApp(table);
    await companyWithUsers(app, 'QUITB', { UNA: ['2000000001'], DOS: ['2000000001'] });
    const real = dynamoCompanyAdminStore(table.documentClient, table.tableName);
    const racing: CompanyAdminStore = {
      ...real,
      async changeCompany(company, change, audit, rewrites) {
        await table.changeUserBehind('QUITB', 'DOS');
        return real.changeCompany(company, change, audit, rewrites);
      },
    };

    // Act
    const refused = await failure(removeAccount(lifecycle(app, racing), 'QUITB', '2000000001', origin()));

    // Assess: the data layer's conflict, which the problem responder answers 409 VERSION_CONFLICT
    expect(refused).toBeInstanceOf(VersionConflictError);
    expect((await app.companies.getCompany('QUITB'))?.accounts).toHaveLength(2);
    expect((await table.readUser('QUITB', 'UNA'))?.permissions.accounts).toEqual(['2000000001']);
    expect((await table.readAudit('QUITB')).filter((e) => e.action === 'USER_ACCOUNT_REVOKED')).toEqual([]);
  });

  it('decides again from a fresh read when another bank change lands between its read and its write', async () => {
    // Prepare: the company is suspended after the addition read it, before it writes
    const app = testApp(table);
    await app.onboard({ companyCode: 'FRESCA', accounts: [{ number: '2000000001', type: 'CHECKING' }] });
    const real = dynamoCompanyAdminStore(table.documentClient, table.tableName);
    let writes = 0;
    const racing: CompanyAdminStore = {
      ...real,
      async changeCompany(company, change, audit, rewrites) {
        writes += 1;
        if (writes === 1) await setSuspension(lifecycle(app), 'FRESCA', true, 'Revisión', origin());
        return real.changeCompany(company, change, audit, rewrites);
      },
    };

    // Act
    const added = await addAccounts(
      lifecycle(app, racing),
      'FRESCA',
      [{ number: '2000000002', type: 'SAVINGS', currency: 'USD' }],
      origin(),
    );

    // Assess: both changes stand, each written and audited once
    const company = await app.companies.getCompany('FRESCA');
    expect(writes).toBe(2);
    expect(company?.accounts.map((a) => a.number)).toEqual(['2000000001', '2000000002']);
    expect(company?.suspension?.reason).toBe('Revisión');
    expect(added).toMatchObject({ changed: true, version: company?.version });
    const actions = (await table.readAudit('FRESCA')).map((e) => e.action);
    expect(actions.filter((a) => a === 'COMPANY_ACCOUNTS_ADDED')).toHaveLength(1);
    expect(actions.filter((a) => a === 'COMPANY_SUSPENDED')).toHaveLength(1);
  });

  it('answers the two changes of one company sent at once, neither refused', async () => {
    // Prepare
    const app = testApp(table);
    await app.onboard({ companyCode: 'DOBLE', accounts: [{ number: '2000000001', type: 'CHECKING' }] });
    const deps = lifecycle(app);

    // Act
    const [added, suspended] = await Promise.all([
      addAccounts(deps, 'DOBLE', [{ number: '2000000002', type: 'SAVINGS', currency: 'USD' }], origin()),
      setSuspension(deps, 'DOBLE', true, 'Revisión', origin()),
    ]);

    // Assess
    expect([added.changed, suspended.changed]).toEqual([true, true]);
    const company = await app.companies.getCompany('DOBLE');
    expect(company?.accounts).toHaveLength(2);
    expect(company?.suspension).toBeDefined();
  });

  it('refuses an unknown account and the last one', async () => {
    // Prepare
    const app = testApp(table);
    await app.onboard({ companyCode: 'QUITC', accounts: [{ number: '2000000001', type: 'CHECKING' }] });

    // Act & Assess
    expect(await failure(removeAccount(lifecycle(app), 'QUITC', '2999999999', origin()))).toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    expect(await failure(removeAccount(lifecycle(app), 'QUITC', '2000000001', origin()))).toMatchObject({
      code: 'LAST_ACCOUNT',
    });
  });
});

describe('The administrator’s name and e-mail (issue 18, point 2)', () => {
  it('changes the e-mail, audited; nothing given is refused; the same values change nothing', async () => {
    // Prepare
    const app = testApp(table);
    await app.onboard({ companyCode: 'CAMBIA' });
    const deps = lifecycle(app);

    // Act
    const changed = await changeAdministrator(deps, 'CAMBIA', { email: 'nueva@cambia.example' }, origin());
    const same = await changeAdministrator(deps, 'CAMBIA', { email: 'nueva@cambia.example' }, origin());
    const nothing = await failure(changeAdministrator(deps, 'CAMBIA', {}, origin()));

    // Assess
    expect(changed.changed).toBe(true);
    expect(same.changed).toBe(false);
    expect(nothing).toMatchObject({ code: 'NOTHING_TO_CHANGE' });
    expect((await table.readUser('CAMBIA', 'ADMON'))?.email).toBe('nueva@cambia.example');
    const entry = (await table.readAudit('CAMBIA')).find((e) => e.action === 'ADMINISTRATOR_CHANGED');
    expect(entry).toMatchObject({
      actor: 'BANCO',
      target: 'ADMON',
      changes: { email: { before: 'admon@corporativ.example', after: 'nueva@cambia.example' } },
    });
  });
});

describe('Suspension (issue 18, point 2)', () => {
  it('refuses a live session on its next request and every login while suspended; the reason audited, the administrator told; reactivation restores', async () => {
    // Prepare
    const app = testApp(table);
    const admin = await readyAdministrator(app, 'SUSP1', 'Banco1234a', { language: 'en' });
    const operador = await app.putEndUserWithPassword(
      { companyCode: 'SUSP1', userCode: 'OPERADOR' },
      'Clave12Op',
    );
    const user = await operador.login();
    app.mailbox.length = 0;

    // Act
    const suspended = await setSuspension(
      lifecycle(app),
      'SUSP1',
      true,
      'Revisión de cumplimiento',
      origin(),
    );

    // Assess
    expect(suspended.changed).toBe(true);
    const adminNext = await app.call('listUsers', { token: admin.token });
    expect(adminNext.status).toBe(403);
    expect(adminNext.body.code).toBe('COMPANY_SUSPENDED');
    expect((await app.call('getMe', { token: user.body.session.token })).body.code).toBe('COMPANY_SUSPENDED');
    const login = await operador.login();
    expect(login.body.code).toBe('COMPANY_SUSPENDED');
    const wrong = await operador.login({ password: 'Mala12Op' });
    expect(wrong.body.code).toBe('LOGIN_FAILED');
    const entry = (await table.readAudit('SUSP1')).find((e) => e.action === 'COMPANY_SUSPENDED');
    expect(entry?.changes).toEqual({
      suspended: { before: false, after: true },
      reason: { after: 'Revisión de cumplimiento' },
    });
    expect(app.mailbox.map((m) => [m.to, m.subject])).toEqual([
      ['admon@corporativ.example', 'Banco de Occidente (Panamá): Your company was suspended'],
    ]);
    const company = await app.companies.getCompany('SUSP1');
    const operator = await app.companies.getUser('SUSP1', 'OPERADOR');
    expect(
      decide(
        { companyCode: 'SUSP1', userCode: 'OPERADOR', optionId: 'services.changePassword' },
        company,
        operator,
        { now: app.clock.now(), lockoutThreshold: 3 },
      ).reasons,
    ).toContain('COMPANY_SUSPENDED');
    // Suspending again changes nothing; reactivation lets the users in again
    expect((await setSuspension(lifecycle(app), 'SUSP1', true, 'Otra vez', origin())).changed).toBe(false);
    await setSuspension(lifecycle(app), 'SUSP1', false, 'Revisión concluida', origin());
    const again = await operador.login();
    expect(again.status).toBe(200);
    expect((await app.call('listUsers', { token: admin.token })).status).toBe(200);
  });

  it('keeps the suspension when the e-mail fails', async () => {
    // Prepare
    const app = testApp(table);
    await app.onboard({ companyCode: 'SUSP2' });
    app.mail.down = true;
    const lines: string[] = [];

    // Act
    const suspended = await setSuspension(lifecycle(app), 'SUSP2', true, 'Orden judicial', origin(lines));

    // Assess
    expect(suspended.changed).toBe(true);
    expect((await app.companies.getCompany('SUSP2'))?.suspension).toMatchObject({ reason: 'Orden judicial' });
    expect(lines.filter((line) => line.includes('"event":"NOTIFICATION_FAILED"'))).toHaveLength(1);
  });
});
