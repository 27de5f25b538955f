import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

let doc: DynamoDBDocumentClient | undefined;

/**
 * The floor's work (`handler.ts`), which every reference row (`uses.ts`) does too: one GetItem
 * through the document client, built on first invocation. It imports nothing but the SDK, so the
 * floor's bundle holds nothing else.
 */
export async function getItem(pk: string, sk: string): Promise<unknown> {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk, sk } }));
  return Item ?? null;
}
