import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditKeys } from './keys.ts';

/** One audit entry: who, when, from where, what, on whom, and what changed. */
export interface AuditEntry {
  companyCode: string;
  /** The actor: a user code of the company, or the bank back office. */
  actor: string;
  action: string;
  /** The user the action concerns, if any. */
  target?: string;
  sourceIp: string;
  /** The request's own id (the server's, never the client's). */
  correlationId: string;
  /** The client's `X-Correlation-Id`, when it sent a well-formed one. */
  clientCorrelationId?: string;
  /** Before and after of each changed field; never secrets. */
  changes?: Record<string, { before?: unknown; after?: unknown }>;
  /** The outcome or reason, for authentication events (e.g. the real reason of a refused login). */
  outcome?: string;
  /** How many requests the entry stands for (refused requests, one entry per actor, route and minute). */
  count?: number;
  at: string;
}

/** The request's ids as an audit entry records them: the server's, and the client's beside it. */
export const requestIds = (origin: { correlationId: string; clientCorrelationId?: string }) => ({
  correlationId: origin.correlationId,
  ...(origin.clientCorrelationId ? { clientCorrelationId: origin.clientCorrelationId } : {}),
});

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

/** A refused privileged request, as the middleware reports it (issue 16, point 5). */
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
 * Every attribute a refused-request audit item may carry besides its keys: IAM limits the
 * UpdateItem that read-only functions are granted for it to these (infra/constructs/table.ts).
 */
export const refusalAuditAttributes = [
  'gsi1pk',
  'gsi1sk',
  'entity',
  'companyCode',
  'actor',
  'action',
  'route',
  'request',
  'target',
  'outcome',
  'at',
  'lastAt',
  'sourceIp',
  'lastSourceIp',
  'correlationId',
  'lastCorrelationId',
  'count',
] as const;

/**
 * Records a refused privileged request, at most one item per actor, route, code and minute:
 * a deterministic key and an atomic `ADD count :one`, so a flood of refusals grows a counter,
 * never the table. The first request of the minute gives the item its time, IP, target and
 * correlation id; the latest ones are kept beside them.
 */
export function refusalAuditUpdate(tableName: string, refusal: RefusedRequest, at: Date) {
  const minute = `${at.toISOString().slice(0, 16)}:00.000Z`;
  const id = `refused-${refusal.actor}-${refusal.route}-${refusal.code}`;
  const keys = auditKeys.entry(refusal.companyCode, minute, id, refusal.target);
  const values: Record<string, unknown> = {
    ':entity': 'Audit',
    ':company': refusal.companyCode,
    ':actor': refusal.actor,
    ':action': REQUEST_REFUSED,
    ':route': refusal.route,
    ':request': refusal.request,
    ':code': refusal.code,
    ':at': at.toISOString(),
    ':ip': refusal.sourceIp,
    ':cid': refusal.correlationId,
    ':one': 1,
  };
  const set = [
    'entity = :entity',
    'companyCode = :company',
    'actor = :actor',
    '#action = :action',
    '#route = :route',
    '#request = if_not_exists(#request, :request)',
    'outcome = :code',
    '#at = if_not_exists(#at, :at)',
    'lastAt = :at',
    'sourceIp = if_not_exists(sourceIp, :ip)',
    'lastSourceIp = :ip',
    'correlationId = if_not_exists(correlationId, :cid)',
    'lastCorrelationId = :cid',
  ];
  if (refusal.target) {
    values[':target'] = refusal.target;
    values[':g1pk'] = keys.gsi1pk;
    values[':g1sk'] = keys.gsi1sk;
    set.push('target = :target', 'gsi1pk = :g1pk', 'gsi1sk = :g1sk');
  }
  return {
    TableName: tableName,
    Key: { pk: keys.pk, sk: keys.sk },
    UpdateExpression: `SET ${set.join(', ')} ADD #count :one`,
    ExpressionAttributeNames: {
      '#action': 'action',
      '#route': 'route',
      '#request': 'request',
      '#at': 'at',
      '#count': 'count',
    },
    ExpressionAttributeValues: values,
  };
}

/** Writes refused-request audit items (the middleware's `auditRefusal`): one UpdateItem each. */
export function dynamoRefusalAuditor(
  doc: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date = () => new Date(),
) {
  return async (refusal: RefusedRequest): Promise<void> => {
    await doc.send(new UpdateCommand(refusalAuditUpdate(tableName, refusal, now())));
  };
}
