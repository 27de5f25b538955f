import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/data/audit.ts';
import { dynamoAuthStore } from '../../shared/data/auth-store.ts';
import { VersionConflictError } from '../../shared/data/companies.ts';
import { dynamoTokenStore } from '../../shared/data/token-store.ts';

const TABLE = 'bank-table';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(doc);

const audit: AuditEntry = {
  companyCode: 'CORPORATIV',
  actor: 'ADMON',
  target: 'ADMON',
  action: 'CONFIRMATION_OTP_ACCEPTED',
  sourceIp: '198.51.100.7',
  correlationId: 'c-1',
  at: '2026-11-26T14:00:00.000Z',
};
const user = { companyCode: 'CORPORATIV', userCode: 'ADMON' };

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** The Update of the first TransactWrite sent, as the table receives it. */
const sentUpdate = () => {
  const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
  return { update: input?.TransactItems?.[0]?.Update, items: input?.TransactItems ?? [] };
};

beforeEach(() => ddb.reset());

describe('Data: accepting an OTP time step (AuthStore.acceptOtpStep)', () => {
  const store = dynamoAuthStore(doc, TABLE);

  it('writes the step with a condition that refuses any step at or before the last accepted one', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const accepted = await store.acceptOtpStep(user, 'v1.sealed', 59_042_401, audit);

    // Assess
    expect(accepted).toBe(true);
    const { update, items } = sentUpdate();
    expect(update?.Key).toEqual({ pk: 'COMPANY#CORPORATIV', sk: 'USER#ADMON' });
    expect(update?.ConditionExpression).toContain(
      '(attribute_not_exists(#token.lastAcceptedStep) OR #token.lastAcceptedStep < :step)',
    );
    expect(update?.ConditionExpression).toContain('#token.#state = :active');
    expect(update?.ConditionExpression).toContain('#token.secretCiphertext = :secret');
    // A right code clears the token's wrong-code counter, never the password's.
    expect(update?.UpdateExpression).toBe('SET #token.lastAcceptedStep = :step, #token.failedCodes = :zero');
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':step': 59_042_401,
      ':active': 'ACTIVE',
      ':secret': 'v1.sealed',
      ':zero': 0,
    });
    expect(items[1]?.Put?.Item).toMatchObject({ entity: 'Audit', action: 'CONFIRMATION_OTP_ACCEPTED' });
  });

  it('answers false, without retrying, when the condition fails (a replay or the other of two concurrent uses)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    const accepted = await store.acceptOtpStep(user, 'v1.sealed', 59_042_401, audit);

    expect(accepted).toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('retries a transaction that met another one in flight, and then takes its verdict', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'));

    const accepted = await store.acceptOtpStep(user, 'v1.sealed', 59_042_401, audit);

    expect(accepted).toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('accepts on the retry when the conflicting transaction did not take the step', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});

    await expect(store.acceptOtpStep(user, 'v1.sealed', 7, audit)).resolves.toBe(true);
  });

  it('gives up after 4 conflicting attempts and lets the error through (a 503 to the caller)', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

    await expect(store.acceptOtpStep(user, 'v1.sealed', 7, audit)).rejects.toThrow(
      TransactionCanceledException,
    );
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('lets any other failure through', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));

    await expect(store.acceptOtpStep(user, 'v1.sealed', 7, audit)).rejects.toThrow('boom');
  });
});

describe('Data: token lifecycle writes (TokenStore.updateToken)', () => {
  const tokens = dynamoTokenStore(doc, TABLE);
  const versioned = { ...user, version: 4 };

  it('installs with the version lock and the same no-replay condition on the accepted step', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await tokens.updateToken(versioned, { state: 'ACTIVE', installedAt: '2026-11-26T14:00:00.000Z' }, audit, {
      acceptedStep: 12,
    });

    const { update } = sentUpdate();
    expect(update?.ConditionExpression).toBe(
      '#version = :expected AND attribute_exists(#token) AND attribute_exists(credential) AND ' +
        '(attribute_not_exists(#token.lastAcceptedStep) OR #token.lastAcceptedStep < :step)',
    );
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':expected': 4, ':step': 12, ':zero': 0 });
    expect(update?.UpdateExpression).toContain('#token.lastAcceptedStep = :step');
    expect(update?.UpdateExpression).toContain('#version = #version + :one');
  });

  it('changes only the named token fields, never the accepted step, when no code is involved', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await tokens.updateToken(versioned, { state: 'INACTIVE', changedBy: 'ADMON' }, audit);

    const { update } = sentUpdate();
    expect(update?.UpdateExpression).not.toContain('lastAcceptedStep');
    expect(update?.UpdateExpression).not.toMatch(/SET .*#token = /);
    expect(update?.ConditionExpression).toBe('#version = :expected AND attribute_exists(#token)');
  });

  it('deletes the sealed secret on cancellation', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await tokens.updateToken(versioned, { state: 'CANCELLED' }, audit, {
      acceptedStep: 3,
      removeSecret: true,
    });

    expect(sentUpdate().update?.UpdateExpression).toMatch(/ REMOVE #token\.secretCiphertext$/);
  });

  it('reports a failed condition as a version conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    await expect(
      tokens.updateToken(versioned, { state: 'ACTIVE' }, audit, { acceptedStep: 3 }),
    ).rejects.toThrow(VersionConflictError);
  });
});
