import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandOutput,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb.ts';
import { ensureTable } from '../../infra/local/table.ts';
import { guardTable } from '../../infra/local/table-guard.ts';
import { auditKeys, userKeys } from '../../shared/data/keys.ts';

export { readSentEmails, type SentEmail } from '../../infra/local/ses.ts';

import { readSentEmails } from '../../infra/local/ses.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/stack.ts';

export type { LocalStack, LocalStackOptions };

/** The run's DynamoDB Local, started once by `test/setup/global-dynamodb.ts`. */
export function dynamodbEndpoint(): string {
  const endpoint = inject('dynamodbEndpoint') ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('No DynamoDB Local: run the tests with vitest (its globalSetup starts one)');
  return endpoint;
}

/** A table name no other test file uses: `test_<label>_<random>`. */
export function uniqueTableName(label = 'table'): string {
  return `test_${label.replace(/[^A-Za-z0-9_.-]/g, '_')}_${randomUUID().slice(0, 8)}`;
}

/**
 * The whole local system for one test file, on the run's DynamoDB Local and a table of its own
 * (`label`), without the demo company unless `seed` says so; the handlers log warnings and
 * errors unless `env` sets LOG_LEVEL.
 */
export function startTestStack(label: string, options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack({
    dynamoEndpoint: dynamodbEndpoint(),
    tableName: uniqueTableName(label),
    seed: false,
    // A function's deadline is Lambda's; the test machine's CPU is shared by far more than one.
    timeoutScale: 6,
    ...options,
    env: { LOG_LEVEL: 'warn', ...options.env },
  });
}

/**
 * The latest generic password the local SES received for `email` (a re-issue replaces the
 * onboarding's): its e-mail sets it on a line of its own, indented four spaces.
 */
export async function mailedGenericPassword(sesUrl: string, email: string): Promise<string> {
  const password = (await readSentEmails(sesUrl))
    .filter((m) => m.destination.to.includes(email))
    .map((m) => m.body.text?.match(/^ {4}(\S+)$/m)?.[1])
    .findLast((found) => found !== undefined);
  if (!password) throw new Error(`no generic password mailed to ${email}`);
  return password;
}

export interface TestTable {
  readonly tableName: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  /** A user item as stored (strongly consistent read), to assert what a request wrote. */
  readUser(companyCode: string, userCode: string): Promise<GetCommandOutput['Item']>;
  /**
   * Another writer's change of a user, behind the back of a request that read it: its version
   * moves on, so a write conditioned on the version read fails.
   */
  changeUserBehind(companyCode: string, userCode: string): Promise<void>;
  /** A company's audit partition as stored (strongly consistent), to assert what was audited. */
  readAudit(companyCode: string): Promise<NonNullable<QueryCommandOutput['Items']>>;
  /** Deletes the table and closes the clients (the engine is in memory: optional, but tidy). */
  destroy(): Promise<void>;
}

/**
 * Creates a fresh, uniquely named table from `tableDefinition` in DynamoDB Local, for one test
 * file, with a document client for it that marshals as the handlers' client does
 * (`shared/data/client.ts`) and carries the local dummy credentials.
 */
export async function createTestTable(endpoint = dynamodbEndpoint(), label?: string): Promise<TestTable> {
  const tableName = uniqueTableName(label);
  const client = localDynamoDbClient(endpoint);
  await ensureTable(client, tableName);
  // Calls a handler makes as its route (`asRoute`) get that route's IAM statements; set-up calls do not.
  guardTable(client, tableName);
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return {
    tableName,
    endpoint,
    client,
    documentClient,
    readUser: async (companyCode, userCode) =>
      (
        await documentClient.send(
          new GetCommand({
            TableName: tableName,
            Key: userKeys.profile(companyCode, userCode),
            ConsistentRead: true,
          }),
        )
      ).Item,
    changeUserBehind: async (companyCode, userCode) => {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName,
          Key: userKeys.profile(companyCode, userCode),
          UpdateExpression: 'SET version = version + :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
    },
    readAudit: async (companyCode) =>
      (
        await documentClient.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': auditKeys.partition(companyCode) },
            ConsistentRead: true,
          }),
        )
      ).Items ?? [],
    destroy: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
      client.destroy();
    },
  };
}

/**
 * The test file's own table, created before its tests and deleted after them; what it answers
 * stands for that table from the file's first hook on.
 */
export function fileTable(label: string): TestTable {
  let table: TestTable | undefined;
  beforeAll(async () => {
    table = await createTestTable(undefined, label);
  });
  afterAll(async () => table?.destroy());
  return new Proxy({} as TestTable, {
    get: (_, name) => {
      if (!table) throw new Error(`the ${label} table is created in beforeAll: use it in a hook or a test`);
      return table[name as keyof TestTable];
    },
  });
}
