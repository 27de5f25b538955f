import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/core/audit.ts';
import { dynamoAuthStore } from '../../shared/data/auth-store.ts';
import { VersionConflictError } from '../../shared/data/errors.ts';
import { dynamoTokenStore } from '../../shared/data/token-store.ts';
import { plainTransaction } from '../../shared/data/transact.ts';

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

/*
 * What DynamoDB Local cannot produce on demand: transaction conflicts and other failures of the
 * client. What the conditions let through and refuse is tested on the real engine
 * (test/integration/otp-store.int.test.ts).
 */

beforeEach(() => ddb.reset());

describe('Data: accepting an OTP time step (AuthStore.acceptOtpStep)', () => {
  const store = dynamoAuthStore(doc, TABLE);

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

  it('reports a failed condition as a version conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    await expect(
      tokens.updateToken(versioned, { state: 'ACTIVE' }, audit, plainTransaction, { acceptedStep: 3 }),
    ).rejects.toThrow(VersionConflictError);
  });
});
