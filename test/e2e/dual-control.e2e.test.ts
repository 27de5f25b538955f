import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { httpApi } from '../assurance/support/http-api.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';

// Several administrators and dual control over HTTP on the local stack (docs/administrators.md):
// the bank onboards a company with two administrators, each walks the guide with their own
// generic password and BOP Token, and a change proposed by one applies only when the other approves.
let stack: LocalStack;
let api: ReturnType<typeof httpApi>;
beforeAll(async () => {
  // BOP Token codes: the clock is moved to a fresh step, never waited for (support/http-api.ts).
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  stack = await startTestStack('e2e_dual_control');
  api = httpApi(stack);
}, 120_000);
afterAll(async () => {
  vi.useRealTimers();
  await stack?.stop();
});

const COMPANY = 'DUALE2E';

describe('Dual control on the local stack', () => {
  it('onboards two administrators, and applies a proposed change only on the other one’s approval', async () => {
    // Prepare: the bank onboards the company with a second administrator; both get a generic password
    const onboarded = await api.expectStatus(
      api.call('onboardCompany', {
        bank: true,
        body: {
          companyCode: COMPANY,
          legalName: 'Dual Control, S.A.',
          accounts: [{ number: '6100000001', type: 'CHECKING' }],
          administrator: {
            userCode: 'ADMON',
            firstName: 'ANA',
            lastName: 'PRINCIPAL',
            email: 'admon@duale2e.example',
          },
          administrators: [
            { userCode: 'ADMON2', firstName: 'LUIS', lastName: 'SEGUNDO', email: 'admon2@duale2e.example' },
          ],
        },
      }),
      201,
      'onboard',
    );
    expect(onboarded.body.administrators).toMatchObject([
      { userCode: 'ADMON2', genericPassword: { emailed: true } },
    ]);
    // OTP confirmation off (codes are checked against the current and previous step only, and
    // this walk does not wait for the clock): the codes' part is on DynamoDB Local, dual-control.int.test.ts.
    const admon = await api.readyAdministrator(COMPANY, await api.mailedPassword('admon@duale2e.example'));
    const second = await api.loginThroughChallenges(
      COMPANY,
      'ADMON2',
      await api.mailedPassword('admon2@duale2e.example'),
    );
    const admon2Token = await api.chooseImage(second.imageChallenge);
    await api.installToken(admon2Token);

    const created = await api.call('createUser', {
      token: admon.token,
      body: {
        userCode: 'OPERDC',
        firstName: 'OPE',
        lastName: 'RADOR',
        jobTitle: 'ANALISTA',
        email: 'operdc@example.com',
        profile: 'OPERATOR',
        options: ['products.inquiry'],
        accounts: 'ALL',
      },
    });
    expect(created.status).toBe(201);
    const on = await api.call('updateCompanySettings', {
      token: admon2Token,
      body: { dualControl: true },
    });
    expect(on.status).toBe(200);

    // Act: ADMON proposes to disable OPERDC
    const proposed = await api.call('changeUserState', {
      token: admon.token,
      path: { userCode: 'OPERDC' },
      body: { state: 'DISABLED', version: created.body.user.version },
    });

    // Assess: stored, not applied; ADMON2 sees it; ADMON cannot approve it
    expect(proposed.status).toBe(202);
    const changeId = proposed.body.pendingChange.changeId as string;
    const before = await api.call('getUser', { token: admon2Token, path: { userCode: 'OPERDC' } });
    expect(before.body.state).toBe('PENDING');
    const listed = await api.call('listPendingChanges', { token: admon2Token });
    expect(listed.body.items[0]).toMatchObject({ changeId, makerCode: 'ADMON', state: 'PENDING_APPROVAL' });
    const own = await api.call('changeUserState', {
      token: admon.token,
      headers: { 'X-Pending-Change': changeId },
      path: { userCode: 'OPERDC' },
    });
    expect(own.status).toBe(403);

    // ADMON2 approves, over HTTP and without a body: applied
    const approved = await api.call('changeUserState', {
      token: admon2Token,
      headers: { 'X-Pending-Change': changeId },
      path: { userCode: 'OPERDC' },
    });
    expect(approved.status).toBe(200);
    const after = await api.call('getUser', { token: admon.token, path: { userCode: 'OPERDC' } });
    expect(after.body.state).toBe('DISABLED');
    const mine = await api.call('listPendingChanges', { token: admon.token });
    expect(mine.body.items.find((c: { changeId: string }) => c.changeId === changeId).state).toBe('APPROVED');

    // The bank cannot remove ADMON2 and ADMON both: the second removal is the last one
    const first = await api.call('removeAdministrator', {
      bank: true,
      path: { companyCode: COMPANY, userCode: 'ADMON2' },
    });
    expect(first.status).toBe(200);
    const last = await api.call('removeAdministrator', {
      bank: true,
      path: { companyCode: COMPANY, userCode: 'ADMON' },
    });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('LAST_ADMINISTRATOR');
  });
});
