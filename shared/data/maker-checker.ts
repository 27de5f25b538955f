import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { MakerChecked } from '../domain/maker-checker.ts';
import { auditPut } from './audit.ts';
import { cancellationReasons } from './errors.ts';
import type { TransactItems } from './transact.ts';

/** Where a maker-checker item lives: its key, its entity name, its sparse pending index and its TTL. */
export interface PendingItemPlace {
  key: Record<string, string>;
  entity: string;
  /** gsi1 key while pending (sparse: a final item leaves the pending list). */
  pendingIndex: { gsi1pk: string; gsi1sk: string };
  /** DynamoDB TTL (epoch seconds). */
  expiresAt: number;
}

/**
 * The conditional Put of a maker-checker item's next version: only if it is still at
 * `expectedVersion` and pending. Shared by operations and dual-control changes.
 */
export function pendingItemPut(
  tableName: string,
  place: PendingItemPlace,
  next: MakerChecked & Record<string, unknown>,
  expectedVersion: number,
): TransactItems[number] {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...place.key,
        entity: place.entity,
        ...(next.state === 'PENDING_APPROVAL' ? place.pendingIndex : {}),
        expiresAt: place.expiresAt,
        ...next,
      },
      ConditionExpression: 'version = :v AND #state = :pending',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':v': expectedVersion, ':pending': 'PENDING_APPROVAL' },
    },
  };
}

/**
 * One transition of a maker-checker item: its conditional Put (first), its audit entry, the
 * store's own extra items, then the caller's (a confirmation) last. 'conflict' when the item's
 * condition failed or a concurrent transaction met it (re-read and decide again);
 * `extraFailed` when the caller's items' condition failed (a replayed code).
 */
export async function writePendingTransition(
  doc: DynamoDBDocumentClient,
  tableName: string,
  put: TransactItems[number],
  audit: AuditEntry,
  own: TransactItems,
  extra: TransactItems = [],
): Promise<'done' | 'conflict' | { extraFailed: true }> {
  const items: TransactItems = [put, auditPut(tableName, audit), ...own];
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: [...items, ...extra] }));
    return 'done';
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons.slice(items.length).includes('ConditionalCheckFailed')) return { extraFailed: true };
    if (reasons[0] === 'ConditionalCheckFailed' || reasons.includes('TransactionConflict')) return 'conflict';
    throw error;
  }
}
