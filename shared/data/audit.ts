import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import { isConditionalCheckFailed } from './errors.ts';
import { auditKeys } from './keys.ts';

/**
 * The audit item for a transaction: written in the same TransactWriteItems as the change it
 * records, so neither exists without the other.
 */
export function auditPut(tableName: string, entry: AuditEntry) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...auditKeys.entry(entry.companyCode, entry.at, randomUUID(), entry.target),
        entity: 'Audit',
        ...entry,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A refused privileged request, as the middleware reports it. */
export interface RefusedRequest {
  /** The caller's company: the only partition a request of theirs may write. */
  companyCode: string;
  actor: string;
  /** The route's id (`route`) and what was asked (`request`: method and path as sent). */
  route: string;
  request: string;
  /** The user the request named, if any. */
  target?: string;
  /** The refusal's stable code (`FORBIDDEN`, `OPTION_NOT_GRANTED`, `VALIDATION_FAILED:invalid_cursor`, …). */
  code: string;
  sourceIp: string;
  correlationId: string;
}

/** The action of refused-request audit items. */
export const REQUEST_REFUSED = 'REQUEST_REFUSED';

/**
 * The only attributes a repeated refusal changes on its audit item. Audit entries are written
 * once (PutItem); IAM denies every UpdateItem on audit partitions that names any other attribute,
 * so this counter is the one thing about an audit entry a role can change
 * (`auditImmutability` in shared/data/table-access.ts).
 */
export const refusalCounterAttributes = ['count', 'lastAt', 'lastSourceIp', 'lastCorrelationId'] as const;

/**
 * Records a refused privileged request, at most one item per actor, route, code and minute, on
 * a deterministic key: the first refusal of the minute puts the entry (its time, IP, target and
 * correlation id), each later one only raises its counter and keeps the latest time, IP and
 * correlation id beside it. A flood grows a counter, never the table.
 */
export function refusalAuditWrites(tableName: string, refusal: RefusedRequest, at: Date) {
  const minute = `${at.toISOString().slice(0, 16)}:00.000Z`;
  const id = `refused-${refusal.actor}-${refusal.route}-${refusal.code}`;
  const keys = auditKeys.entry(refusal.companyCode, minute, id, refusal.target);
  const when = at.toISOString();
  return {
    first: {
      TableName: tableName,
      Item: {
        ...keys,
        entity: 'Audit',
        companyCode: refusal.companyCode,
        actor: refusal.actor,
        action: REQUEST_REFUSED,
        route: refusal.route,
        request: refusal.request,
        ...(refusal.target ? { target: refusal.target } : {}),
        outcome: refusal.code,
        at: when,
        lastAt: when,
        sourceIp: refusal.sourceIp,
        lastSourceIp: refusal.sourceIp,
        correlationId: refusal.correlationId,
        lastCorrelationId: refusal.correlationId,
        count: 1,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
    again: {
      TableName: tableName,
      Key: { pk: keys.pk, sk: keys.sk },
      UpdateExpression: 'SET lastAt = :at, lastSourceIp = :ip, lastCorrelationId = :cid ADD #count :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: {
        ':at': when,
        ':ip': refusal.sourceIp,
        ':cid': refusal.correlationId,
        ':one': 1,
      },
    },
  };
}

/** Writes refused-request audit items (the middleware's `auditRefusal`): a PutItem, then counter updates. */
export function dynamoRefusalAuditor(
  doc: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
) {
  return async (refusal: RefusedRequest): Promise<void> => {
    const writes = refusalAuditWrites(tableName, refusal, now());
    try {
      await doc.send(new PutCommand(writes.first));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      await doc.send(new UpdateCommand(writes.again));
    }
  };
}
