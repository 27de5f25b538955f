import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { companyKeys, userKeys } from './keys.ts';

/** Names the list projections may use for attributes that are DynamoDB reserved words. */
const RESERVED_NAMES = { '#role': 'role', '#state': 'state', '#token': 'token' };

/**
 * Access pattern: the user items of one company with the given attributes, which must name
 * `#role`, `#state` and `#token` (one Query on the company's partition, page after page).
 */
export async function queryCompanyUsers(
  doc: DynamoDBDocumentClient,
  tableName: string,
  companyCode: string,
  attributes: readonly string[],
): Promise<NonNullable<QueryCommandOutput['Items']>> {
  const items: NonNullable<QueryCommandOutput['Items']> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeNames: RESERVED_NAMES,
        ExpressionAttributeValues: {
          ':pk': companyKeys.partition(companyCode),
          ':prefix': userKeys.prefix,
        },
        ProjectionExpression: attributes.join(', '),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
