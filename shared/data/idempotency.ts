import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unlessConditionFails } from './errors.ts';
import { idempotencyKeys, itemData } from './keys.ts';

/** The answer of a completed request, kept so that a retry with the same key gets it again. */
export interface StoredResponse {
  statusCode: number;
  body: string;
  contentType?: string;
  isBase64Encoded?: boolean;
}

/** One `Idempotency-Key` of one caller (`IDEMPOTENCY#<caller>#<key>` / `IDEMPOTENCY`). */
export interface IdempotencyRecord {
  status: 'IN_PROGRESS' | 'COMPLETED';
  /** The route and the fingerprint of its validated input: the same key with another request is refused. */
  requestHash: string;
  /** Which execution holds an in-progress record, so that only it completes or releases it. */
  claimId: string;
  /** Epoch ms: an in-progress record older than this was abandoned (the function timed out) and may be taken over. */
  leaseUntil: number;
  /** TTL, epoch seconds: the key is forgotten after it (24 h). */
  expiresAt: number;
  response?: StoredResponse;
}

export type ClaimOutcome = { claimed: true } | { claimed: false; record: IdempotencyRecord | undefined };

/** The access patterns of idempotent requests (routes with `idempotent: true`). */
export interface IdempotencyStore {
  /**
   * Claims the key for one execution: a conditional PutItem that succeeds when the key is
   * new, expired, or held by an abandoned execution of the same request (lease over). Otherwise
   * returns the record that holds it (read strongly consistent; `undefined` if it just went).
   */
  claim(
    caller: string,
    key: string,
    claim: { requestHash: string; claimId: string; leaseUntil: number; expiresAt: number; routeId: string },
    nowMs: number,
  ): Promise<ClaimOutcome>;
  /** Stores the response of the execution that holds the claim; a claim taken over meanwhile is left alone. */
  complete(caller: string, key: string, claimId: string, response: StoredResponse): Promise<void>;
  /** Forgets an in-progress claim whose execution failed, so that a retry runs again. */
  release(caller: string, key: string, claimId: string): Promise<void>;
}

/** The DynamoDB implementation of {@link IdempotencyStore}. */
export function dynamoIdempotencyStore(doc: DynamoDBDocumentClient, tableName: string): IdempotencyStore {
  return {
    async claim(caller, key, claim, nowMs) {
      const Key = idempotencyKeys.record(caller, key);
      const claimed = await unlessConditionFails(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...Key,
              entity: 'Idempotency',
              caller,
              routeId: claim.routeId,
              requestHash: claim.requestHash,
              status: 'IN_PROGRESS',
              claimId: claim.claimId,
              leaseUntil: claim.leaseUntil,
              expiresAt: claim.expiresAt,
              createdAt: new Date(nowMs).toISOString(),
            },
            // TTL deletion is lazy: an expired record counts as absent.
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR ' +
              '(#status = :inProgress AND leaseUntil < :nowMs AND requestHash = :hash)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':nowSeconds': Math.floor(nowMs / 1000),
              ':nowMs': nowMs,
              ':inProgress': 'IN_PROGRESS',
              ':hash': claim.requestHash,
            },
          }),
        ),
      );
      if (claimed !== false) return { claimed: true };
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
      return { claimed: false, record: itemData<IdempotencyRecord>(Item) };
    },

    async complete(caller, key, claimId, response) {
      // Here and in `release`: a record that is no longer this claim's (completed, released or
      // taken over) is left alone.
      await unlessConditionFails(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: idempotencyKeys.record(caller, key),
            UpdateExpression: 'SET #status = :completed, #response = :response REMOVE leaseUntil',
            ConditionExpression: 'claimId = :claim AND #status = :inProgress',
            ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
            ExpressionAttributeValues: {
              ':completed': 'COMPLETED',
              ':inProgress': 'IN_PROGRESS',
              ':response': response,
              ':claim': claimId,
            },
          }),
        ),
      );
    },

    async release(caller, key, claimId) {
      await unlessConditionFails(
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: idempotencyKeys.record(caller, key),
            ConditionExpression: 'claimId = :claim AND #status = :inProgress',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claim': claimId, ':inProgress': 'IN_PROGRESS' },
          }),
        ),
      );
    },
  };
}
