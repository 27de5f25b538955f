import { describe, expect, it } from 'vitest';
import { build as buildChangeState } from '../../functions/users/change-state.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { plainTransaction } from '../../shared/data/transact.ts';
import type { UserStore } from '../../shared/data/users.ts';
import { passwordPolicy } from '../../shared/domain/password-policy.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { addAdministrator, removeAdministrator } from '../../shared/services/administrators.ts';
import { reissueAdministratorPassword } from '../../shared/services/onboarding.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { lambdaContext, restEvent } from '../helpers/events.ts';
import { fileTable } from '../helpers/local-stack.ts';

const table = fileTable('dualcontrol');

type App = ReturnType<typeof testApp>;
const bank = {
  actor: 'BANCO',
  origin: { sourceIp: '203.0.113.1', correlationId: 'c-bank', log: createLogger({ write: () => {} }) },
  outcome: 'iam:arn:test',
  transaction: plainTransaction,
};

/** The bank adds an administrator; they log in with the e-mailed generic password, change it, choose an image and install a token. */
async function extraAdministrator(
  app: App,
  companyCode: string,
  userCode: string,
  { withToken = true } = {},
) {
  await addAdministrator(
    app.administratorDeps,
    companyCode,
    {
      userCode,
      firstName: 'SEGUNDO',
      lastName: 'ADMIN',
      email: `${userCode.toLowerCase()}@example.com`,
    },
    bank,
  );
  const generic = (app.mailbox.at(-1)?.text ?? '').match(/^ {4}(\S+)$/m)?.[1] ?? '';
  const first = await app.call('login', { body: { companyCode, userCode, password: generic } });
  await app.call('changeInitialPassword', {
    token: first.body.challenge.token,
    body: { currentPassword: generic, newPassword: 'Segu1234nd', confirmation: 'Segu1234nd' },
  });
  const second = await app.call('login', { body: { companyCode, userCode, password: 'Segu1234nd' } });
  const chosen = await app.call('chooseImage', {
    token: second.body.challenge.token,
    body: { imageId: 'anchor' },
  });
  const token = chosen.body.session.token as string;
  const authenticator = withToken ? await app.enrollToken(token) : undefined;
  return { token, otp: () => (authenticator as NonNullable<typeof authenticator>).next() };
}

/** A company with ADMON and ADMON2 (both with tokens), an end user OPERADOR, and dual control on. */
async function dualCompany(app: App, companyCode: string) {
  const admon = await readyAdministrator(app, companyCode);
  const admon2 = await extraAdministrator(app, companyCode, 'ADMON2');
  await app.putEndUser({ companyCode, userCode: 'OPERADOR' });
  const on = await app.call('updateCompanySettings', {
    token: admon.token,
    headers: { 'x-otp': admon.otp() },
    body: { dualControl: true },
  });
  expect(on.status).toBe(200);
  expect(on.body.dualControl).toBe(true);
  return { admon, admon2 };
}

const proposeDisable = (app: App, admin: { token: string; otp: () => string }, version = 1) =>
  app.call('changeUserState', {
    token: admin.token,
    headers: { 'x-otp': admin.otp() },
    path: { userCode: 'OPERADOR' },
    body: { state: 'DISABLED', version },
  });

const approve = (
  app: App,
  admin: { token: string; otp: () => string },
  changeId: string,
  userCode = 'OPERADOR',
) =>
  app.call('changeUserState', {
    token: admin.token,
    headers: { 'x-otp': admin.otp(), 'x-pending-change': changeId },
    path: { userCode },
  });

describe('Several administrators (issue 22, point 1)', () => {
  it('the bank adds a second administrator with the generic-password e-mail; dual control needs two who administer', async () => {
    const app = testApp(table);
    const admon = await readyAdministrator(app, 'VARIOS1');
    const second = await extraAdministrator(app, 'VARIOS1', 'ADMON2', { withToken: false });

    // Without a second installed token, dual control cannot be turned on
    const refused = await app.call('updateCompanySettings', {
      token: admon.token,
      headers: { 'x-otp': admon.otp() },
      body: { dualControl: true },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('DUAL_CONTROL_NEEDS_ADMINISTRATORS');

    expect(second.token).toBeTruthy();
    const list = await app.call('listAdministrators', { token: admon.token });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      principalCode: 'ADMON',
      items: [
        { userCode: 'ADMON', principal: true, tokenState: 'ACTIVE' },
        { userCode: 'ADMON2', principal: false, tokenState: 'NONE' },
      ],
    });
  });

  it('never leaves the company without an active administrator with an installed token; removing the principal hands it on', async () => {
    const app = testApp(table);
    await readyAdministrator(app, 'VARIOS2');
    const second = await extraAdministrator(app, 'VARIOS2', 'ADMON2', { withToken: false });

    // ADMON2 has no token yet: ADMON is the last who administers
    await expect(removeAdministrator(app.administratorDeps, 'VARIOS2', 'ADMON', bank)).rejects.toMatchObject({
      code: 'LAST_ADMINISTRATOR',
    });
    expect(await table.readUser('VARIOS2', 'ADMON')).toBeDefined();
    const refusal = (await table.readAudit('VARIOS2')).find(
      (e) => e.action === 'ADMINISTRATOR_REMOVAL_REFUSED',
    );
    expect(refusal).toMatchObject({ actor: 'BANCO', target: 'ADMON', outcome: 'LAST_ADMINISTRATOR' });

    // Once ADMON2 installed their own token, ADMON can go, and ADMON2 becomes the principal
    await app.enrollToken(second.token);
    const removed = await removeAdministrator(app.administratorDeps, 'VARIOS2', 'ADMON', bank);
    expect(removed).toMatchObject({ removed: true, principalCode: 'ADMON2' });
    expect(await table.readUser('VARIOS2', 'ADMON')).toBeUndefined();
    expect((await app.companies.getCompany('VARIOS2'))?.administratorCode).toBe('ADMON2');
    // ...and ADMON2, now alone, cannot be removed
    await expect(removeAdministrator(app.administratorDeps, 'VARIOS2', 'ADMON2', bank)).rejects.toMatchObject(
      {
        code: 'LAST_ADMINISTRATOR',
      },
    );
  });
});

describe('The bank re-issues the password of any administrator (issue 22)', () => {
  it('names another administrator than the principal; never an end user', async () => {
    const app = testApp(table);
    await readyAdministrator(app, 'VARIOS3');
    await extraAdministrator(app, 'VARIOS3', 'ADMON2');
    await app.putEndUser({ companyCode: 'VARIOS3', userCode: 'OPERADOR' });
    const deps = {
      store: app.companies,
      credentials: app.authStore,
      mailer: app.mailer,
      policy: passwordPolicy('bank'),
      bankName: 'Banco de Occidente (Panamá)',
      genericPasswordTtlHours: 72,
      now: app.clock.now,
    };
    const reissued = await reissueAdministratorPassword(
      deps,
      'VARIOS3',
      { ...bank.origin, actorArn: 'arn:test' },
      { userCode: 'ADMON2' },
    );
    expect(reissued).toMatchObject({ userCode: 'ADMON2', genericPassword: { emailed: true } });
    expect(app.mailbox.at(-1)?.to).toBe('admon2@example.com');
    expect((await table.readUser('VARIOS3', 'ADMON2'))?.credential).toMatchObject({ kind: 'generic' });
    await expect(
      reissueAdministratorPassword(
        deps,
        'VARIOS3',
        { ...bank.origin, actorArn: 'arn:test' },
        { userCode: 'OPERADOR' },
      ),
    ).rejects.toMatchObject({ code: 'ADMINISTRATOR_NOT_FOUND' });
  });
});

describe('Dual control (issue 22, point 2)', () => {
  it('stores a change as pending: invisible in the user until another administrator approves it with their code; the proposer cannot approve', async () => {
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL1');
    const mails = app.mailbox.length;

    const proposed = await proposeDisable(app, admon);
    expect(proposed.status).toBe(202);
    const change = proposed.body.pendingChange;
    expect(change).toMatchObject({
      routeId: 'changeUserState',
      makerCode: 'ADMON',
      state: 'PENDING_APPROVAL',
      target: { kind: 'user', userCode: 'OPERADOR', version: 1 },
      changes: { state: { before: 'ACTIVE', after: 'DISABLED' } },
    });
    // Not applied: the user is as before
    expect(await table.readUser('DUAL1', 'OPERADOR')).toMatchObject({ state: 'ACTIVE', version: 1 });
    // The other administrator is told by e-mail (no value of the change in it)
    const told = app.mailbox.slice(mails).find((m) => m.to === 'admon2@example.com');
    expect(told?.subject).toMatch(/aprobación/);
    expect(told?.text).not.toMatch(/DISABLED/);

    // The other administrator sees it, before → after
    const listed = await app.call('listPendingChanges', { token: admon2.token });
    expect(listed.body.items[0]).toMatchObject({ changeId: change.changeId, state: 'PENDING_APPROVAL' });

    // The proposer cannot approve their own change
    const own = await approve(app, admon, change.changeId);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('OWN_PENDING_CHANGE');
    expect((await table.readUser('DUAL1', 'OPERADOR'))?.state).toBe('ACTIVE');

    // Another administrator approves with their own code: applied, as that administrator's act
    const approved = await approve(app, admon2, change.changeId);
    expect(approved.status).toBe(200);
    expect(approved.headers['x-pending-change-state']).toBe('APPROVED');
    expect(await table.readUser('DUAL1', 'OPERADOR')).toMatchObject({ state: 'DISABLED', version: 2 });
    const audit = await table.readAudit('DUAL1');
    expect(audit.find((e) => e.action === 'PENDING_CHANGE_PROPOSED')).toMatchObject({
      actor: 'ADMON',
      target: 'OPERADOR',
    });
    expect(audit.find((e) => e.action === 'PENDING_CHANGE_APPROVED')).toMatchObject({
      actor: 'ADMON2',
      target: 'OPERADOR',
    });
    expect(audit.find((e) => e.action === 'PENDING_CHANGE_APPROVAL_REFUSED')).toMatchObject({
      actor: 'ADMON',
      outcome: expect.stringContaining('OWN_PENDING_CHANGE'),
    });

    // Settled: a second approval applies nothing
    const again = await approve(app, admon2, change.changeId);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PENDING_CHANGE_NOT_PENDING');
    expect((await table.readUser('DUAL1', 'OPERADOR'))?.version).toBe(2);
  });

  it('two administrators approving at once apply the change once', async () => {
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL2');
    const admon3 = await extraAdministrator(app, 'DUAL2', 'ADMON3');
    const change = (await proposeDisable(app, admon)).body.pendingChange;

    const answers = await Promise.all([
      approve(app, admon2, change.changeId),
      approve(app, admon3, change.changeId),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).toBe(409);
    expect(await table.readUser('DUAL2', 'OPERADOR')).toMatchObject({ state: 'DISABLED', version: 2 });
    const audit = await table.readAudit('DUAL2');
    expect(audit.filter((e) => e.action === 'PENDING_CHANGE_APPROVED')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'USER_STATE_CHANGED')).toHaveLength(1);
  });

  it('refuses an approval once the user changed since the proposal: the proposer must propose again', async () => {
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL3');
    const first = (await proposeDisable(app, admon)).body.pendingChange;
    const second = (
      await app.call('updateUser', {
        token: admon.token,
        headers: { 'x-otp': admon.otp() },
        path: { userCode: 'OPERADOR' },
        body: { version: 1, jobTitle: 'CONTADOR' },
      })
    ).body.pendingChange;
    expect(second.changes).toMatchObject({ jobTitle: { after: 'CONTADOR' } });

    expect((await approve(app, admon2, first.changeId)).status).toBe(200);
    const stale = await app.call('updateUser', {
      token: admon2.token,
      headers: { 'x-otp': admon2.otp(), 'x-pending-change': second.changeId },
      path: { userCode: 'OPERADOR' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('PENDING_CHANGE_STALE');
    expect((await table.readUser('DUAL3', 'OPERADOR'))?.jobTitle).toBeUndefined();
    const listed = await app.call('listPendingChanges', { token: admon.token });
    expect(listed.body.items.find((c: { changeId: string }) => c.changeId === second.changeId)).toMatchObject(
      {
        state: 'REJECTED',
        rejection: { reason: 'TARGET_CHANGED' },
      },
    );
  });

  it('an approval without a code whose change would fail at the table answers that failure, not 428, and spends nothing', async () => {
    // Arrange: the state function on the app's runtime, whose user store sees the user change
    // between the use case's read and its write (another administrator's concurrent change).
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL7');
    const change = (await proposeDisable(app, admon)).body.pendingChange;
    const real = userAdminDeps(app.runtime).users;
    const users: UserStore = {
      ...real,
      update: async (user, changes, audit, transaction, options) => {
        await table.changeUserBehind('DUAL7', 'OPERADOR');
        return real.update(user, changes, audit, transaction, options);
      },
    };
    const handler = buildChangeState({ ...userAdminDeps(app.runtime), users, notifier: app.notifier });

    // Act: the approval, without X-OTP
    const answer = await handler(
      restEvent({
        method: 'PUT',
        path: '/users/OPERADOR/state',
        pathParameters: { userCode: 'OPERADOR' },
        headers: { Authorization: `Bearer ${admon2.token}`, 'x-pending-change': change.changeId },
      }),
      lambdaContext('changeUserState'),
    );

    // Assess: the table's refusal (409), no code asked for; the change still pending, the user as it was
    expect(answer.statusCode).toBe(409);
    expect(JSON.parse(answer.body).code).not.toBe('OTP_REQUIRED');
    expect(await table.readUser('DUAL7', 'OPERADOR')).toMatchObject({ state: 'ACTIVE' });
    const listed = await app.call('listPendingChanges', { token: admon.token });
    expect(listed.body.items.find((c: { changeId: string }) => c.changeId === change.changeId)).toMatchObject(
      {
        state: 'PENDING_APPROVAL',
      },
    );
  });

  it('rejection, withdrawal and expiry end a change without applying it', async () => {
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL4');

    const rejected = (await proposeDisable(app, admon)).body.pendingChange;
    const ownReject = await app.call('rejectPendingChange', {
      token: admon.token,
      headers: { 'x-otp': admon.otp() },
      path: { changeId: rejected.changeId },
      body: {},
    });
    expect(ownReject.body.code).toBe('OWN_PENDING_CHANGE');
    const reject = await app.call('rejectPendingChange', {
      token: admon2.token,
      headers: { 'x-otp': admon2.otp() },
      path: { changeId: rejected.changeId },
      body: { reason: 'No corresponde' },
    });
    expect(reject.status).toBe(200);
    expect(reject.body.pendingChange).toMatchObject({ state: 'REJECTED', rejection: { userCode: 'ADMON2' } });
    expect((await approve(app, admon2, rejected.changeId)).body.code).toBe('PENDING_CHANGE_NOT_PENDING');

    const withdrawn = (await proposeDisable(app, admon)).body.pendingChange;
    const notMine = await app.call('withdrawPendingChange', {
      token: admon2.token,
      headers: { 'x-otp': admon2.otp() },
      path: { changeId: withdrawn.changeId },
    });
    expect(notMine.body.code).toBe('NOT_PENDING_CHANGE_PROPOSER');
    const withdraw = await app.call('withdrawPendingChange', {
      token: admon.token,
      headers: { 'x-otp': admon.otp() },
      path: { changeId: withdrawn.changeId },
    });
    expect(withdraw.body.pendingChange.state).toBe('WITHDRAWN');

    const expiring = (await proposeDisable(app, admon)).body.pendingChange;
    app.clock.advance(73 * 3_600_000);
    // Sessions do not last 73 hours: ADMON2 logs in again, with the same BOP Token
    const relogin = await app.call('login', {
      body: { companyCode: 'DUAL4', userCode: 'ADMON2', password: 'Segu1234nd' },
    });
    const late = await approve(app, { ...admon2, token: relogin.body.session.token }, expiring.changeId);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('PENDING_CHANGE_EXPIRED');
    expect(await table.readUser('DUAL4', 'OPERADOR')).toMatchObject({ state: 'ACTIVE', version: 1 });
  });

  it('turning dual control off is itself a change another administrator approves', async () => {
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL5');
    const off = await app.call('updateCompanySettings', {
      token: admon.token,
      headers: { 'x-otp': admon.otp() },
      body: { dualControl: false },
    });
    expect(off.status).toBe(202);
    expect((await app.companies.getCompany('DUAL5'))?.settings.dualControl).toBe(true);
    const approved = await app.call('updateCompanySettings', {
      token: admon2.token,
      headers: { 'x-otp': admon2.otp(), 'x-pending-change': off.body.pendingChange.changeId },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.dualControl).toBe(false);
    // Off again: changes apply at once, as before
    const direct = await proposeDisable(app, admon);
    expect(direct.status).toBe(200);
    expect((await table.readUser('DUAL5', 'OPERADOR'))?.state).toBe('DISABLED');
  });

  it('the principal administrator proposes a new administrator; another approves it, and the new one gets the generic password', async () => {
    const app = testApp(table);
    const { admon, admon2 } = await dualCompany(app, 'DUAL6');
    const byOther = await app.call('proposeAdministrator', {
      token: admon2.token,
      headers: { 'x-otp': admon2.otp() },
      body: { userCode: 'ADMON9', firstName: 'NUEVO', lastName: 'ADMIN', email: 'admon9@example.com' },
    });
    expect(byOther.status).toBe(403);
    expect(byOther.body.code).toBe('NOT_PRINCIPAL_ADMINISTRATOR');
    const proposed = await app.call('proposeAdministrator', {
      token: admon.token,
      headers: { 'x-otp': admon.otp() },
      body: { userCode: 'ADMON9', firstName: 'NUEVO', lastName: 'ADMIN', email: 'admon9@example.com' },
    });
    expect(proposed.status).toBe(202);
    expect(await table.readUser('DUAL6', 'ADMON9')).toBeUndefined();
    const approved = await app.call('proposeAdministrator', {
      token: admon2.token,
      headers: { 'x-otp': admon2.otp(), 'x-pending-change': proposed.body.pendingChange.changeId },
    });
    expect(approved.status).toBe(201);
    expect(await table.readUser('DUAL6', 'ADMON9')).toMatchObject({ role: 'admin', createdBy: 'ADMON2' });
    expect(app.mailbox.at(-1)).toMatchObject({ to: 'admon9@example.com' });
  });
});
