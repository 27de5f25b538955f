import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDormancyJob } from '../../infra/local/dormancy-run.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb.ts';
import { PREVIEW_RECIPIENT, previewSecurityNotices } from '../../infra/local/mail-preview.ts';
import { fillPath } from '../../infra/local/routing.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { SAMPLE_NOTICES } from '../../shared/mail/security-notices.ts';
import { type RouteId, route } from '../../shared/routes.ts';
import { bankAuthorization, request } from '../helpers/http.ts';
import { type LocalStack, readSentEmails, type SentEmail, startTestStack } from '../helpers/local-stack.ts';

/**
 * Issue 18 on the local stack (DynamoDB Local, local SES, the API in process), with the seeded
 * demo company CORPORATIV and its end users OPERA, SUPERV and AMBOS: the lock notices, the
 * bank's administrator and company-list routes, the dormancy job (`npm run bank --
 * disable-dormant`) and the mail preview (`npm run bank -- preview-mail`).
 */

// biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field
type Answer = Record<string, any>;

describe('Lifecycle jobs and notices on the local stack (issue 18)', () => {
  let stack: LocalStack;
  let doc: DynamoDBDocumentClient;
  const url = (id: RouteId, path: Record<string, string> = {}, query: Record<string, string> = {}) => {
    const target = new URL(fillPath(route(id).path, path), stack.apiUrl);
    for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
    return target;
  };
  const bank = (
    id: RouteId,
    path: Record<string, string>,
    options: { json?: unknown; query?: Record<string, string> } = {},
  ) =>
    request<Answer>(url(id, path, options.query), {
      method: route(id).method,
      headers: bankAuthorization(stack.bankKey),
      ...(options.json !== undefined ? { json: options.json } : {}),
    });
  const mailsTo = async (address: string): Promise<SentEmail[]> =>
    (await readSentEmails(stack.sesUrl)).filter((m) => m.destination.to.includes(address));
  const readUser = async (companyCode: string, userCode: string) =>
    (
      await doc.send(
        new GetCommand({ TableName: stack.tableName, Key: userKeys.profile(companyCode, userCode) }),
      )
    ).Item;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    stack = await startTestStack('e2e_lifecycle_jobs', { seed: true });
    doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: stack.dynamoEndpoint,
        region: process.env.AWS_REGION ?? 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
      }),
    );
  }, 120_000);
  afterAll(async () => {
    doc?.destroy();
    await stack?.stop();
    vi.useRealTimers();
  });

  it('the login that locks an end user e-mails the user (with when it unlocks) and the administrator, through SES', async () => {
    // Prepare
    const threshold = Number(process.env.LOCKOUT_THRESHOLD ?? 3);
    const wrong = () =>
      request<Answer>(url('login'), {
        json: { companyCode: 'CORPORATIV', userCode: 'OPERA', password: 'Errada123' },
      });

    // Act
    for (let attempt = 1; attempt < threshold; attempt++) expect((await wrong()).status).toBe(401);
    const before = await mailsTo('opera@corporativ.example');
    const locking = await wrong();

    // Assess
    expect(before).toEqual([]);
    expect(locking.body.code).toBe('LOGIN_FAILED');
    const toUser = await mailsTo('opera@corporativ.example');
    const toAdmin = (await mailsTo('admon@corporativ.example')).filter((m) => m.subject.includes('OPERA'));
    expect(toUser.map((m) => m.subject)).toEqual([expect.stringContaining('Su usuario fue bloqueado')]);
    expect(toUser[0]?.body.text).toContain('Podrá ingresar de nuevo a partir del');
    expect(toAdmin.map((m) => m.subject)).toEqual([
      expect.stringContaining('El usuario OPERA fue bloqueado'),
    ]);
    for (const mail of [...toUser, ...toAdmin]) expect(mail.body.text).not.toContain('Errada123');
    expect((await readUser('CORPORATIV', 'OPERA'))?.credential.lockedUntil).toBeDefined();
  });

  it('the bank changes the administrator’s name and e-mail, and lists the companies, over HTTP', async () => {
    // Act
    const changed = await bank(
      'changeAdministrator',
      { companyCode: 'CORPORATIV' },
      { json: { firstName: 'BEATRIZ', email: 'beatriz@corporativ.example' } },
    );
    const again = await bank(
      'changeAdministrator',
      { companyCode: 'CORPORATIV' },
      { json: { firstName: 'BEATRIZ' } },
    );
    const company = await bank('getCompany', { companyCode: 'CORPORATIV' });
    const listed = await bank('listCompanies', {}, { query: { pageSize: '10' } });

    // Assess
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ companyCode: 'CORPORATIV', changed: true });
    expect(again.body).toMatchObject({ companyCode: 'CORPORATIV', changed: false });
    expect(company.body.administrator).toMatchObject({
      userCode: 'ADMON',
      firstName: 'BEATRIZ',
      lastName: 'CORPORATIVO',
      email: 'beatriz@corporativ.example',
    });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        companyCode: 'CORPORATIV',
        legalName: 'Corporativo Demo, S.A.',
        language: 'es',
        accounts: 10,
        administratorCode: 'ADMON',
        suspended: false,
      }),
    ]);
    expect(listed.body.nextAfter).toBeUndefined();
  });

  it('npm run bank -- preview-mail sends every notice in Spanish and in English through SES', async () => {
    // Act
    const sent = await previewSecurityNotices({
      sesUrl: stack.sesUrl,
      region: process.env.AWS_REGION ?? 'us-east-1',
    });

    // Assess
    const previews = await mailsTo(PREVIEW_RECIPIENT);
    expect(sent).toBe(SAMPLE_NOTICES.length * 2);
    expect(previews).toHaveLength(sent);
    const subjects = previews.map((m) => m.subject);
    expect(new Set(subjects).size).toBeGreaterThan(SAMPLE_NOTICES.length);
    expect(previews.filter((m) => m.body.html?.includes('lang="es"'))).toHaveLength(SAMPLE_NOTICES.length);
    expect(previews.filter((m) => m.body.html?.includes('lang="en"'))).toHaveLength(SAMPLE_NOTICES.length);
  });

  it('npm run bank -- disable-dormant disables the end users inactive for the configured days, and tells them', async () => {
    // Prepare: the seeded end users were created now; move the clock past the dormancy period
    const days = Number(process.env.DORMANT_DAYS ?? 90);
    vi.setSystemTime(Date.now() + (days + 1) * 86_400_000);

    // Act
    const outcome = await runDormancyJob({
      sesUrl: stack.sesUrl,
      dynamoEndpoint: stack.dynamoEndpoint,
      tableName: stack.tableName,
      region: process.env.AWS_REGION ?? 'us-east-1',
    });

    // Assess: the end users disabled (never the administrator), audited as dormant, each told
    expect(outcome).toMatchObject({ disabled: 3, skipped: 0, dormantDays: days });
    const superv = await readUser('CORPORATIV', 'SUPERV');
    expect(superv).toMatchObject({ state: 'DISABLED', disabledReason: 'DORMANT' });
    expect((await readUser('CORPORATIV', 'ADMON'))?.state).toBe('ACTIVE');
    const told = await mailsTo('superv@corporativ.example');
    expect(told.map((m) => m.body.text)).toEqual([
      expect.stringContaining('Su usuario fue deshabilitado por inactividad.'),
    ]);
  });
});
