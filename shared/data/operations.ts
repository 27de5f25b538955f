import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import type { Operation, OperationState } from '../domain/entitlements.ts';
import type { Company, User } from '../domain/model.ts';
import { auditPut } from './audit.ts';
import { cancellationReasons } from './errors.ts';
import { companyKeys, itemData, operationEventKeys, operationKeys, TTL_ATTRIBUTES } from './keys.ts';
import { pendingItemPut, writePendingTransition } from './maker-checker.ts';
import { type TransactItems, transactRetryingConflicts } from './transact.ts';
import { userItemKey } from './user-item.ts';

/** How long final operations, their index items and events stay readable before DynamoDB's TTL deletes them. */
export const OPERATION_RETENTION_DAYS = 90;
const DAY_SECONDS = 86_400;
/** Most pending operations of a company the pending list reads (pages of the Query). */
const MAX_PENDING_READ = 2000;

/** An approved, rejected, withdrawn or expired operation, as the transactional module consumes it. */
export interface OperationEvent {
  id: string;
  type: 'OperationApproved' | 'OperationRejected' | 'OperationWithdrawn' | 'OperationExpired';
  at: string;
  operation: Operation;
}

export const eventTypeOf: Record<Exclude<OperationState, 'PENDING_APPROVAL'>, OperationEvent['type']> = {
  APPROVED: 'OperationApproved',
  REJECTED: 'OperationRejected',
  WITHDRAWN: 'OperationWithdrawn',
  EXPIRED: 'OperationExpired',
};

/** The access patterns of entitlements and operations (docs/entitlements.md); never a Scan. */
export interface OperationStore {
  /** The companies and users named, in one BatchGetItem (≤ 100 keys), consistent. */
  readParties(
    pairs: readonly { companyCode: string; userCode: string }[],
  ): Promise<{ companies: Map<string, Company>; users: Map<string, User> }>;
  /** Creates the operation and its maker-index item, if the maker is unchanged since read, with the audit entry. */
  create(operation: Operation, makerVersion: number, audit: AuditEntry): Promise<'created' | 'maker-changed'>;
  get(companyCode: string, operationId: string): Promise<Operation | undefined>;
  /**
   * The next version of an operation, only if it is still at `expected.version` and pending:
   * with its audit entry, the event when the new state is final, and the given extra items (a
   * confirmation). 'conflict' when another write got there first (re-read and decide again).
   */
  transition(
    expected: Operation,
    next: Operation,
    audit: AuditEntry,
    extra?: TransactItems,
  ): Promise<'done' | 'conflict' | { extraFailed: true }>;
  /** The company's pending operations (Query gsi1 on the sparse pending key), oldest first. */
  listPending(companyCode: string): Promise<Operation[]>;
  /** The maker's operations, newest first (Query on the maker index, then BatchGetItem). */
  listByMaker(companyCode: string, makerCode: string, limit: number): Promise<Operation[]>;
  /** Records an audit entry on its own (refusals, where nothing else changes). */
  audit(entry: AuditEntry): Promise<void>;
  /** The company's newest operation events (Query on the outbox partition). */
  listEvents(companyCode: string, limit: number): Promise<OperationEvent[]>;
}

const ttlOf = (iso: string) => Math.floor(Date.parse(iso) / 1000) + OPERATION_RETENTION_DAYS * DAY_SECONDS;

/** The DynamoDB implementation of {@link OperationStore}. */
export function dynamoOperationStore(doc: DynamoDBDocumentClient, tableName: string): OperationStore {
  const batchGet = async (keys: Record<string, unknown>[]) => {
    const found: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt >= 5) throw Object.assign(new Error('Unprocessed keys'), { name: 'ThrottlingException' });
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return found;
  };

  return {
    async readParties(pairs) {
      const keys = new Map<string, Record<string, unknown>>();
      for (const { companyCode, userCode } of pairs) {
        const company = companyKeys.profile(companyCode);
        const user = userItemKey({ companyCode: companyCode, userCode: userCode });
        keys.set(`${company.pk}|${company.sk}`, company);
        keys.set(`${user.pk}|${user.sk}`, user);
      }
      const items = await batchGet([...keys.values()]);
      const companies = new Map<string, Company>();
      const users = new Map<string, User>();
      for (const item of items) {
        if (item.sk === 'PROFILE') {
          const company = itemData<Company>(item, TTL_ATTRIBUTES);
          companies.set(company.code, company);
        } else {
          const user = itemData<User>(item, TTL_ATTRIBUTES);
          users.set(`${user.companyCode}|${user.userCode}`, user);
        }
      }
      return { companies, users };
    },

    async create(operation, makerVersion, audit) {
      const ttl = ttlOf(operation.expiresOn);
      try {
        await transactRetryingConflicts(doc, [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...operationKeys.operation(operation.companyCode, operation.operationId),
                entity: 'Operation',
                gsi1pk: operationKeys.pending(operation.companyCode),
                gsi1sk: `${operation.createdAt}#${operation.operationId}`,
                expiresAt: ttl,
                ...operation,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...operationKeys.makerIndex(
                  operation.companyCode,
                  operation.makerCode,
                  operation.createdAt,
                  operation.operationId,
                ),
                entity: 'OperationByMaker',
                operationId: operation.operationId,
                expiresAt: ttl,
              },
            },
          },
          {
            ConditionCheck: {
              TableName: tableName,
              Key: userItemKey({ companyCode: operation.companyCode, userCode: operation.makerCode }),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': makerVersion },
            },
          },
          auditPut(tableName, audit),
        ]);
        return 'created';
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons[2] === 'ConditionalCheckFailed') return 'maker-changed';
        throw error;
      }
    },

    async get(companyCode, operationId) {
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: operationKeys.operation(companyCode, operationId),
          ConsistentRead: true,
        }),
      );
      return itemData<Operation>(result.Item, TTL_ATTRIBUTES);
    },

    async transition(expected, next, audit, extra = []) {
      const final = next.state !== 'PENDING_APPROVAL';
      const put = pendingItemPut(
        tableName,
        {
          key: operationKeys.operation(next.companyCode, next.operationId),
          entity: 'Operation',
          pendingIndex: {
            gsi1pk: operationKeys.pending(next.companyCode),
            gsi1sk: `${next.createdAt}#${next.operationId}`,
          },
          expiresAt: ttlOf(next.expiresOn),
        },
        next as Operation & Record<string, unknown>,
        expected.version,
      );
      const own: TransactItems = [];
      if (final) {
        const event: OperationEvent = {
          id: `${next.operationId}-${next.state}`,
          type: eventTypeOf[next.state as Exclude<OperationState, 'PENDING_APPROVAL'>],
          at: next.updatedAt,
          operation: next,
        };
        own.push({
          Put: {
            TableName: tableName,
            Item: {
              ...operationEventKeys.event(next.companyCode, event.at, next.operationId),
              entity: 'OperationEvent',
              expiresAt: ttlOf(event.at),
              ...event,
            },
          },
        });
      }
      return writePendingTransition(doc, tableName, put, audit, own, extra);
    },

    async listPending(companyCode) {
      const found: Operation[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': operationKeys.pending(companyCode) },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) found.push(itemData<Operation>(item, TTL_ATTRIBUTES));
        startKey = page.LastEvaluatedKey;
      } while (startKey && found.length < MAX_PENDING_READ);
      return found;
    },

    async listByMaker(companyCode, makerCode, limit) {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': operationKeys.makerPartition(companyCode, makerCode) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      const ids = (page.Items ?? []).map((item) => String(item.operationId));
      if (ids.length === 0) return [];
      const items = await batchGet(ids.map((id) => operationKeys.operation(companyCode, id)));
      const byId = new Map(
        items.map((item) => [String(item.operationId), itemData<Operation>(item, TTL_ATTRIBUTES)]),
      );
      return ids.flatMap((id) => {
        const operation = byId.get(id);
        return operation ? [operation] : [];
      });
    },

    async audit(entry) {
      await doc.send(new PutCommand(auditPut(tableName, entry).Put));
    },

    async listEvents(companyCode, limit) {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': operationEventKeys.partition(companyCode) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (page.Items ?? []).map((item) => itemData<OperationEvent>(item, TTL_ATTRIBUTES));
    },
  };
}
