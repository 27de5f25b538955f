import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { companyKeys, userKeys } from './keys.ts';

/** Placeholders the projections may use for attributes whose names are DynamoDB reserved words. */
const RESERVED_NAMES: Record<string, string> = {
  '#role': 'role',
  '#state': 'state',
  '#token': 'token',
  '#version': 'version',
  '#permissions': 'permissions',
  '#profile': 'profile',
  '#options': 'options',
};

/**
 * Access pattern: the user items of one company with the given attributes (one Query on the
 * company's partition, `begins_with(sk, 'USER#')`, page after page). Reserved words are written
 * with their `#` placeholder (`#state`, `#permissions.#options`); `consistent` reads what the
 * last write left, for a change about to be written over every user.
 */
export async function queryCompanyUsers(
  doc: DynamoDBDocumentClient,
  tableName: string,
  companyCode: string,
  attributes: readonly string[],
  options: { consistent?: boolean } = {},
): Promise<NonNullable<QueryCommandOutput['Items']>> {
  const projection = attributes.join(', ');
  // Only the placeholders the projection uses: DynamoDB refuses unused attribute names.
  const names = Object.fromEntries(
    Object.entries(RESERVED_NAMES).filter(([placeholder]) =>
      new RegExp(`${placeholder}\\b`).test(projection),
    ),
  );
  const items: NonNullable<QueryCommandOutput['Items']> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: {
          ':pk': companyKeys.partition(companyCode),
          ':prefix': userKeys.prefix,
        },
        ProjectionExpression: projection,
        ExclusiveStartKey: startKey,
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
