import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/data/table.ts';

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

/**
 * The attributes a session touch writes and conditions on (`touchSession` in
 * shared/data/auth-store.ts: `SET lastSeenAt = :at` if `sessionId = :sid`).
 */
export const sessionTouchAttributes = ['lastSeenAt', 'sessionId'] as const;

/**
 * The partition-key prefix of audit entries (shared/data/keys.ts). Audit entries are written
 * once (PutItem, inside the transaction of the change they record) and never changed: every
 * application role is denied UpdateItem and DeleteItem on items whose partition key starts
 * with it (IAM's `dynamodb:LeadingKeys`).
 */
export const immutableKeyPrefix = 'AUDIT#';

/** The item actions denied on audit entries to every application role. */
export const auditDeniedActions = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

/** Props of the single table. */
export interface DataTableProps {
  /** Keep the table and its key when the stack is deleted, and refuse table deletion. */
  readonly retainData: boolean;
  /** CloudWatch Contributor Insights (most-accessed and most-throttled keys). */
  readonly contributorInsights: boolean;
}

/**
 * The single DynamoDB table, built from `tableDefinition` (shared/data/table.ts): on-demand,
 * encrypted with its own customer-managed KMS key, point-in-time recovery, TTL.
 */
export class DataTable extends Construct {
  /** The table; functions get access only through `grantRead` / `grantWrite`. */
  readonly table: dynamodb.TableV2;
  /** The customer-managed key that encrypts the table. */
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the corporate banking administration table',
      enableKeyRotation: true,
      removalPolicy,
      // A retained key waits the longest before deletion, so a mistaken schedule can be cancelled.
      pendingWindow: Duration.days(props.retainData ? 30 : 7),
    });

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retainData,
      contributorInsightsSpecification: { enabled: props.contributorInsights },
      removalPolicy,
    });
  }

  /** Lets the function read items and query the table and its indexes. */
  grantRead(fn: iam.IGrantable): void {
    this.grant(fn, tableReadActions, ['kms:Decrypt']);
  }

  /** Lets the function read, put, update and delete items (including in transactions). */
  grantWrite(fn: iam.IGrantable): void {
    this.grant(fn, tableWriteActions, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
  }

  /**
   * Lets a read-only function of a session route refresh the session's idle timer: UpdateItem
   * on the table, limited by IAM to the key and the session-touch attributes, returning nothing.
   * The authenticator does this on every session request, whatever the route's own access.
   */
  grantSessionTouch(fn: iam.IGrantable): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': [
              tableDefinition.partitionKey,
              tableDefinition.sortKey,
              ...sessionTouchAttributes,
            ],
          },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    );
    this.grantKey(fn, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
    this.denyAuditChanges(fn);
  }

  /**
   * Denies changing or deleting audit entries, whatever else the role may do on the table (an
   * explicit deny wins, also inside TransactWriteItems, where IAM checks each item's action).
   */
  private denyAuditChanges(fn: iam.IGrantable): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [...auditDeniedActions],
        resources: [this.table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`${immutableKeyPrefix}*`] } },
      }),
    );
  }

  private grant(fn: iam.IGrantable, actions: readonly string[], keyActions: readonly string[]): void {
    // Index ARNs are listed by name, not as `table/x/index/*`, so the policy has no wildcard.
    const indexArns = tableDefinition.globalSecondaryIndexes.map(
      (index) => `${this.table.tableArn}/index/${index.indexName}`,
    );
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [this.table.tableArn, ...indexArns] }),
    );
    this.grantKey(fn, keyActions);
    if (actions.some((action) => (auditDeniedActions as readonly string[]).includes(action))) {
      this.denyAuditChanges(fn);
    }
  }

  private grantKey(fn: iam.IGrantable, keyActions: readonly string[]): void {
    // The key is usable only through DynamoDB, never to decrypt anything directly.
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...keyActions],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }
}
