import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { operationEventKeys } from '../data/keys.ts';
import type { OperationEvent } from '../data/operations.ts';
import { operationView } from './entitlements.ts';

/**
 * Publication of the operation events on the stage's EventBridge bus (docs/entitlements.md,
 * "Events"): the table's stream carries each outbox item the final transition wrote in its own
 * transaction, the stream's filter keeps only those inserts, and the publisher maps each one to
 * one PutEvents entry. Pure mapping here; the function is functions/events/publish-operation-events.ts.
 */

/** The `source` of every event this module puts on the bus. */
export const OPERATION_EVENT_SOURCE = 'corporate-banking-admin.entitlements';

/** The outbox items' partition-key prefix (`EVENTS#<company>`). */
export const OUTBOX_KEY_PREFIX = operationEventKeys.partition('');

/**
 * The Lambda event-source filter on the table's stream: new outbox items only. Updates and TTL
 * deletions of outbox items, and every other item of the table, never reach the publisher.
 */
export const outboxStreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { Keys: { pk: { S: [{ prefix: OUTBOX_KEY_PREFIX }] } } },
} as const;

/** The part of a DynamoDB stream record the publisher reads (aws-lambda's DynamoDBRecord fits it). */
export interface OutboxStreamRecord {
  eventName?: string;
  dynamodb?: {
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    SequenceNumber?: string;
  };
}

/** Whether a stream record is an outbox insert (the filter's own test, repeated in the function). */
export function isOutboxInsert(record: OutboxStreamRecord): boolean {
  const pk = (record.dynamodb?.Keys?.pk as { S?: unknown } | undefined)?.S;
  return record.eventName === 'INSERT' && typeof pk === 'string' && pk.startsWith(OUTBOX_KEY_PREFIX);
}

/** The event an outbox item holds, from the record's new image (DynamoDB JSON). */
export function outboxEventOf(image: Record<string, unknown>): OperationEvent {
  const item = unmarshall(image as Record<string, AttributeValue>) as Record<string, unknown>;
  const { id, type, at, operation } = item;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof at !== 'string' || !operation) {
    throw new Error('Not an operation event item');
  }
  return {
    id,
    type: type as OperationEvent['type'],
    at,
    operation: operation as OperationEvent['operation'],
  };
}

/**
 * The event's `detail`: exactly what `GET /service/operation-events` answers for it — `id`
 * (stable, `<operationId>-<STATE>`: consumers deduplicate on it), `type`, `at`, and the
 * operation as the service routes show it (amount as a 2-decimal string, its final state).
 */
export function operationEventDetail(event: OperationEvent) {
  return {
    id: event.id,
    type: event.type,
    at: event.at,
    operation: operationView(event.operation, new Date(event.at)),
  };
}

/** One PutEvents entry of the event, on the named bus. */
export function busEntryOf(event: OperationEvent, eventBusName: string) {
  return {
    EventBusName: eventBusName,
    Source: OPERATION_EVENT_SOURCE,
    DetailType: event.type,
    Time: new Date(event.at),
    Detail: JSON.stringify(operationEventDetail(event)),
  };
}

export type BusEntry = ReturnType<typeof busEntryOf>;

/** What PutEvents answers, per entry in order (an entry with an ErrorCode was not put). */
export interface PutEventsAnswer {
  Entries?: { ErrorCode?: string; ErrorMessage?: string; EventId?: string }[];
}

/**
 * Publishes a batch of stream records and answers the records to retry, by sequence number
 * (Lambda's partial batch response): entries PutEvents refused, or all of them when the call
 * itself failed. Records that are not outbox inserts are skipped (the filter already drops them).
 * At least once: a retried record may be put twice; `detail.id` tells the copies apart.
 */
export async function publishOutboxRecords(
  records: readonly OutboxStreamRecord[],
  putEvents: (entries: BusEntry[]) => Promise<PutEventsAnswer>,
  eventBusName: string,
): Promise<{ batchItemFailures: { itemIdentifier: string }[]; published: string[] }> {
  const pending = records.filter(isOutboxInsert).map((record) => ({
    sequence: record.dynamodb?.SequenceNumber ?? '',
    entry: busEntryOf(outboxEventOf(record.dynamodb?.NewImage ?? {}), eventBusName),
  }));
  const failed: string[] = [];
  const published: string[] = [];
  // PutEvents takes at most 10 entries a call.
  for (let start = 0; start < pending.length; start += 10) {
    const chunk = pending.slice(start, start + 10);
    let answer: PutEventsAnswer;
    try {
      answer = await putEvents(chunk.map((p) => p.entry));
    } catch {
      failed.push(...chunk.map((p) => p.sequence));
      continue;
    }
    chunk.forEach((p, index) => {
      const result = answer.Entries?.[index];
      if (!result || result.ErrorCode) failed.push(p.sequence);
      else published.push(p.sequence);
    });
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })), published };
}
