import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBankRoute } from '../../infra/local/bank-client.ts';
import { localDynamoDbClient } from '../../infra/local/dynamodb.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { enrollTokenOverHttp, firstLoginOverHttp } from '../helpers/http.ts';
import type { LocalStack } from '../helpers/local-stack.ts';
import type { TestAuthenticator } from '../helpers/totp.ts';
import {
  type Browser,
  checkScreen,
  confirmWithOtp,
  type Lang,
  menu,
  openPortal,
  type Page,
  poll,
  portalLogIn,
  skipAfterFailure,
  startPortalStack,
} from './browser.ts';

/*
 * The maker-checker walk in a real browser (docs/entitlements.md, "Walking it locally"): the
 * demo company's OPERA (Operador), SUPERV (Supervisor) and AMBOS (Ambos) are seeded, their first
 * login, image and BOP Token done over the API, their tokens activated as ADMON would. The
 * transactional module captures through the service route; SUPERV approves in Spanish, AMBOS —
 * who does not see its own capture — gives the second approval in English; OPERA sees the state.
 * Codes are computed from each token's secret; the process clock moves to the next 30-second
 * step when a new code is needed (test/helpers/totp.ts), never waited for.
 */

const COMPANY = 'CORPORATIV';
const PASSWORDS: Record<string, string> = { OPERA: 'Sierra47', SUPERV: 'Bosque58', AMBOS: 'Lomita36' };

describe('Portal: operations to approve and my operations', () => {
  let stack: LocalStack;
  let browser: Browser;
  let stop: () => Promise<void>;
  const pages: Page[] = [];
  const problems: string[] = [];
  const tokens = new Map<string, TestAuthenticator>();
  let walkOperation: string;
  let ambosOperation: string;

  /**
   * A seeded end user from the assigned password to an ACTIVE BOP Token: the forced change,
   * the image, the token requested and installed over the API, activated in the table.
   */
  async function readyEndUser(userCode: string, assigned: string): Promise<void> {
    const session = await firstLoginOverHttp(stack.apiUrl, {
      companyCode: COMPANY,
      userCode,
      temporary: assigned,
      password: PASSWORDS[userCode] as string,
      imageId: 'bird',
    });
    const { authenticator } = await enrollTokenOverHttp(stack.apiUrl, session);
    tokens.set(userCode, authenticator);
    // ADMON's activation (step 24) has its own browser test: set it directly.
    const client = localDynamoDbClient(stack.dynamoEndpoint);
    try {
      await DynamoDBDocumentClient.from(client).send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: userKeys.profile(COMPANY, userCode),
          UpdateExpression: 'SET #token.#state = :active',
          ExpressionAttributeNames: { '#token': 'token', '#state': 'state' },
          ExpressionAttributeValues: { ':active': 'ACTIVE' },
        }),
      );
    } finally {
      client.destroy();
    }
  }

  /** What the transactional module sends (`npm run bank -- capture`). */
  async function capture(makerCode: string, reference: string): Promise<string> {
    const answer = await callBankRoute(stack.apiUrl, stack.bankKey, 'captureOperation', {
      headers: { 'Idempotency-Key': `web-${reference}-0000000001` },
      body: {
        companyCode: COMPANY,
        makerCode,
        optionId: 'transfers.ownAccounts',
        account: '2010000001',
        amount: '1500.00',
        currency: 'USD',
        reference,
        digest: 'd'.repeat(64),
      },
    });
    if (answer.status !== 201) throw new Error(`capture refused: ${JSON.stringify(answer.body)}`);
    return (answer.body as { operation: { operationId: string } }).operation.operationId;
  }

  /** A browser of its own for the user, logged in with the portal's login screen. */
  async function logIn(userCode: string, lang: Lang): Promise<Page> {
    const page = await openPortal(browser, problems, stack.apiUrl, { lang, pages });
    await portalLogIn(
      page,
      { companyCode: COMPANY, userCode, password: PASSWORDS[userCode] as string },
      lang,
    );
    return page;
  }

  const rowOf = (page: Page, reference: string) => page.getByRole('row', { name: new RegExp(reference) });
  const status = (page: Page) => page.locator('main [role="status"]').first();

  skipAfterFailure(() => pages.map((page, index) => [`ops-${index}`, page]));

  beforeAll(async () => {
    ({ stack, browser, stop } = await startPortalStack('web_operations', { seed: true }));
    for (const user of stack.demoEndUsers) await readyEndUser(user.userCode, user.password);
    walkOperation = await capture('OPERA', 'WEB-WALK-1');
    ambosOperation = await capture('AMBOS', 'WEB-AMBOS-1');
  }, 180_000);

  afterAll(() => stop?.());

  it('SUPERV approves in Spanish with the BOP Token code dialog; one of two approvals', async () => {
    // Prepare
    const superv = await logIn('SUPERV', 'es');

    // Act
    await menu(superv, 'Operaciones por aprobar');
    await poll(() => superv.getByRole('heading', { level: 1 }).textContent()).toBe('Operaciones por aprobar');
    await poll(() => rowOf(superv, 'WEB-WALK-1').textContent()).toContain('Pendiente de aprobación');
    const walk = (await rowOf(superv, 'WEB-WALK-1').textContent()) ?? '';
    expect(walk).toContain('OPERA');
    expect(walk).toContain('0 / 2');
    expect(walk).toContain('USD 1,500.00');
    expect(await rowOf(superv, 'WEB-AMBOS-1').count()).toBe(1);
    expect(await superv.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining(['Referencia', 'Capturada por', 'Monto', 'Aprobaciones', 'Estado']),
    );
    await checkScreen(superv, 'ops-pending-es');
    await rowOf(superv, 'WEB-WALK-1').click();
    await superv.getByRole('button', { name: 'Aprobar', exact: true }).click();
    await confirmWithOtp(superv, tokens.get('SUPERV')?.next() ?? '', { screen: 'ops-approve-otp-es' });

    // Assess
    await poll(() => status(superv).textContent()).toContain(
      'Operación WEB-WALK-1: Pendiente de aprobación.',
    );
    // Approved by SUPERV: no longer among the operations SUPERV may approve.
    await poll(() => rowOf(superv, 'WEB-WALK-1').count()).toBe(0);
    await checkScreen(superv, 'ops-pending-after-es');
  });

  it('AMBOS does not see its own capture, and gives the second approval in English', async () => {
    // Prepare
    const ambos = await logIn('AMBOS', 'en');

    // Act
    await menu(ambos, 'Operations to approve');
    await poll(() => rowOf(ambos, 'WEB-WALK-1').textContent()).toContain('1 / 2');

    // Assess: its own capture is not approvable by it
    expect(await rowOf(ambos, 'WEB-AMBOS-1').count()).toBe(0);
    expect(await ambos.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining(['Reference', 'Captured by', 'Amount', 'Approvals', 'State']),
    );
    expect(await rowOf(ambos, 'WEB-WALK-1').textContent()).toContain('USD 1,500.00');
    await checkScreen(ambos, 'ops-pending-en');

    // Act: its only row is selected on arrival; selecting it again keeps it
    await rowOf(ambos, 'WEB-WALK-1').click();
    await ambos.getByRole('button', { name: 'Approve', exact: true }).click();
    await confirmWithOtp(ambos, tokens.get('AMBOS')?.next() ?? '', {
      lang: 'en',
      screen: 'ops-approve-otp-en',
    });

    // Assess
    await poll(() => status(ambos).textContent()).toContain('Operation WEB-WALK-1: Approved.');
    await poll(() => rowOf(ambos, 'WEB-WALK-1').count()).toBe(0);

    // Its own capture is among "My operations", pending
    await menu(ambos, 'My operations');
    await poll(() => rowOf(ambos, 'WEB-AMBOS-1').textContent()).toContain('Pending approval');
    await checkScreen(ambos, 'ops-mine-ambos-en');
  });

  it('OPERA sees the approved operation in "My operations", in English and Spanish', async () => {
    // Prepare
    const opera = await logIn('OPERA', 'en');
    const nav = opera.getByRole('navigation', { name: 'Main menu' });

    // Act
    expect(await nav.getByRole('link', { name: 'Operations to approve' }).count()).toBe(0);
    await menu(opera, 'My operations');

    // Assess
    await poll(() => rowOf(opera, 'WEB-WALK-1').textContent()).toContain('Approved');
    expect(await rowOf(opera, 'WEB-WALK-1').textContent()).toContain('2 / 2');
    await checkScreen(opera, 'ops-mine-en');
    await opera.getByRole('button', { name: 'Español' }).click();
    await poll(() => opera.getByRole('heading', { level: 1 }).textContent()).toBe('Mis operaciones');
    await poll(() => rowOf(opera, 'WEB-WALK-1').textContent()).toContain('Aprobada');
    expect(await opera.getByRole('button', { name: 'Retirar' }).count()).toBe(1);
    await checkScreen(opera, 'ops-mine-es');
    // The transactional module reads the same state by id.
    const state = await callBankRoute(stack.apiUrl, stack.bankKey, 'getServiceOperation', {
      pathParameters: { companyCode: COMPANY, operationId: walkOperation },
    });
    expect(state.body).toMatchObject({
      operation: { state: 'APPROVED', approvals: [{ userCode: 'SUPERV' }, { userCode: 'AMBOS' }] },
    });
    expect(ambosOperation).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('ran every screen without a script error or a Content-Security-Policy refusal', () => {
    expect(problems).toEqual([]);
  });
});
