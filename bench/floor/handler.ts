import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The floor of the bundle-size and cold-start budgets: the least a function of this module can
 * do (a document client and one GetItem). Like the real handlers, it builds its client on first
 * invocation, so that importing it costs only loading the code.
 */
let doc: DynamoDBDocumentClient | undefined;

export const handler = async (event: { pk?: string }) => {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { Item } = await doc.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pk ?? 'FLOOR', sk: 'FLOOR' } }),
  );
  return Item ?? null;
};
