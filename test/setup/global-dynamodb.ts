/**
 * Vitest globalSetup: one DynamoDB Local (the real engine) for the whole test run, on a free
 * port. Test files get its endpoint with `inject('dynamodbEndpoint')` (or
 * `process.env.DYNAMODB_ENDPOINT`) and create their own table with `createTestTable`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { pickFreePort } from '../../infra/local/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal({ port: await pickFreePort('0.0.0.0') });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
