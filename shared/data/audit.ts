import { randomUUID } from 'node:crypto';
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
  correlationId: string;
  /** Before and after of each changed field; never secrets. */
  changes?: Record<string, { before?: unknown; after?: unknown }>;
  /** The outcome or reason, for authentication events (e.g. the real reason of a refused login). */
  outcome?: string;
  at: string;
}

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
