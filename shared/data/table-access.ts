import type { RouteDefinition } from '../routes/definition.ts';
import { refusalCounterAttributes } from './audit.ts';
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

/** The only attributes an UpdateItem on an audit entry may name: a repeated refusal's counter. */
const auditCounterAttributes = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...refusalCounterAttributes,
] as const;

/**
 * One Deny statement on the table, which wins over every Allow (also inside TransactWriteItems,
 * where IAM checks each item's action). It applies when the request's action is one of
 * `actions`, one of the partition keys it touches matches `leadingKeys` (`ForAnyValue:StringLike`
 * on `dynamodb:LeadingKeys`), and, where `attributesOtherThan` is given, it names an attribute
 * outside that list (`ForAnyValue:StringNotEquals` on `dynamodb:Attributes`).
 */
export interface TableDeny {
  readonly purpose: string;
  readonly actions: readonly TableAction[];
  readonly leadingKeys: readonly string[];
  readonly attributesOtherThan?: readonly string[];
}

/**
 * Audit immutability (PCI DSS 10.3.2): audit entries are written once, with PutItem on condition
 * that the item does not exist, in the transaction of the change they record; every role that
 * may update or delete items is denied deleting them and any update but a refused request's
 * counter (`refusalAuditWrites` in shared/data/audit.ts). IAM cannot require a PutItem's
 * condition, so a role that may put audit entries could still overwrite one with a forged PutItem:
 * docs/security.md says so, and what closes it (a stream to write-once storage).
 */
export const auditImmutability: readonly TableDeny[] = [
  {
    purpose: 'audit entries are never deleted',
    actions: ['dynamodb:DeleteItem'],
    leadingKeys: [`${auditKeys.partition('')}*`],
  },
  {
    purpose: 'audit entries never change, but for a refused request’s counter',
    actions: ['dynamodb:UpdateItem'],
    leadingKeys: [`${auditKeys.partition('')}*`],
    attributesOtherThan: auditCounterAttributes,
  },
];

/** The Deny statements of a function with these grants: audit immutability wherever it may update or delete. */
export function tableDenies(grants: readonly TableGrant[]): readonly TableDeny[] {
  const changes = grants.some((grant) =>
    grant.actions.some((action) => action === 'dynamodb:UpdateItem' || action === 'dynamodb:DeleteItem'),
  );
  return changes ? auditImmutability : [];
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
      attributes: auditCounterAttributes,
      returnValuesNone: true,
    },
  ];
}
