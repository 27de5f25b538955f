import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as buildPublisher } from '../../functions/events/publish-operation-events.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { operationKeys } from '../../shared/data/keys.ts';
import { dynamoOperationStore } from '../../shared/data/operations.ts';
import type { Operation } from '../../shared/domain/entitlements.ts';
import { listOperationEvents } from '../../shared/services/entitlements.ts';
import {
  type BusEntry,
  OPERATION_EVENT_SOURCE,
  type OutboxStreamRecord,
  outboxStreamFilter,
} from '../../shared/services/operation-event-bus.ts';
import { createTestTable, type TestTable } from '../helpers/local-stack.ts';

// The publication of operation events (docs/entitlements.md, "Events") against the items a real
// final transition writes on DynamoDB Local: the stream record is built from the items as stored
// (DynamoDB JSON, what a NEW_IMAGE stream record carries), the event source mapping's filter is
// evaluated on it, and the publisher maps the outbox insert to its PutEvents entry.

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(undefined, 'event-bus');
});
afterAll(async () => table?.destroy());

/**
 * Lambda's event filtering for the subset of the pattern language the filter uses: arrays of
 * exact values or `{ prefix }`, nested objects; every key of the pattern must match.
 */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) =>
      typeof rule === 'object' && rule !== null && 'prefix' in rule
        ? typeof value === 'string' && value.startsWith(String((rule as { prefix: string }).prefix))
        : rule === value,
    );
  }
  if (typeof pattern === 'object' && pattern !== null) {
    if (typeof value !== 'object' || value === null) return false;
    return Object.entries(pattern).every(([key, inner]) =>
      matches(inner, (value as Record<string, unknown>)[key]),
    );
  }
  return false;
}

const COMPANY = 'EVBUS';
const at = '2026-12-07T10:00:00.000Z';

const pending: Operation = {
  companyCode: COMPANY,
  operationId: '01JEVBUS000000000000000001',
  makerCode: 'OPERA',
  optionId: 'transfers.ownAccounts',
  account: '2000000001',
  amountCents: 150_050,
  currency: 'USD',
  reference: 'TRF-1',
  digest: 'a'.repeat(64),
  state: 'PENDING_APPROVAL',
  requiredApprovals: 1,
  approvals: [],
  createdAt: '2026-12-07T09:00:00.000Z',
  expiresOn: '2026-12-08T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  capturedBy: 'arn:aws:iam::123456789012:role/transfers',
  version: 1,
};

/** Every item of a partition as stored, in DynamoDB JSON, as stream INSERT records. */
async function insertRecords(pk: string, firstSequence: number): Promise<OutboxStreamRecord[]> {
  const page = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
    }),
  );
  return (page.Items ?? []).map((item, index) => ({
    eventName: 'INSERT',
    dynamodb: {
      Keys: { pk: item.pk, sk: item.sk },
      NewImage: item,
      SequenceNumber: String(firstSequence + index),
    },
  }));
}

describe('Operation events: outbox item → filter → PutEvents entry', () => {
  it('publishes exactly the outbox insert of a committed approval, with the outbox route’s detail', async () => {
    // Prepare: a pending operation, approved through the store's own transition
    const store = dynamoOperationStore(table.documentClient, table.tableName);
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...operationKeys.operation(COMPANY, pending.operationId), entity: 'Operation', ...pending },
      }),
    );
    const approved: Operation = {
      ...pending,
      state: 'APPROVED',
      approvals: [{ userCode: 'SUPERV', at }],
      updatedAt: at,
      version: 2,
    };
    const audit = {
      companyCode: COMPANY,
      actor: 'SUPERV',
      action: 'OPERATION_APPROVED',
      target: 'OPERA',
      sourceIp: '198.51.100.7',
      correlationId: 'c-1',
      at,
      outcome: 'APPROVED',
    };
    expect(await store.transition(pending, approved, audit)).toBe('done');
    // The stream carries every item the transaction wrote: the operation (a MODIFY, here an
    // INSERT of its partition to be strict), the audit entry and the outbox item.
    const records = [
      ...(await insertRecords(operationKeys.operation(COMPANY, pending.operationId).pk, 1)),
      ...(await insertRecords(`EVENTS#${COMPANY}`, 10)),
      { eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: `EVENTS#${COMPANY}` } }, SequenceNumber: '20' } },
      { eventName: 'REMOVE', dynamodb: { Keys: { pk: { S: `EVENTS#${COMPANY}` } }, SequenceNumber: '21' } },
    ];
    const entries: BusEntry[] = [];
    const publish = buildPublisher({
      eventBusName: 'corporate-banking-admin-operations-test',
      putEvents: async (batch) => {
        entries.push(...batch);
        return { Entries: batch.map((_, i) => ({ EventId: `e-${i}` })) };
      },
      log: createLogger({ write: () => {} }),
    });

    // Act
    const passed = records.filter((record) => matches(outboxStreamFilter, record));
    const answer = await publish({ Records: passed as never });
    const outbox = await listOperationEvents(
      { operations: store, events: { publish: async () => {} }, lockoutThreshold: 3 },
      COMPANY,
    );

    // Assess: only the outbox insert passes the filter, and becomes one entry
    expect(passed.map((r) => r.dynamodb?.SequenceNumber)).toEqual(['10']);
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(entries).toHaveLength(1);
    const [entry] = entries as [BusEntry];
    expect(entry.EventBusName).toBe('corporate-banking-admin-operations-test');
    expect(entry.Source).toBe(OPERATION_EVENT_SOURCE);
    expect(entry.DetailType).toBe('OperationApproved');
    expect(entry.Time.toISOString()).toBe(at);
    const detail = JSON.parse(entry.Detail);
    expect(detail).toEqual(outbox.events[0]);
    expect(detail).toMatchObject({
      id: `${pending.operationId}-APPROVED`,
      type: 'OperationApproved',
      at,
      operation: {
        companyCode: COMPANY,
        operationId: pending.operationId,
        state: 'APPROVED',
        amount: '1500.50',
        approvals: [{ userCode: 'SUPERV', at }],
      },
    });
    expect(detail.operation).not.toHaveProperty('amountCents');
    expect(detail.operation).not.toHaveProperty('pk');
  });

  it('writes no outbox item, so publishes nothing, for a transition that did not commit', async () => {
    // Prepare: an approval of a version that is no longer current
    const store = dynamoOperationStore(table.documentClient, table.tableName);
    const stale = { ...pending, operationId: '01JEVBUS000000000000000002' };
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...operationKeys.operation(COMPANY, stale.operationId),
          entity: 'Operation',
          ...stale,
          version: 5,
        },
      }),
    );
    const before = (await insertRecords(`EVENTS#${COMPANY}`, 1)).length;

    // Act
    const result = await store.transition(
      stale,
      { ...stale, state: 'REJECTED', updatedAt: at, version: 2 },
      {
        companyCode: COMPANY,
        actor: 'SUPERV',
        action: 'OPERATION_REJECTED',
        sourceIp: '198.51.100.7',
        correlationId: 'c-2',
        at,
      },
    );

    // Assess
    expect(result).toBe('conflict');
    expect(await insertRecords(`EVENTS#${COMPANY}`, 1)).toHaveLength(before);
  });

  it('answers the entries PutEvents refused, and the whole batch when the call fails, for Lambda to retry', async () => {
    // Prepare: the outbox item of the first test, twice (sequence 1 and 2)
    const records = [
      ...(await insertRecords(`EVENTS#${COMPANY}`, 1)),
      ...(await insertRecords(`EVENTS#${COMPANY}`, 2)),
    ];
    const log = createLogger({ write: () => {} });
    const refusing = buildPublisher({
      eventBusName: 'bus',
      putEvents: async (batch) => ({
        Entries: batch.map((_, i) => (i === 1 ? { ErrorCode: 'InternalFailure' } : { EventId: 'ok' })),
      }),
      log,
    });
    const failing = buildPublisher({
      eventBusName: 'bus',
      putEvents: async () => {
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      },
      log,
    });

    // Act
    const partly = await refusing({ Records: records as never });
    const wholly = await failing({ Records: records as never });

    // Assess
    expect(partly).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(wholly).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }, { itemIdentifier: '2' }] });
  });
});
