import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBankRoute } from '../../infra/local/bank-client.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';

// The maker-checker walk on the local system (docs/entitlements.md): the demo company's end
// users are seeded, and the transactional module's capture (what `npm run bank -- capture`
// sends) registers an operation that needs the Operador's two approvals.
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack('entitlements_walk', { seed: true });
}, 120_000);
afterAll(async () => stack?.stop());

describe('The demo company on the local stack', () => {
  it('has an Operador, a Supervisor and an Ambos, and takes a capture that needs two approvals', async () => {
    expect(stack.demoEndUsers.map((u) => `${u.userCode}:${u.profile}`)).toEqual([
      'OPERA:OPERATOR',
      'SUPERV:SUPERVISOR',
      'AMBOS:BOTH',
    ]);
    const opera = stack.demoEndUsers[0] as { password: string };
    const login = await fetch(new URL('/auth/login', stack.apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ companyCode: 'CORPORATIV', userCode: 'OPERA', password: opera.password }),
    });
    expect(login.status).toBe(200);

    const decision = await callBankRoute(stack.apiUrl, stack.bankKey, 'decideEntitlements', {
      body: {
        companyCode: 'CORPORATIV',
        userCode: 'SUPERV',
        optionId: 'transfers.ownAccounts',
        action: 'APPROVE',
      },
    });
    expect(decision.body).toMatchObject({ decision: 'ALLOW', limit: '100000.00' });
    const captured = await callBankRoute(stack.apiUrl, stack.bankKey, 'captureOperation', {
      headers: { 'Idempotency-Key': 'walk-capture-0000000001' },
      body: {
        companyCode: 'CORPORATIV',
        makerCode: 'OPERA',
        optionId: 'transfers.ownAccounts',
        account: '2010000001',
        amount: '1500.00',
        currency: 'USD',
        reference: 'WALK-1',
        digest: 'c'.repeat(64),
      },
    });
    expect(captured.status).toBe(201);
    expect(captured.body).toMatchObject({ operation: { state: 'PENDING_APPROVAL', requiredApprovals: 2 } });
  });
});
