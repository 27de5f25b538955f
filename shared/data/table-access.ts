import type { RouteDefinition } from '../routes/definition.ts';
import { refusalAuditAttributes } from './audit.ts';
import { auditKeys, companyKeys } from './keys.ts';
import { tableDefinition } from './table.ts';

/**
 * What each route's function may do to the table, as data: CDK turns it into the function's
 * IAM statements (`infra/constructs/table.ts`), and the local stack and the tests enforce the
 * very same statements on every DynamoDB call (`infra/local/table-guard.ts`), so a call a role
 * would not allow fails locally as it fails in AWS (AccessDeniedException). One source of truth:
 * the route table's `table` and `access` fields.
 */

/**
 * What a reading function may do: single-item reads, batch reads, queries and the condition
 * checks of transactions. Never Scan (no request path scans, DESIGN §4).
 */
export const tableReadActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * What a writing function may do on top of reading. IAM has no TransactWriteItems action: each
 * Put/Update/Delete/ConditionCheck inside a transaction is authorized by its own item action.
 * DeleteItem removes items (sessions, challenges), never the table: no table-level action is granted.
 */
export const tableWriteActions = [
  ...tableReadActions,
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/** An IAM action on the table's items. */
export type TableAction = (typeof tableWriteActions)[number];

/**
 * The attributes a session touch writes and conditions on (`touchSession` in
 * shared/data/auth-store.ts: `SET lastSeenAt = :at` if `sessionId = :sid`).
 */
export const sessionTouchAttributes = ['lastSeenAt', 'sessionId'] as const;

/**
 * One Allow statement on the table. Each condition is an IAM condition of the statement:
 * - `indexes`: the resources include the table's indexes (else the table only);
 * - `leadingKeys`: `ForAllValues:StringLike` on `dynamodb:LeadingKeys` (the partition keys the
 *   request touches), `*` matching any run of characters;
 * - `attributes`: `ForAllValues:StringEquals` on `dynamodb:Attributes` (the top-level attributes
 *   the request names, keys included);
 * - `returnValuesNone`: `StringEqualsIfExists` `dynamodb:ReturnValues` = `NONE`.
 */
export interface TableGrant {
  /** Why the function needs it (the statement's Sid-like description, for tests and docs). */
  readonly purpose: string;
  readonly actions: readonly TableAction[];
  readonly indexes?: boolean;
  readonly leadingKeys?: readonly string[];
  readonly attributes?: readonly string[];
  readonly returnValuesNone?: boolean;
}

/** Routes whose caller is authenticated by a session, whose every request may refresh or end it. */
export const refreshesSession = (route: Pick<RouteDefinition, 'access'>): boolean =>
  route.access === 'session' || route.access === 'companyAdmin';

/**
 * The statements of one route's function. A read-only session route also writes, narrowly,
 * what the authenticator (shared/auth/authenticate.ts) writes on every session request:
 * - the session's last-seen time (UpdateItem of the session-touch attributes only);
 * - the end of a session that the connection controls refuse (step 25): one transaction that
 *   deletes the session item (DeleteItem in a company partition; IAM cannot name a sort key) and
 *   puts the refusal's audit entry (PutItem in an audit partition only).
 */
export function tableGrants(
  route: Pick<RouteDefinition, 'table' | 'access' | 'auditsReads'>,
): readonly TableGrant[] {
  if (route.table === 'write')
    return [{ purpose: 'read and write', actions: tableWriteActions, indexes: true }];
  const read: TableGrant = { purpose: 'read', actions: tableReadActions, indexes: true };
  const auditAppend: TableGrant = {
    purpose: 'read audit',
    actions: ['dynamodb:PutItem'],
    leadingKeys: [`${auditKeys.partition('')}*`],
    returnValuesNone: true,
  };
  if (!refreshesSession(route)) return route.auditsReads ? [read, auditAppend] : [read];
  return [
    read,
    {
      purpose: 'session touch',
      actions: ['dynamodb:UpdateItem'],
      attributes: [tableDefinition.partitionKey, tableDefinition.sortKey, ...sessionTouchAttributes],
      returnValuesNone: true,
    },
    {
      purpose: 'session end',
      actions: ['dynamodb:DeleteItem'],
      leadingKeys: [`${companyKeys.partition('')}*`],
      returnValuesNone: true,
    },
    // The session end's audit entry, and an export's record of what was read (`auditsReads`).
    { ...auditAppend, purpose: 'session-end audit' },
    {
      purpose: 'refused-request audit',
      actions: ['dynamodb:UpdateItem'],
      leadingKeys: [`${auditKeys.partition('')}*`],
      attributes: [tableDefinition.partitionKey, tableDefinition.sortKey, ...refusalAuditAttributes],
      returnValuesNone: true,
    },
  ];
}
