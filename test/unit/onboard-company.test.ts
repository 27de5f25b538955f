import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { wire as wireOnboard } from '../../functions/bank/onboard-company.ts';
import { wire as wireReissue } from '../../functions/bank/reissue-admin-password.ts';
import { readConfig } from '../../shared/config.ts';
import { hashPassword, verifyPassword } from '../../shared/domain/password-hash.ts';
import { checkPasswordComposition, passwordPolicy } from '../../shared/domain/password-policy.ts';
import { createCoreRuntime } from '../../shared/runtime/core.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import {
  BANK_ARN,
  captureLogs,
  lambdaContext,
  onboardingBody,
  reissueEvent,
  restEvent,
} from '../helpers/events.ts';

const TABLE = 'banking-test';
const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
const policy = passwordPolicy('bank');
const now = new Date('2026-11-26T15:00:00Z');

/** The functions' own wiring (`wire`), on a mocked client and SES, a fixed clock and cheap hashing. */
function runtime(logs = captureLogs()) {
  const config = readConfig({
    TABLE_NAME: TABLE,
    MAIL_FROM: 'occinet@bank.example',
    SES_CONFIGURATION_SET: 'tls',
  });
  return withMail(
    createCoreRuntime(config, {
      doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      hash: (p: string) => hashPassword(p, { logN: 10, r: 8, p: 1 }),
      now: () => now,
      write: logs.write,
    }),
  );
}
const build = (logs?: ReturnType<typeof captureLogs>) => wireOnboard(runtime(logs));
const buildReissue = (logs?: ReturnType<typeof captureLogs>) => wireReissue(runtime(logs));

const onboard = (body: unknown, extra: Partial<Parameters<typeof restEvent>[0]> = {}) =>
  restEvent({ method: 'POST', path: '/bank/companies', body, bankArn: BANK_ARN, ...extra });

function sentMail() {
  const call = ses.commandCalls(SendEmailCommand)[0];
  const input = call?.args[0].input;
  return {
    to: input?.Destination?.ToAddresses,
    from: input?.FromEmailAddress,
    configurationSet: input?.ConfigurationSetName,
    subject: input?.Content?.Simple?.Subject?.Data ?? '',
    text: input?.Content?.Simple?.Body?.Text?.Data ?? '',
    html: input?.Content?.Simple?.Body?.Html?.Data ?? '',
  };
}

const passwordIn = (text: string) => text.match(/^ {4}(\S+)$/m)?.[1] ?? '';

describe('Handler: onboardCompany', () => {
  beforeEach(() => {
    ddb.reset();
    ses.reset();
    ddb.on(TransactWriteCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  });

  it('creates the company, its administrator and the audit entry in one transaction', async () => {
    // Act
    const response = await build()(onboard(onboardingBody()), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(201);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(3);
    expect(items[0]?.Put?.Item).toMatchObject({
      pk: 'COMPANY#CORPORATIV',
      sk: 'PROFILE',
      entity: 'Company',
      version: 1,
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      pk: 'COMPANY#CORPORATIV',
      sk: 'USER#ADMON',
      role: 'admin',
      state: 'ACTIVE',
      createdBy: 'BANCO',
      credential: { kind: 'generic', failedAttempts: 0, expiresAt: '2026-11-29T15:00:00.000Z' },
    });
    expect(items[2]?.Put?.Item).toMatchObject({
      entity: 'Audit',
      action: 'COMPANY_ONBOARDED',
      actor: 'BANCO',
      sourceIp: '198.51.100.7',
    });
  });

  it('answers the company without ever returning the generic password or its hash', async () => {
    const response = await build()(onboard(onboardingBody()), lambdaContext());

    const body = JSON.parse(response.body);
    expect(body).toMatchObject({
      companyCode: 'CORPORATIV',
      administrator: { userCode: 'ADMON', email: 'admon@corporativ.example', state: 'ACTIVE' },
      genericPassword: { emailed: true, expiresAt: '2026-11-29T15:00:00.000Z' },
    });
    expect(response.body).not.toContain(passwordIn(sentMail().text));
    expect(response.body).not.toContain('scrypt$');
  });

  it('e-mails a policy-compliant generic password, stored only as its scrypt hash', async () => {
    await build()(onboard(onboardingBody()), lambdaContext());

    const mail = sentMail();
    const password = passwordIn(mail.text);
    expect(mail.to).toEqual(['admon@corporativ.example']);
    // The production mailer's sender: the bank's name (RFC 2047, it is not ASCII) and the stage's address.
    expect(mail.from).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <occinet@bank\.example>$/);
    expect(mail.configurationSet).toBe('tls');
    expect(
      checkPasswordComposition(policy, password, { userCode: 'ADMON', companyCode: 'CORPORATIV' }),
    ).toEqual([]);
    const stored = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[1]?.Put?.Item;
    expect(stored?.credential.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(password, stored?.credential.passwordHash)).toBe(true);
  });

  it('writes the e-mail in the company language and leaves out the company and user codes', async () => {
    await build()(onboard(onboardingBody({ language: 'en' })), lambdaContext());

    const mail = sentMail();
    expect(mail.subject).toContain('generic password');
    for (const text of [mail.subject, mail.text, mail.html]) {
      expect(text).not.toMatch(/CORPORATIV|ADMON/i);
    }
  });

  it('never logs the generic password', async () => {
    const logs = captureLogs();
    await build(logs)(onboard(onboardingBody()), lambdaContext());

    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(passwordIn(sentMail().text));
  });

  it('returns 409 COMPANY_EXISTS when the company code is taken', async () => {
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
      }),
    );

    const response = await build()(onboard(onboardingBody()), lambdaContext());

    expect(response.statusCode).toBe(409);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ code: 'COMPANY_EXISTS', status: 409 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('keeps the company when SES fails and says the e-mail was not sent', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));

    const response = await build()(onboard(onboardingBody()), lambdaContext());

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body).genericPassword.emailed).toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('refuses a call without an IAM identity with 403 and writes nothing', async () => {
    const response = await build()(onboard(onboardingBody(), { bankArn: '' }), lambdaContext());

    expect(response.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each([
    ['a code with symbols', { companyCode: 'CORP-1' }, 'body.companyCode', 'code_format'],
    ['a code too short', { companyCode: 'AB' }, 'body.companyCode', 'code_format'],
    ['a missing legal name', { legalName: undefined }, 'body.legalName', 'required'],
    ['no accounts', { accounts: [] }, 'body.accounts', 'too_few_items'],
    ['an unknown field', { extra: true }, 'body.extra', 'unknown_field'],
    ['an unknown language', { language: 'fr' }, 'body.language', 'invalid_value'],
    [
      'an invalid e-mail',
      { administrator: { userCode: 'ADMON', firstName: 'A', lastName: 'B', email: 'not-mail' } },
      'body.administrator.email',
      'invalid_email',
    ],
    [
      'a name with digits',
      { administrator: { userCode: 'ADMON', firstName: 'JUAN2', lastName: 'B', email: 'a@b.co' } },
      'body.administrator.firstName',
      'name_format',
    ],
    [
      'a name with a control character',
      { administrator: { userCode: 'ADMON', firstName: 'JU\nAN', lastName: 'B', email: 'a@b.co' } },
      'body.administrator.firstName',
      'name_format',
    ],
  ])('returns 400 naming the field and rule for %s, writing nothing', async (_, override, field, rule) => {
    const response = await build()(onboard(onboardingBody(override)), lambdaContext());

    expect(response.statusCode).toBe(400);
    const problem = JSON.parse(response.body);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toContainEqual(expect.objectContaining({ field, code: rule }));
    expect(ddb.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
  });

  it('returns 409 DUPLICATE_ACCOUNT for an account listed twice, writing nothing', async () => {
    const accounts = [
      { number: '1000000001', type: 'CHECKING' },
      { number: '1000000001', type: 'SAVINGS' },
    ];
    const response = await build()(onboard(onboardingBody({ accounts })), lambdaContext());

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body).code).toBe('DUPLICATE_ACCOUNT');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('returns 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const event = restEvent({
      method: 'POST',
      path: '/bank/companies',
      rawBody: '{"companyCode":',
      bankArn: BANK_ARN,
    });
    const response = await build()(event, lambdaContext());

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).code).toBe('MALFORMED_JSON');
  });

  it('returns 415 for a body that is not application/json', async () => {
    const event = restEvent({
      method: 'POST',
      path: '/bank/companies',
      rawBody: 'companyCode=CORP',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      bankArn: BANK_ARN,
    });
    const response = await build()(event, lambdaContext());

    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('returns 413 for an oversized body', async () => {
    const response = await build()(
      onboard(onboardingBody({ legalName: 'x'.repeat(70_000) })),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(413);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers in English when Accept-Language prefers it', async () => {
    const response = await build()(
      onboard(onboardingBody({ companyCode: '!' }), {
        headers: { 'Accept-Language': 'en-US,en;q=0.9,es;q=0.5' },
      }),
      lambdaContext(),
    );

    const problem = JSON.parse(response.body);
    expect(problem.title).toBe('Invalid data');
    expect(problem.errors[0].message).toMatch(/letters or digits/);
  });

  it('answers a generic 500 without internals when DynamoDB fails unexpectedly', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('socket hang up at 10.0.0.1'));
    const logs = captureLogs();

    const response = await build(logs)(onboard(onboardingBody()), lambdaContext());

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('socket');
    expect(JSON.parse(response.body).code).toBe('INTERNAL_ERROR');
    expect(logs.text()).toContain('socket hang up');
  });

  it('answers 503 with Retry-After when DynamoDB keeps throttling', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    const response = await build()(onboard(onboardingBody()), lambdaContext());

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('2');
  });
});

describe('Handler: reissueAdminPassword', () => {
  const event = (code = 'CORPORATIV') => reissueEvent(code);

  beforeEach(() => {
    ddb.reset();
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    ddb.on(TransactWriteCommand).resolves({});
  });

  it('replaces the password, unlocks the administrator and ends its session (the version condition: test/integration/onboarding.int.test.ts)', async () => {
    // Prepare
    ddb.on(GetCommand, { Key: { pk: 'COMPANY#CORPORATIV', sk: 'PROFILE' } }).resolves({
      Item: { code: 'CORPORATIV', language: 'es', administratorCode: 'ADMON', version: 1 },
    });
    ddb.on(GetCommand, { Key: { pk: 'COMPANY#CORPORATIV', sk: 'USER#ADMON' } }).resolves({
      Item: {
        companyCode: 'CORPORATIV',
        userCode: 'ADMON',
        email: 'admon@corporativ.example',
        state: 'ACTIVE',
        version: 4,
        credential: { passwordHash: 'scrypt$old', kind: 'personal', failedAttempts: 3, history: [] },
      },
    });

    // Act
    const response = await buildReissue()(event('corporativ'), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(200);
    const [update, endSession, endChallenge, audit] =
      ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(update?.Update?.ExpressionAttributeValues?.[':credential']).toMatchObject({
      kind: 'generic',
      failedAttempts: 0,
      history: ['scrypt$old'],
    });
    expect(endSession?.Delete?.Key).toEqual({ pk: 'COMPANY#CORPORATIV', sk: 'SESSION#ADMON' });
    expect(endChallenge?.Delete?.Key).toEqual({ pk: 'COMPANY#CORPORATIV', sk: 'CHALLENGE#ADMON' });
    expect(audit?.Put?.Item).toMatchObject({ action: 'ADMIN_GENERIC_PASSWORD_REISSUED', target: 'ADMON' });
    expect(sentMail().to).toEqual(['admon@corporativ.example']);
  });

  it('returns 404 COMPANY_NOT_FOUND for an unknown company', async () => {
    ddb.on(GetCommand).resolves({});

    const response = await buildReissue()(event('NOPE'), lambdaContext());

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'COMPANY_NOT_FOUND' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('returns 400 for an invalid company code in the path', async () => {
    const response = await buildReissue()(event('a$'), lambdaContext());

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({
      field: 'path.companyCode',
      code: 'code_format',
    });
  });
});
