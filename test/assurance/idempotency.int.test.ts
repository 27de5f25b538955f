import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildOnboard } from '../../functions/bank/onboard-company.ts';
import { build as buildCreateUser } from '../../functions/users/create-user.ts';
import { auditKeys, idempotencyKeys } from '../../shared/data/keys.ts';
import { dynamoUserStore, type UserStore } from '../../shared/data/users.ts';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';
import { withIdempotentRequests } from '../../shared/runtime/idempotency.ts';
import { onboardingDeps } from '../../shared/runtime/onboarding.ts';
import { userAdminDeps } from '../../shared/runtime/users.ts';
import { readyAdministrator, testApp } from '../helpers/app.ts';
import { BANK_ARN, lambdaContext, newUserBody, onboardingBody, restEvent } from '../helpers/events.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';

/**
 * Issue 9, point 5: creating routes honour `Idempotency-Key` (POST /users, POST
 * /bank/companies), against DynamoDB Local: a repeat — after a lost answer, a double click, a
 * Lambda timeout — acts once; the same key with another request is refused.
 */

let table: TestTable;
let app: ReturnType<typeof testApp>;
let admin: Awaited<ReturnType<typeof readyAdministrator>>;
const COMPANY = 'IDEMP';

beforeAll(async () => {
  table = await createTestTable(undefined, 'idempotency');
  app = testApp(table);
  admin = await readyAdministrator(app, COMPANY);
});
afterAll(async () => table?.destroy());

let sequence = 0;
/** A fresh key, as a client makes one per operation. */
const newKey = () => `key-${Date.now()}-${++sequence}-abcdef`;

/** POST /users with the key and, unless `null`, a fresh code. */
const create = (body: unknown, key: string | undefined, otp: string | null = admin.otp()) =>
  app.call('createUser', {
    token: admin.token,
    body,
    headers: { ...(key ? { 'Idempotency-Key': key } : {}), ...(otp ? { 'X-OTP': otp } : {}) },
  });

const storedUser = async (company: string, user: string) => await table.readUser(company, user);

/** The company's audit entries with this action and target. */
async function audits(company: string, action: string, target?: string) {
  const { Items = [] } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': auditKeys.partition(company) },
      ConsistentRead: true,
    }),
  );
  return Items.filter((item) => item.action === action && (target === undefined || item.target === target));
}

const record = async (caller: string, key: string) =>
  (
    await table.documentClient.send(
      new GetCommand({
        TableName: table.tableName,
        Key: idempotencyKeys.record(caller, key),
        ConsistentRead: true,
      }),
    )
  ).Item;

describe('Idempotency-Key on POST /users', () => {
  it('creates the user once when the request is repeated with the same key; the repeat gets the first answer and spends no code', async () => {
    // Arrange
    const key = newKey();

    // Act
    const first = await create(newUserBody('REPITE1'), key);
    const repeat = await create(newUserBody('REPITE1'), key, null);

    // Assert
    expect(first.status).toBe(201);
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await audits(COMPANY, 'USER_CREATED', 'REPITE1')).toHaveLength(1);
    const kept = await record(`${COMPANY}/ADMON`, key);
    expect(kept).toMatchObject({ status: 'COMPLETED', routeId: 'createUser', entity: 'Idempotency' });
    // Remembered for 24 h (DynamoDB's TTL attribute), not forever.
    expect(Number(kept?.expiresAt) - Date.now() / 1000).toBeGreaterThan(24 * 3600 - 120);
    expect(Number(kept?.expiresAt) - Date.now() / 1000).toBeLessThanOrEqual(24 * 3600);
  });

  it('refuses the same key with another request (422 IDEMPOTENCY_KEY_REUSED) and creates nothing', async () => {
    const key = newKey();
    expect((await create(newUserBody('PRIMERO1'), key)).status).toBe(201);

    const reused = await create(newUserBody('SEGUNDO1'), key);
    const reusedEn = await app.call('createUser', {
      token: admin.token,
      body: newUserBody('PRIMERO1', { firstName: 'OTRA' }),
      headers: { 'Idempotency-Key': key, 'Accept-Language': 'en' },
    });

    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reusedEn.status).toBe(422);
    expect(reusedEn.body.title).toBe('Idempotency key reused');
    expect(await storedUser(COMPANY, 'SEGUNDO1')).toBeUndefined();
    expect((await storedUser(COMPANY, 'PRIMERO1'))?.firstName).toBe('ANA');
  });

  it('fingerprints the validated request: the same user in other letter case or key order is the same request', async () => {
    const key = newKey();
    const first = await create(newUserBody('MAYUS1'), key);
    const { userCode: _code, ...rest } = newUserBody('MAYUS1');
    const repeat = await create(
      { ...Object.fromEntries(Object.entries(rest).reverse()), userCode: 'mayus1' },
      key,
    );
    expect(first.status).toBe(201);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps each caller’s keys apart: another company’s administrator with the same key creates their own user', async () => {
    const other = testApp(table);
    const otherAdmin = await readyAdministrator(other, 'IDEMPB');
    const key = newKey();
    expect((await create(newUserBody('MISMO1'), key)).status).toBe(201);

    const theirs = await other.call('createUser', {
      token: otherAdmin.token,
      body: newUserBody('MISMO1'),
      headers: { 'Idempotency-Key': key, 'X-OTP': otherAdmin.otp() },
    });

    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(await storedUser('IDEMPB', 'MISMO1')).toBeDefined();
  });

  it('lets exactly one of 10 concurrent repeats act; the others get its answer or 409 IDEMPOTENCY_IN_PROGRESS', async () => {
    const key = newKey();
    const code = admin.otp();
    const confirmedBefore = (await audits(COMPANY, 'CONFIRMATION_OTP_ACCEPTED')).length;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => create(newUserBody('CONCUR1'), key, code)),
    );

    const executed = answers.filter((a) => a.status === 201 && !a.headers['idempotent-replayed']);
    const replayed = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed']);
    const inProgress = answers.filter((a) => a.status === 409 && a.body.code === 'IDEMPOTENCY_IN_PROGRESS');
    expect(executed).toHaveLength(1);
    expect(replayed.length + inProgress.length).toBe(9);
    expect(inProgress.every((a) => a.headers['retry-after'] === '1')).toBe(true);
    expect(await audits(COMPANY, 'USER_CREATED', 'CONCUR1')).toHaveLength(1);
    // One execution, one code spent.
    expect(await audits(COMPANY, 'CONFIRMATION_OTP_ACCEPTED')).toHaveLength(confirmedBefore + 1);
  });

  it('releases the key when the action fails, so the repeat with the missing code runs', async () => {
    const key = newKey();
    const withoutCode = await create(newUserBody('SINCOD1'), key, null);
    const withCode = await create(newUserBody('SINCOD1'), key);
    expect(withoutCode.status).toBe(428);
    expect(withCode.status).toBe(201);
    expect(withCode.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'k'.repeat(65)],
    ['spaces', 'a key with spaces 123'],
    ['a path', '../../../../etc/passwd'],
    ['a CR/LF', 'abcdefghijklmnop\r\nX-Admin: 1'],
    ['a # separator', 'abcdefghijklmnop#IDEMPOTENCY'],
  ])(
    'refuses a malformed key (%s) with 400 naming the header, creating nothing and keeping no record',
    async (_what, key) => {
      const answer = await create(newUserBody('MALA1'), key);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ field: 'header.idempotency-key', code: 'idempotency_key_format' }),
      ]);
      expect(await storedUser(COMPANY, 'MALA1')).toBeUndefined();
    },
  );
});

describe('Idempotency-Key: a Lambda timeout and the client’s retry', () => {
  /**
   * The create-user function with a store whose first write never finishes (`before`) or
   * finishes and then the function is killed (`after`), and a Lambda context that says how long
   * the function has left: the lease of its claim.
   */
  function timingOutFunction(when: 'before' | 'after' | 'never') {
    const real = dynamoUserStore(table.documentClient, table.tableName);
    let calls = 0;
    const users: UserStore = {
      ...real,
      create: async (user, entry, transaction) => {
        calls++;
        if (calls === 1 && when !== 'never') {
          if (when === 'after') await real.create(user, entry, transaction);
          await new Promise(() => {}); // the function is frozen here and killed at its timeout
        }
        return real.create(user, entry, transaction);
      },
    };
    const handler = buildCreateUser(
      withIdempotentRequests(app.runtime, { ...userAdminDeps(app.runtime), users }),
    );
    return (body: unknown, key: string, remainingMs: number) =>
      handler(
        restEvent({
          method: 'POST',
          path: '/users',
          body,
          headers: { Authorization: `Bearer ${admin.token}`, 'Idempotency-Key': key, 'X-OTP': admin.otp() },
        }),
        { ...lambdaContext('createUser'), getRemainingTimeInMillis: () => remainingMs },
      );
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('creates exactly one user when the function timed out before writing and the client retries with the same key', async () => {
    const invoke = timingOutFunction('before');
    const key = newKey();

    void invoke(newUserBody('TIEMPO1'), key, 300); // times out: never answers
    await pause(50);
    const early = await invoke(newUserBody('TIEMPO1'), key, 10_000);
    await pause(300); // the first invocation's lease (its remaining time) is over
    const retried = await invoke(newUserBody('TIEMPO1'), key, 10_000);

    expect(early.statusCode).toBe(409);
    expect(JSON.parse(early.body).code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(retried.statusCode).toBe(201);
    expect(await audits(COMPANY, 'USER_CREATED', 'TIEMPO1')).toHaveLength(1);
    const again = await invoke(newUserBody('TIEMPO1'), key, 10_000);
    expect(again.statusCode).toBe(201);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
  });

  it('creates exactly one user when the function timed out after writing: the retry says the user exists', async () => {
    const invoke = timingOutFunction('after');
    const key = newKey();

    void invoke(newUserBody('TIEMPO2'), key, 300);
    await pause(350);
    const retried = await invoke(newUserBody('TIEMPO2'), key, 10_000);

    expect(retried.statusCode).toBe(409);
    expect(JSON.parse(retried.body).code).toBe('USER_EXISTS');
    expect(await storedUser(COMPANY, 'TIEMPO2')).toBeDefined();
    expect(await audits(COMPANY, 'USER_CREATED', 'TIEMPO2')).toHaveLength(1);
  });

  it('answers a retry after a lost answer with the first answer', async () => {
    const invoke = timingOutFunction('never');
    const key = newKey();
    const first = await invoke(newUserBody('PERDIDA1'), key, 10_000); // the client never sees this answer
    const lost = await invoke(newUserBody('PERDIDA1'), key, 10_000);
    expect(first.statusCode).toBe(201);
    expect(lost.statusCode).toBe(201);
    expect(lost.body).toBe(first.body);
    expect(await audits(COMPANY, 'USER_CREATED', 'PERDIDA1')).toHaveLength(1);
  });
});

describe('Idempotency-Key on POST /bank/companies', () => {
  it('onboards once and e-mails one generic password when the bank repeats the request; the kept answer holds no password', async () => {
    const mails: OutgoingMail[] = [];
    const mailer = {
      send: async (mail: OutgoingMail) => {
        mails.push(mail);
        return {};
      },
    };
    const handler = buildOnboard(
      withIdempotentRequests(app.runtime, {
        ...onboardingDeps(app.runtime),
        mailer,
        http: { write: () => {} },
      }),
    );
    const key = newKey();
    const onboard = (body: unknown) =>
      handler(
        restEvent({
          method: 'POST',
          path: '/bank/companies',
          body,
          bankArn: BANK_ARN,
          headers: { 'Idempotency-Key': key },
        }),
        lambdaContext('onboardCompany'),
      );

    const first = await onboard(onboardingBody({ companyCode: 'IDEMBANK' }));
    const repeat = await onboard(onboardingBody({ companyCode: 'IDEMBANK' }));
    const other = await onboard(onboardingBody({ companyCode: 'IDEMOTRA' }));

    expect(first.statusCode).toBe(201);
    expect(repeat.statusCode).toBe(201);
    expect(repeat.body).toBe(first.body);
    expect(other.statusCode).toBe(422);
    expect(mails).toHaveLength(1);
    const password = mails[0]?.text.match(/^ {4}(\S+)$/m)?.[1] as string;
    expect(password).toBeTruthy();
    const kept = await record(`bank/${BANK_ARN}`, key);
    expect(JSON.stringify(kept)).not.toContain(password);
    expect(await audits('IDEMBANK', 'COMPANY_ONBOARDED')).toHaveLength(1);
  });
});
