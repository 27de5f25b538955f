import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/core/audit.ts';
import { dynamoAuthStore } from '../../shared/data/auth-store.ts';
import { VersionConflictError } from '../../shared/data/errors.ts';
import { auditKeys, userKeys } from '../../shared/data/keys.ts';
import { dynamoTokenStore } from '../../shared/data/token-store.ts';
import { plainTransaction } from '../../shared/data/transact.ts';
import { fileTable } from '../helpers/local-stack.ts';

/*
 * The conditions of the OTP and token writes, on the real engine: what they let through and
 * what they refuse. What DynamoDB Local cannot produce on demand (a transaction conflict, a
 * throttle) stays in test/unit/otp-store.test.ts, with a mocked client.
 */

const table = fileTable('otp_store');

const COMPANY = 'OTPSTORE';
let userCode = '';
let serial = 0;
const audit = (action: string): AuditEntry => ({
  companyCode: COMPANY,
  actor: userCode,
  target: userCode,
  action,
  sourceIp: '198.51.100.7',
  correlationId: `c-${serial}`,
  at: '2026-11-26T14:00:00.000Z',
});

/** A fresh user (its own item) with a token and a credential, as the stores find them. */
async function putUser(token: Record<string, unknown> | undefined, failedAttempts = 0) {
  serial += 1;
  userCode = `U${serial}`;
  await table.documentClient.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...userKeys.profile(COMPANY, userCode),
        entity: 'User',
        companyCode: COMPANY,
        userCode,
        version: 4,
        credential: { kind: 'PERSONAL', hash: 'h', failedAttempts, history: [], changedAt: 'x' },
        ...(token ? { token } : {}),
      },
    }),
  );
}
const stored = async () => (await table.readUser(COMPANY, userCode)) ?? {};
const audited = async () =>
  (
    await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.partition(COMPANY) },
        ConsistentRead: true,
      }),
    )
  ).Items?.filter((item) => item.target === userCode) ?? [];

const user = () => ({ companyCode: COMPANY, userCode });
const active = { state: 'ACTIVE', secretCiphertext: 'v1.sealed' };

describe('AuthStore.acceptOtpStep on DynamoDB Local', () => {
  const store = () => dynamoAuthStore(table.documentClient, table.tableName);
  beforeEach(() => putUser({ ...active, lastAcceptedStep: 10, failedCodes: 2 }, 2));

  it('accepts a newer step: stores it, clears the wrong-code count (never the password’s), and audits in the same write', async () => {
    // Act
    const accepted = await store().acceptOtpStep(user(), 'v1.sealed', 11, audit('CONFIRMATION_OTP_ACCEPTED'));

    // Assess
    expect(accepted).toBe(true);
    const item = await stored();
    expect(item.token.lastAcceptedStep).toBe(11);
    expect(item.token.failedCodes).toBe(0);
    expect(item.credential.failedAttempts).toBe(2);
    expect((await audited()).map((a) => a.action)).toEqual(['CONFIRMATION_OTP_ACCEPTED']);
  });

  it.each([
    ['the step already accepted (a replay)', 10],
    ['an earlier step', 9],
  ])('refuses %s and changes nothing', async (_, step) => {
    // Act
    const accepted = await store().acceptOtpStep(
      user(),
      'v1.sealed',
      step,
      audit('CONFIRMATION_OTP_ACCEPTED'),
    );

    // Assess
    expect(accepted).toBe(false);
    const item = await stored();
    expect([item.token.lastAcceptedStep, item.token.failedCodes, item.credential.failedAttempts]).toEqual([
      10, 2, 2,
    ]);
    expect(await audited()).toEqual([]);
  });

  it('refuses a code verified against a secret the token no longer holds (a token replaced meanwhile)', async () => {
    await expect(store().acceptOtpStep(user(), 'v0.old', 11, audit('X'))).resolves.toBe(false);
    expect((await stored()).token.lastAcceptedStep).toBe(10);
  });

  it('refuses a token that is not active', async () => {
    await putUser({ ...active, state: 'INACTIVE' });
    await expect(store().acceptOtpStep(user(), 'v1.sealed', 11, audit('X'))).resolves.toBe(false);
  });

  it('given the lockout threshold, refuses once the token’s wrong codes reached it, and accepts below it', async () => {
    await expect(store().acceptOtpStep(user(), 'v1.sealed', 11, audit('X'), 2)).resolves.toBe(false);
    await expect(store().acceptOtpStep(user(), 'v1.sealed', 11, audit('X'), 3)).resolves.toBe(true);
  });

  it('accepts the first step of a token that never accepted one', async () => {
    await putUser({ ...active });
    await expect(store().acceptOtpStep(user(), 'v1.sealed', 1, audit('X'))).resolves.toBe(true);
    expect((await stored()).token.lastAcceptedStep).toBe(1);
  });
});

describe('TokenStore.updateToken on DynamoDB Local', () => {
  const tokens = () => dynamoTokenStore(table.documentClient, table.tableName);
  const at4 = () => ({ ...user(), version: 4 });

  it('installs with the accepted step: bumps the version, stores the step, clears the wrong-code count, audits', async () => {
    // Prepare
    await putUser({ state: 'REQUESTED', secretCiphertext: 'v1.sealed', failedCodes: 1 }, 1);

    // Act
    await tokens().updateToken(
      at4(),
      { state: 'ACTIVE', installedAt: '2026-11-26T14:00:00.000Z' },
      audit('TOKEN_INSTALLED'),
      plainTransaction,
      {
        acceptedStep: 12,
      },
    );

    // Assess
    const item = await stored();
    expect(item.version).toBe(5);
    expect(item.token).toMatchObject({
      state: 'ACTIVE',
      lastAcceptedStep: 12,
      secretCiphertext: 'v1.sealed',
      failedCodes: 0,
    });
    // A right code never resets the password's counter.
    expect(item.credential.failedAttempts).toBe(1);
    expect((await audited()).map((a) => a.action)).toEqual(['TOKEN_INSTALLED']);
  });

  it('refuses an accepted step at or before the last one, as a version conflict, and changes nothing', async () => {
    await putUser({ ...active, lastAcceptedStep: 12 });

    await expect(
      tokens().updateToken(at4(), { state: 'CANCELLED' }, audit('TOKEN_CANCELLED'), plainTransaction, {
        acceptedStep: 12,
      }),
    ).rejects.toThrow(VersionConflictError);
    expect((await stored()).token.state).toBe('ACTIVE');
    expect(await audited()).toEqual([]);
  });

  it('refuses a stale version, and a user without a token', async () => {
    await putUser({ ...active });
    await expect(
      tokens().updateToken({ ...user(), version: 3 }, { state: 'INACTIVE' }, audit('X'), plainTransaction),
    ).rejects.toThrow(VersionConflictError);

    await putUser(undefined);
    await expect(
      tokens().updateToken(at4(), { state: 'INACTIVE' }, audit('X'), plainTransaction),
    ).rejects.toThrow(VersionConflictError);
  });

  it('changes only the named fields without a code: the step and the secret stay', async () => {
    await putUser({ ...active, lastAcceptedStep: 7, installedAt: 'then' });

    await tokens().updateToken(
      at4(),
      { state: 'INACTIVE', changedBy: 'ADMON' },
      audit('TOKEN_DEACTIVATED'),
      plainTransaction,
    );

    expect((await stored()).token).toEqual({
      ...active,
      state: 'INACTIVE',
      changedBy: 'ADMON',
      lastAcceptedStep: 7,
      installedAt: 'then',
    });
  });

  it('deletes the sealed secret on cancellation', async () => {
    await putUser({ ...active, lastAcceptedStep: 2 });

    await tokens().updateToken(at4(), { state: 'CANCELLED' }, audit('TOKEN_CANCELLED'), plainTransaction, {
      acceptedStep: 3,
      removeSecret: true,
    });

    const { token } = await stored();
    expect(token.state).toBe('CANCELLED');
    expect(token).not.toHaveProperty('secretCiphertext');
  });
});
