import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What the local stack and the tests add to every client a function builds (the stand-in for
 * its IAM role, `infra/local/table-guard.ts`). Empty in Lambda, where IAM itself decides.
 */
export const localClientHooks = new Set<(client: DynamoDBClient) => void>();

/**
 * The DynamoDB document client every function shares. The SDK's standard retry mode backs
 * off with full jitter; three attempts keep a throttled request within the API's timeout. A
 * confirmed change is written through its request's transaction (`shared/data/transact.ts`),
 * never as a single write.
 */
export function createDocumentClient(options: { region: string; endpoint?: string }): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  for (const hook of localClientHooks) hook(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
