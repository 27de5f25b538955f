/**
 * Vitest globalSetup of the projects that use the database (integration, e2e, web): one
 * DynamoDB Local (the real engine) for the whole run, on a free port, shared by every project
 * that asks for it and stopped after the last. Test files get its endpoint with
 * `inject('dynamodbEndpoint')` (or `process.env.DYNAMODB_ENDPOINT`) and create their own table
 * with `createTestTable`. Unit and infra tests never wait for it.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { pickFreePort } from '../../infra/local/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

type Engine = Awaited<ReturnType<typeof startDynamoDbLocal>>;
interface Shared {
  engine: Promise<Engine>;
  users: number;
}
/** Each project loads this module on its own; the engine is kept on the process, once. */
const SHARED = Symbol.for('corporate-banking-admin.dynamodb-local');
const holder = globalThis as typeof globalThis & { [SHARED]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  holder[SHARED] ??= {
    engine: pickFreePort('0.0.0.0').then((port) => startDynamoDbLocal({ port })),
    users: 0,
  };
  const shared = holder[SHARED];
  shared.users += 1;
  const engine = await shared.engine;
  process.env.DYNAMODB_ENDPOINT = engine.endpoint;
  project.provide('dynamodbEndpoint', engine.endpoint);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    holder[SHARED] = undefined;
    await engine.stop();
  };
}
