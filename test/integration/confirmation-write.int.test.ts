import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb.ts';
import { AppError } from '../../shared/core/errors.ts';
import { createDocumentClient } from '../../shared/data/client.ts';
import { cancellationReasons } from '../../shared/data/errors.ts';
import {
  confirmedTransaction,
  type PendingConfirmation,
  plainTransaction,
  type TransactItems,
} from '../../shared/data/transact.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';

// The OTP confirmation of a request rides in the use case's own transaction, the request's
// explicit Transaction (shared/data/transact.ts), checked only when the use case commits, on the
// production document client, against DynamoDB Local.
let table: TestTable;
let doc: ReturnType<typeof createDocumentClient>;
let sends = 0;

beforeAll(async () => {
  table = await createTestTable(undefined, 'confirmation');
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  doc = createDocumentClient({ region: 'us-east-1', endpoint: table.endpoint });
  doc.middlewareStack.add(
    (next) => async (args) => {
      sends++;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'countSends' },
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await table.destroy();
});

let seq = 0;
const key = (name: string) => ({ pk: `TEST#${name}`, sk: 'ITEM' });
const read = async (name: string) =>
  (await doc.send(new GetCommand({ TableName: table.tableName, Key: key(name), ConsistentRead: true }))).Item;
const put = (name: string) => ({
  Put: {
    TableName: table.tableName,
    Item: { ...key(name), written: true },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** A confirmation on `actor` that holds once (like a time step accepted once). */
function confirmation() {
  const actor = `actor-${++seq}`;
  const log: string[] = [];
  const items = [
    {
      Update: {
        TableName: table.tableName,
        Key: key(actor),
        UpdateExpression: 'SET accepted = :yes',
        ConditionExpression: 'attribute_not_exists(accepted)',
        ExpressionAttributeValues: { ':yes': true },
      },
    },
  ];
  const refused = async (): Promise<never> => {
    log.push('refused');
    throw new AppError('OTP_INVALID');
  };
  const pending: PendingConfirmation = {
    items,
    writeAlone: async () => {
      log.push('alone');
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') await refused();
        throw error;
      }
    },
    refused,
  };
  /** The request's transaction, with or without a code sent; checking the code is logged. */
  const transaction = (codeSent = true) =>
    confirmedTransaction({
      codeSent,
      verify: async () => {
        log.push('verified');
        if (!codeSent) throw new AppError('OTP_REQUIRED');
        return pending;
      },
    });
  return { actor, pending, log, transaction };
}

describe('An OTP confirmation written with the change it confirms', () => {
  it("rides in the use case's transaction: one round trip for the change and the accepted code", async () => {
    const { actor, log, transaction } = confirmation();
    const before = sends;

    await transaction().write(doc, [put(`change-${seq}`)]);

    expect(sends - before).toBe(1);
    expect(log).toEqual(['verified']);
    expect(await read(actor)).toMatchObject({ accepted: true });
    expect(await read(`change-${seq}`)).toMatchObject({ written: true });
  });

  it('refuses, and changes nothing, when its condition fails in the shared transaction (a replay)', async () => {
    const { actor, log, transaction } = confirmation();
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { ...key(actor), accepted: true } }));

    await expect(transaction().write(doc, [put(`change-${seq}`)])).rejects.toThrow(
      expect.objectContaining({ code: 'OTP_INVALID' }),
    );

    expect(log).toEqual(['verified', 'refused']);
    expect(await read(`change-${seq}`)).toBeUndefined();
  });

  it("leaves the store's own refusal as it was when only the change's condition fails, and spends no code", async () => {
    const { actor, log, transaction } = confirmation();
    const change = `change-${seq}`;
    await doc.send(new PutCommand({ TableName: table.tableName, Item: key(change) }));

    const error = await transaction()
      .write(doc, [put(change)])
      .catch((e: unknown) => e);

    expect(cancellationReasons(error)[0]).toBe('ConditionalCheckFailed');
    expect(log).toEqual(['verified']);
    expect(await read(actor)).toBeUndefined();
  });

  it("without a code, answers the change's own refusal and never asks for the code (issue 20 §1)", async () => {
    const { actor, log, transaction } = confirmation();
    const taken = `taken-${seq}`;
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { ...key(taken), version: 2 } }));
    // A stale version: the Update's names and values that only its update expression uses are left out of the check.
    const stale: TransactItems = [
      put(`new-${seq}`),
      {
        Update: {
          TableName: table.tableName,
          Key: key(taken),
          UpdateExpression: 'SET #note = :note, #version = #version + :one',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#note': 'note', '#version': 'version' },
          ExpressionAttributeValues: { ':note': 'x', ':one': 1, ':expected': 1 },
        },
      },
    ];

    const error = await transaction(false)
      .write(doc, stale)
      .catch((e: unknown) => e);

    expect(cancellationReasons(error)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(log).toEqual([]);
    expect(await read(actor)).toBeUndefined();
    expect(await read(`new-${seq}`)).toBeUndefined();
    expect(await read(taken)).toEqual({ ...key(taken), version: 2 });
  });

  it('without a code, asks for it when the change would succeed, and writes nothing', async () => {
    const { actor, log, transaction } = confirmation();
    const before = sends;

    await expect(transaction(false).write(doc, [put(`change-${seq}`)])).rejects.toThrow(
      expect.objectContaining({ code: 'OTP_REQUIRED' }),
    );

    // The check (ConditionChecks only), then no write.
    expect(sends - before).toBe(1);
    expect(log).toEqual(['verified']);
    expect(await read(actor)).toBeUndefined();
    expect(await read(`change-${seq}`)).toBeUndefined();
  });

  it("confirms first, alone, when the transaction writes the actor's own item (one item, one operation)", async () => {
    const { actor, log, transaction } = confirmation();

    await transaction().write(doc, [
      {
        Update: {
          TableName: table.tableName,
          Key: key(actor),
          UpdateExpression: 'SET changed = :yes',
          ExpressionAttributeValues: { ':yes': true },
        },
      },
    ]);

    expect(log).toEqual(['verified', 'alone']);
    expect(await read(actor)).toMatchObject({ accepted: true, changed: true });
  });

  it('is written alone when the use case wrote nothing, and only once', async () => {
    const done = confirmation();
    const tx = done.transaction();
    await tx.settle();
    expect(done.log).toEqual(['verified', 'alone']);
    expect(await read(done.actor)).toMatchObject({ accepted: true });

    await tx.write(doc, [put(`after-${seq}`)]);
    await tx.settle();
    expect(done.log).toEqual(['verified', 'alone']);
    expect(await read(`after-${seq}`)).toMatchObject({ written: true });
  });

  it('asks for the code when a use case that wrote nothing would succeed without one', async () => {
    const { actor, transaction } = confirmation();
    await expect(transaction(false).settle()).rejects.toThrow(
      expect.objectContaining({ code: 'OTP_REQUIRED' }),
    );
    expect(await read(actor)).toBeUndefined();
  });

  it('carries nothing outside a confirmed request, and keeps concurrent requests apart', async () => {
    const a = confirmation();
    const b = confirmation();
    const outside = `outside-${seq}`;

    await Promise.all([
      a.transaction().write(doc, [put(`a-${seq}`)]),
      b.transaction().write(doc, [put(`b-${seq}`)]),
      plainTransaction.write(doc, [put(outside)]),
    ]);

    expect(await read(a.actor)).toMatchObject({ accepted: true });
    expect(await read(b.actor)).toMatchObject({ accepted: true });
    expect(a.log).toEqual(['verified']);
    expect(b.log).toEqual(['verified']);
    expect(await read(outside)).toMatchObject({ written: true });
  });
});
