import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../shared/data/client.ts';
import { httpHandler } from '../../../shared/http/middleware.ts';
import { route } from '../../../shared/routes.ts';
import { lambdaContext, restEvent } from '../../helpers/events.ts';

/**
 * Issue 9, point 5: the production DynamoDB client (`createDocumentClient`) against an endpoint
 * that always throttles — no mock in between, so the SDK's own retry strategy runs. Retries are
 * bounded (3 attempts in all, with backoff), then the request is answered 503 with Retry-After.
 */

let server: Server;
let endpoint = '';
let requests = 0;
/** DynamoDB's wire answer for a throttled call. */
let answer = {
  type: 'ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded',
};

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  server = createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `r-${requests}`,
      });
      response.end(
        JSON.stringify({
          __type: `com.amazonaws.dynamodb.v20120810#${answer.type}`,
          message: answer.message,
        }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('DynamoDB client: throttling', () => {
  it.each([
    [
      'a single-item call',
      'ProvisionedThroughputExceededException',
      new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }),
    ],
    [
      'a transaction',
      'ThrottlingException',
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] }),
    ],
  ])(
    'tries %s 3 times in all, backing off, then lets the error through',
    async (_what, type, command) => {
      // Arrange
      answer = { type, message: 'Rate exceeded' };
      requests = 0;
      const doc = createDocumentClient({ region: 'us-east-1', endpoint });
      const started = Date.now();

      // Act
      const outcome = await doc.send(command as GetCommand).catch((error: Error) => error);

      // Assess
      expect(outcome).toMatchObject({ name: type });
      expect(requests).toBe(3);
      expect(Date.now() - started).toBeLessThan(15_000);
      doc.destroy();
    },
    20_000,
  );

  it('answers the caller 503 SERVICE_UNAVAILABLE with Retry-After once the retries are spent', async () => {
    answer = { type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' };
    requests = 0;
    const doc = createDocumentClient({ region: 'us-east-1', endpoint });
    const handler = httpHandler(route('passwordRules'), { write: () => {} }, async () => {
      await doc.send(new GetCommand({ TableName: 't', Key: { pk: 'a', sk: 'b' } }));
      return { body: {} };
    });

    const response = await handler(
      restEvent({ method: 'GET', path: '/auth/password-rules' }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).code).toBe('SERVICE_UNAVAILABLE');
    expect(response.headers?.['retry-after']).toBe('2');
    expect(requests).toBe(3);
    doc.destroy();
  }, 20_000);
});

describe('Lambda timeout', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, not a 500, when the function is about to time out', async () => {
    const handler = httpHandler(route('passwordRules'), { write: () => {} }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { body: {} };
    });

    const response = await handler(restEvent({ method: 'GET', path: '/auth/password-rules' }), {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => 100,
    });

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).code).toBe('SERVICE_UNAVAILABLE');
    expect(response.headers?.['retry-after']).toBe('2');
  });
});
