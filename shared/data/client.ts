import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { confirmBeforeWrite } from './transact.ts';

/** Writes that cannot carry a request's OTP confirmation in their transaction. */
const SINGLE_WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
]);

/**
 * What the local stack and the tests add to every client a function builds (the stand-in for
 * its IAM role, `infra/local/table-guard.ts`). Empty in Lambda, where IAM itself decides.
 */
export const localClientHooks = new Set<(client: DynamoDBClient) => void>();

/**
 * The DynamoDB document client every function shares. The SDK's standard retry mode backs
 * off with full jitter; three attempts keep a throttled request within the API's timeout. A
 * single write made while a request's OTP confirmation is pending writes the confirmation
 * first (`shared/data/transact.ts`), so no change is ever made on a code that is then refused.
 */
export function createDocumentClient(options: { region: string; endpoint?: string }): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: 3,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (SINGLE_WRITES.has(context.commandName ?? '')) await confirmBeforeWrite();
      return next(args);
    },
    { step: 'initialize', name: 'confirmBeforeWrite' },
  );
  for (const hook of localClientHooks) hook(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
