import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { PendingChange } from '../domain/pending-changes.ts';
import { auditPut } from './audit.ts';
import { itemData, pendingChangeKeys, TTL_ATTRIBUTES } from './keys.ts';
import { type PendingItemPlace, pendingItemPut, writePendingTransition } from './maker-checker.ts';
import {
  type TransactItems,
  type Transaction,
  transactRetryingConflicts,
  transactWrite,
} from './transact.ts';
import { versionCheck } from './versioned.ts';

/** How long settled changes stay readable before DynamoDB's TTL deletes them (the audit stays). */
export const PENDING_CHANGE_RETENTION_DAYS = 90;
/** Most changes the list reads, newest first. */
export const RECENT_CHANGES = 100;

/**
 * The access patterns of dual control (docs/administrators.md); never a Scan.
 * | pattern | how |
 * | --- | --- |
 * | propose | TransactWriteItems: Put change (new), Put audit, the proposer's confirmation |
 * | change by id | GetItem `CHANGES#c` / `<id>` (consistent) |
 * | recent changes | Query `CHANGES#c` newest first (≤ 100) |
 * | approve | the route's own transaction + conditional Put of the change + audit + ConditionCheck of the target's version + the approver's confirmation |
 * | reject / withdraw / expire | TransactWriteItems: conditional Put of the change, audit (+ confirmation) |
 */
export interface PendingChangeStore {
  create(change: PendingChange, audit: AuditEntry, transaction: Transaction): Promise<void>;
  get(companyCode: string, changeId: string): Promise<PendingChange | undefined>;
  /** The next version of a change, only if still at `expected.version` and pending (the shared maker-checker write). */
  transition(
    expected: PendingChange,
    next: PendingChange,
    audit: AuditEntry,
    extra?: TransactItems,
  ): Promise<'done' | 'conflict' | { extraFailed: true }>;
  /** The same transition as items, to ride in the transaction of the change it approves. */
  transitionItems(expected: PendingChange, next: PendingChange, audit: AuditEntry): TransactItems;
  /** The company's newest changes, every state. */
  listRecent(companyCode: string): Promise<PendingChange[]>;
  /** Records an audit entry on its own (refusals). */
  audit(entry: AuditEntry): Promise<void>;
  /** A check that an item is still at a version (the target of a change being approved). */
  versionCheck(key: Record<string, string>, version: number): TransactItems[number];
  /** Sends items on their own, in one transaction (an approval whose use case wrote nothing). */
  transact(items: TransactItems): Promise<void>;
}

const place = (change: PendingChange): PendingItemPlace => ({
  key: pendingChangeKeys.change(change.companyCode, change.changeId),
  entity: 'PendingChange',
  pendingIndex: {
    gsi1pk: pendingChangeKeys.pending(change.companyCode),
    gsi1sk: `${change.createdAt}#${change.changeId}`,
  },
  expiresAt: Math.floor(Date.parse(change.expiresOn) / 1000) + PENDING_CHANGE_RETENTION_DAYS * 86_400,
});

/** The DynamoDB implementation of {@link PendingChangeStore}. */
export function dynamoPendingChangeStore(doc: DynamoDBDocumentClient, tableName: string): PendingChangeStore {
  const transitionPut = (expected: PendingChange, next: PendingChange) =>
    pendingItemPut(tableName, place(next), next as PendingChange & Record<string, unknown>, expected.version);
  return {
    async create(change, audit, transaction) {
      const where = place(change);
      // transactWrite: the proposer's BOP Token confirmation rides in it, spent only with the proposal.
      await transactWrite(
        doc,
        [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...where.key,
                entity: 'PendingChange',
                ...where.pendingIndex,
                expiresAt: where.expiresAt,
                ...change,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(tableName, audit),
        ],
        transaction,
      );
    },

    async get(companyCode, changeId) {
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: pendingChangeKeys.change(companyCode, changeId),
          ConsistentRead: true,
        }),
      );
      return itemData<PendingChange>(result.Item, TTL_ATTRIBUTES);
    },

    transition(expected, next, audit, extra = []) {
      return writePendingTransition(doc, tableName, transitionPut(expected, next), audit, [], extra);
    },

    transitionItems(expected, next, audit) {
      return [transitionPut(expected, next), auditPut(tableName, audit)];
    },

    async listRecent(companyCode) {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pendingChangeKeys.partition(companyCode) },
          ScanIndexForward: false,
          Limit: RECENT_CHANGES,
          ConsistentRead: true,
        }),
      );
      return (page.Items ?? []).map((item) => itemData<PendingChange>(item, TTL_ATTRIBUTES));
    },

    async audit(entry) {
      await doc.send(new PutCommand(auditPut(tableName, entry).Put));
    },

    versionCheck: (key, version) => versionCheck(tableName, key, version),

    transact: (items) => transactRetryingConflicts(doc, items),
  };
}
