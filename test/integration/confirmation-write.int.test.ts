import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/dynamodb.ts';
import { AppError } from '../../shared/core/errors.ts';
import { createDocumentClient } from '../../shared/data/client.ts';
import { cancellationReasons } from '../../shared/data/errors.ts';
import { type PendingConfirmation, runConfirmed, transactWrite } from '../../shared/data/transact.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';

// The OTP confirmation of a request rides in the use case's own transaction
// (shared/data/transact.ts), on the production document client, against DynamoDB Local.
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
  return { actor, pending, log };
}

describe('An OTP confirmation written with the change it confirms', () => {
  it("rides in the use case's transaction: one round trip for the change and the accepted code", async () => {
    const { actor, pending, log } = confirmation();
    const before = sends;

    await runConfirmed(pending, () => transactWrite(doc, [put(`change-${seq}`)]));

    expect(sends - before).toBe(1);
    expect(log).toEqual([]);
    expect(await read(actor)).toMatchObject({ accepted: true });
    expect(await read(`change-${seq}`)).toMatchObject({ written: true });
  });

  it('refuses, and changes nothing, when its condition fails in the shared transaction (a replay)', async () => {
    const { actor, pending, log } = confirmation();
    await doc.send(new PutCommand({ TableName: table.tableName, Item: { ...key(actor), accepted: true } }));

    await expect(runConfirmed(pending, () => transactWrite(doc, [put(`change-${seq}`)]))).rejects.toThrow(
      expect.objectContaining({ code: 'OTP_INVALID' }),
    );

    expect(log).toEqual(['refused']);
    expect(await read(`change-${seq}`)).toBeUndefined();
  });

  it("leaves the store's own refusal as it was when only the change's condition fails, and spends no code", async () => {
    const { actor, pending, log } = confirmation();
    const change = `change-${seq}`;
    await doc.send(new PutCommand({ TableName: table.tableName, Item: key(change) }));

    const error = await runConfirmed(pending, () => transactWrite(doc, [put(change)])).catch((e) => e);

    expect(cancellationReasons(error)[0]).toBe('ConditionalCheckFailed');
    expect(log).toEqual([]);
    expect(await read(actor)).toBeUndefined();
  });

  it('writes it first, alone, before a single write that cannot carry it — so a refused code changes nothing', async () => {
    const accepted = confirmation();
    await runConfirmed(accepted.pending, () =>
      doc.send(new PutCommand({ TableName: table.tableName, Item: key(`single-${seq}`) })),
    );
    expect(accepted.log).toEqual(['alone']);
    expect(await read(accepted.actor)).toMatchObject({ accepted: true });

    const replayed = confirmation();
    await doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...key(replayed.actor), accepted: true } }),
    );
    await expect(
      runConfirmed(replayed.pending, () =>
        doc.send(new PutCommand({ TableName: table.tableName, Item: key(`single-${seq}`) })),
      ),
    ).rejects.toThrow(expect.objectContaining({ code: 'OTP_INVALID' }));
    expect(await read(`single-${seq}`)).toBeUndefined();
  });

  it("confirms first, alone, when the transaction writes the actor's own item (one item, one operation)", async () => {
    const { actor, pending, log } = confirmation();

    await runConfirmed(pending, () =>
      transactWrite(doc, [
        {
          Update: {
            TableName: table.tableName,
            Key: key(actor),
            UpdateExpression: 'SET changed = :yes',
            ExpressionAttributeValues: { ':yes': true },
          },
        },
      ]),
    );

    expect(log).toEqual(['alone']);
    expect(await read(actor)).toMatchObject({ accepted: true, changed: true });
  });

  it('writes it after a use case that wrote nothing, and not at all after one that failed', async () => {
    const done = confirmation();
    await expect(runConfirmed(done.pending, async () => 'read only')).resolves.toBe('read only');
    expect(await read(done.actor)).toMatchObject({ accepted: true });

    const failed = confirmation();
    await expect(
      runConfirmed(failed.pending, async () => {
        throw new AppError('VERSION_CONFLICT');
      }),
    ).rejects.toThrow(expect.objectContaining({ code: 'VERSION_CONFLICT' }));
    expect(failed.log).toEqual([]);
    expect(await read(failed.actor)).toBeUndefined();
  });

  it('carries nothing outside a confirmed request, and keeps concurrent requests apart', async () => {
    const a = confirmation();
    const b = confirmation();
    const outside = `outside-${seq}`;

    await Promise.all([
      runConfirmed(a.pending, () => transactWrite(doc, [put(`a-${seq}`)])),
      runConfirmed(b.pending, () => transactWrite(doc, [put(`b-${seq}`)])),
      transactWrite(doc, [put(outside)]),
    ]);

    expect(await read(a.actor)).toMatchObject({ accepted: true });
    expect(await read(b.actor)).toMatchObject({ accepted: true });
    expect(a.log).toEqual([]);
    expect(b.log).toEqual([]);
    expect(await read(outside)).toMatchObject({ written: true });
  });
});
