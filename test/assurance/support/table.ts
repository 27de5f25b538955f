import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { auditKeys, companyKeys } from '../../../shared/data/keys.ts';

type Item = Record<string, unknown>;

/** Every item of one partition, page after page, read consistently. */
export async function queryAll(doc: DynamoDBDocumentClient, tableName: string, pk: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Items sorted by key, each session's `lastSeenAt` left out, and the audit records of refused
 * privileged requests (a refusal changes nothing but its own record, `REQUEST_REFUSED`): what
 * before/after comparisons compare.
 */
function comparable(items: Item[]): Item[] {
  return items
    .filter((item) => !(item.entity === 'Audit' && item.action === 'REQUEST_REFUSED'))
    .map((item) => {
      if (String(item.sk).startsWith('SESSION#')) {
        const { lastSeenAt: _touched, ...rest } = item;
        return rest;
      }
      return item;
    })
    .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

/**
 * Everything a company has in the table — its partition (company, users, sessions,
 * challenges) and its audit partition — sorted, for before/after comparisons. A session's
 * `lastSeenAt` is left out: any authenticated request may refresh it (once a minute).
 */
export async function partitionSnapshot(client: DynamoDBClient, tableName: string, company: string) {
  const doc = DynamoDBDocumentClient.from(client);
  return comparable([
    ...(await queryAll(doc, tableName, companyKeys.partition(company))),
    ...(await queryAll(doc, tableName, auditKeys.partition(company))),
  ]);
}

/** Every item of the table (tests only: no request path scans), sorted, sessions' `lastSeenAt` left out. */
export async function tableSnapshot(client: DynamoDBClient, tableName: string) {
  const doc = DynamoDBDocumentClient.from(client);
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return comparable(items);
}
