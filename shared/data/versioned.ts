import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../core/audit.ts';
import { auditPut } from './audit.ts';
import { cancellationReasons, VersionConflictError } from './errors.ts';
import { type Transaction, transactWrite } from './transact.ts';

type Key = Record<string, string>;

/** The condition that an item still has the version read (optimistic locking), for a Delete or a check. */
export const versionIs = (version: number) => ({
  ConditionExpression: '#version = :version',
  ExpressionAttributeNames: { '#version': 'version' },
  ExpressionAttributeValues: { ':version': version },
});

/** A transaction item that writes nothing and holds only if the item still has the version read. */
export const versionCheck = (tableName: string, key: Key, version: number) => ({
  ConditionCheck: { TableName: tableName, Key: key, ...versionIs(version) },
});

/** One optimistic-locked change of an item, with the audit entry that records it. */
export interface VersionedWrite {
  key: Key;
  /** The version the caller read; the write happens only if the item still has it. */
  expectedVersion: number;
  /** Top-level attributes to set (their names are used as expression placeholders). */
  set?: Record<string, unknown>;
  /** Top-level attributes to remove. */
  remove?: string[];
  audit: AuditEntry;
  /** Items deleted in the same transaction (e.g. a session that must end with the change). */
  alsoDelete?: Key[];
}

/**
 * Writes the change, bumps the version and records the audit entry in one transaction,
 * conditioned on the version read (optimistic locking): a concurrent change makes it throw
 * {@link VersionConflictError} and changes nothing. It is sent in `transaction`: a confirmed
 * request's carries its accepted code in the same TransactWriteItems.
 */
export async function versionedWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  write: VersionedWrite,
  transaction: Transaction,
) {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':expected': write.expectedVersion, ':one': 1 };
  const sets = ['#version = #version + :one'];
  for (const [name, value] of Object.entries(write.set ?? {})) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  for (const name of write.remove ?? []) names[`#${name}`] = name;
  const remove = write.remove?.length ? ` REMOVE ${write.remove.map((name) => `#${name}`).join(', ')}` : '';
  try {
    await transactWrite(
      doc,
      [
        {
          Update: {
            TableName: tableName,
            Key: write.key,
            UpdateExpression: `SET ${sets.join(', ')}${remove}`,
            // A missing item has no version, so this also refuses to create one.
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        },
        ...(write.alsoDelete ?? []).map((key) => ({ Delete: { TableName: tableName, Key: key } })),
        auditPut(tableName, write.audit),
      ],
      transaction,
    );
  } catch (error) {
    if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') throw new VersionConflictError();
    throw error;
  }
}
