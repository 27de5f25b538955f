import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type TableDefinition, tableDefinition } from '../../shared/data/table.ts';

/**
 * CreateTable's input for `definition`: on-demand billing and every GSI projecting all
 * attributes, as the CDK table does. Every key attribute is a string (see `shared/data/keys.ts`).
 */
export function createTableInput(
  tableName: string,
  definition: TableDefinition = tableDefinition,
): CreateTableCommandInput {
  const keyNames = new Set<string>([definition.partitionKey, definition.sortKey]);
  for (const index of definition.globalSecondaryIndexes) {
    keyNames.add(index.partitionKey);
    keyNames.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * Creates the table from `definition` unless it exists, waits until it is ACTIVE and turns on
 * TTL (ignored where the engine does not support it). Says whether it created the table.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition = tableDefinition,
): Promise<'created' | 'existing'> {
  let outcome: 'created' | 'existing' = 'existing';
  if (!(await tableExists(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName, definition)));
      outcome = 'created';
    } catch (error) {
      // Another process created it in the meantime: fine.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  await enableTimeToLive(client, tableName, definition.timeToLiveAttribute);
  return outcome;
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  try {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (current.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
  } catch {
    // TTL only removes expired items eventually (in AWS too, up to days later), so nothing may depend on it.
  }
}
