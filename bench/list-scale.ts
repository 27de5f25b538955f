/**
 * `npm run bench:scale`: how the user list scales with the company's size (issue 5, "Data"):
 * the list, filter and page latency of `GET /users` at 100, 1,000 and 5,000 users, measured
 * through the real service and store against DynamoDB Local (one Query on the company
 * partition, list attributes projected, filtered and paged in the function).
 */
import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient, startDynamoDbLocal } from '../infra/local/dynamodb.ts';
import { pickFreePort } from '../infra/local/ports.ts';
import { ensureTable } from '../infra/local/table.ts';
import { userKeys } from '../shared/data/keys.ts';
import { dynamoUserStore } from '../shared/data/users.ts';
import { listUsers } from '../shared/services/users.ts';
import { percentile } from './stats.ts';

const SIZES = [100, 1_000, 5_000];
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 20);

const dynamo = await startDynamoDbLocal({ port: await pickFreePort('0.0.0.0') });
try {
  const client = localDynamoDbClient(dynamo.endpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const lines = [
    `| users in the company | list p50 ms | list p99 ms | filter p50 ms | filter p99 ms | last page p50 ms |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of SIZES) {
    const table = `scale_${size}`;
    await ensureTable(client, table);
    const company = `SCALE${size}`;
    for (let start = 0; start < size; start += 25) {
      const items = Array.from({ length: Math.min(25, size - start) }, (_, i) => {
        const code = `U${String(start + i).padStart(6, '0')}`;
        return {
          PutRequest: {
            Item: {
              ...userKeys.profile(company, code),
              entity: 'User',
              companyCode: company,
              userCode: code,
              role: 'user',
              firstName: (start + i) % 7 === 0 ? 'JUAN' : 'MARIA',
              lastName: 'PEREZ',
              email: 'u@example.com',
              state: 'ACTIVE',
              createdBy: 'ADMON',
              createdAt: new Date().toISOString(),
              version: 1,
              permissions: {
                options: ['products.inquiry'],
                limitsCents: {},
                approvals: {},
                accounts: ['1000000001'],
              },
              credential: {
                passwordHash: 'scrypt$15$8$1$x$y',
                kind: 'personal',
                failedAttempts: 0,
                history: [],
                changedAt: '2026-01-01T00:00:00Z',
              },
            },
          },
        };
      });
      await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items } }));
    }
    const key = randomBytes(32);
    const deps = { users: dynamoUserStore(doc, table), cursorKey: async () => key, lockoutThreshold: 3 };
    const time = async (query: { pageSize: number; filter?: string; cursor?: string }) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await listUsers(deps, company, query);
        samples.push(performance.now() - start);
      }
      return samples;
    };
    const list = await time({ pageSize: 10 });
    const filter = await time({ pageSize: 10, filter: 'juan' });
    const first = await listUsers(deps, company, { pageSize: 100 });
    let cursor = first.page.nextCursor;
    let last = cursor;
    while (cursor) {
      last = cursor;
      cursor = (await listUsers(deps, company, { pageSize: 100, cursor })).page.nextCursor;
    }
    const lastPage = await time({ pageSize: 100, ...(last ? { cursor: last } : {}) });
    lines.push(
      `| ${size.toLocaleString('en-US')} | ${percentile(list, 50).toFixed(1)} | ${percentile(list, 99).toFixed(1)} | ${percentile(filter, 50).toFixed(1)} | ${percentile(filter, 99).toFixed(1)} | ${percentile(lastPage, 50).toFixed(1)} |`,
    );
  }
  console.log(lines.join('\n'));
} finally {
  await dynamo.stop();
}
