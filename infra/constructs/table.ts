import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/data/table.ts';
import {
  type TableDeny,
  type TableGrant,
  tableDenies,
  tableReadActions,
} from '../../shared/data/table-access.ts';

export {
  sessionTouchAttributes,
  tableReadActions,
  tableWriteActions,
} from '../../shared/data/table-access.ts';

/** Props of the single table. */
export interface DataTableProps {
  /** Keep the table and its key when the stack is deleted, and refuse table deletion. */
  readonly retainData: boolean;
  /** CloudWatch Contributor Insights (most-accessed and most-throttled keys). */
  readonly contributorInsights: boolean;
}

/**
 * The single DynamoDB table, built from `tableDefinition` (shared/data/table.ts): on-demand,
 * encrypted with its own customer-managed KMS key, point-in-time recovery, TTL, a stream of new images.
 */
export class DataTable extends Construct {
  /** The table; functions get access only through `grantRoute`. */
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
      // The outbox items' inserts feed the operation-event publisher (infra/constructs/operation-events.ts).
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retainData,
      contributorInsightsSpecification: { enabled: props.contributorInsights },
      removalPolicy,
    });
  }

  /**
   * Grants the function its route's statements on the table (`tableGrants` in
   * shared/data/table-access.ts, which the local stack and the tests enforce on every call), and
   * the key: decrypt to read, encrypt too when any statement writes.
   */
  grantRoute(fn: iam.IGrantable, grants: readonly TableGrant[]): void {
    // Index ARNs are listed by name, not as `table/x/index/*`, so the policy has no wildcard.
    const indexArns = tableDefinition.globalSecondaryIndexes.map(
      (index) => `${this.table.tableArn}/index/${index.indexName}`,
    );
    for (const grant of grants) {
      fn.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: grant.indexes ? [this.table.tableArn, ...indexArns] : [this.table.tableArn],
          conditions: grantConditions(grant),
        }),
      );
    }
    for (const deny of tableDenies(grants)) {
      fn.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: [...deny.actions],
          resources: [this.table.tableArn],
          conditions: denyConditions(deny),
        }),
      );
    }
    const writes = grants.some((grant) => grant.actions.some((action) => !readActions.has(action)));
    this.grantKey(fn, writes ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt']);
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

const readActions: ReadonlySet<string> = new Set(tableReadActions);

/** A grant's conditions as IAM writes them (see {@link TableGrant}); undefined when it has none. */
export function grantConditions(grant: TableGrant): Record<string, Record<string, unknown>> | undefined {
  const conditions: Record<string, Record<string, unknown>> = {};
  if (grant.leadingKeys)
    conditions['ForAllValues:StringLike'] = { 'dynamodb:LeadingKeys': [...grant.leadingKeys] };
  if (grant.attributes)
    conditions['ForAllValues:StringEquals'] = { 'dynamodb:Attributes': [...grant.attributes] };
  if (grant.returnValuesNone) conditions.StringEqualsIfExists = { 'dynamodb:ReturnValues': 'NONE' };
  return Object.keys(conditions).length > 0 ? conditions : undefined;
}

/** The IAM conditions of one Deny statement (`TableDeny`). */
export function denyConditions(deny: TableDeny): Record<string, Record<string, unknown>> {
  return {
    'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [...deny.leadingKeys] },
    ...(deny.attributesOtherThan
      ? { 'ForAnyValue:StringNotEquals': { 'dynamodb:Attributes': [...deny.attributesOtherThan] } }
      : {}),
  };
}
