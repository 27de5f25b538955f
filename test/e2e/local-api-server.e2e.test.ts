import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_BANK_IDENTITY } from '../../infra/local/event.ts';
import { type LocalApi, MAX_BODY_BYTES, startLocalApi } from '../../infra/local/server.ts';
import type { RouteDefinition } from '../../shared/routes.ts';
import { bankAuthorization, request } from '../helpers/http.ts';

const BANK_KEY = 'test-bank-key-0123456789';

const baseRoute = {
  handler: 'not/imported.ts',
  access: 'public',
  otp: false,
  summary: { es: 'Prueba', en: 'Test' },
  tag: 'catalog',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const;

/** A small route table of its own, so the server is specified apart from the real handlers. */
const testRoutes: RouteDefinition[] = [
  { ...baseRoute, id: 'addNote', method: 'POST', path: '/things/{thingId}/notes' },
  { ...baseRoute, id: 'listNotes', method: 'GET', path: '/things/{thingId}/notes', timeoutSeconds: 6 },
  { ...baseRoute, id: 'defaultNotes', method: 'GET', path: '/things/default/notes' },
  { ...baseRoute, id: 'bankThing', method: 'POST', path: '/bank/things', access: 'bank' },
  { ...baseRoute, id: 'download', method: 'GET', path: '/files' },
  { ...baseRoute, id: 'broken', method: 'GET', path: '/broken' },
];

type Invocation = { event: APIGatewayProxyEvent; context: Context; remainingMs: number };

describe('Local API server: API Gateway REST proxy on localhost', () => {
  let api: LocalApi;
  let invocations: Invocation[] = [];
  const answers: Record<string, APIGatewayProxyResult> = {
    download: {
      statusCode: 200,
      headers: { 'Content-Type': 'application/octet-stream' },
      multiValueHeaders: { 'Set-Cookie': ['a=1; Secure', 'b=2; Secure'] },
      body: Buffer.from([0, 1, 2, 255]).toString('base64'),
      isBase64Encoded: true,
    },
  };

  beforeAll(async () => {
    api = await startLocalApi({
      bankKey: BANK_KEY,
      routes: testRoutes,
      loadHandler: async (route) => async (event, context) => {
        invocations.push({ event, context, remainingMs: context.getRemainingTimeInMillis() });
        if (route.id === 'broken') throw new Error('boom');
        return (
          answers[route.id] ?? {
            statusCode: 200,
            headers: { 'Content-Type': 'application/json' },
            body: '{"ok":true}',
          }
        );
      },
      loadOpenApiDocument: async (serverUrl) => ({ openapi: '3.1.0', servers: [{ url: serverUrl }] }),
      logError: () => {},
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  beforeEach(() => {
    invocations = [];
  });

  it('builds a REST (v1) proxy event with the resource, path parameters, query and headers', async () => {
    // Act
    const response = await request(`${api.url}/things/caf%C3%A9/notes?tag=a&tag=b&page=2`, {
      json: { text: 'hola' },
      headers: { 'X-Custom': 'uno', 'Accept-Language': 'es' },
    });

    // Assess
    expect(response.status).toBe(200);
    const { event } = invocations[0] as Invocation;
    expect(event).toMatchObject({
      resource: '/things/{thingId}/notes',
      path: '/things/caf%C3%A9/notes',
      httpMethod: 'POST',
      pathParameters: { thingId: 'café' },
      queryStringParameters: { tag: 'b', page: '2' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], page: ['2'] },
      body: '{"text":"hola"}',
      isBase64Encoded: false,
      stageVariables: null,
    });
    expect(event.headers['X-Custom']).toBe('uno');
    expect(event.multiValueHeaders['X-Custom']).toEqual(['uno']);
    expect(event.requestContext).toMatchObject({
      stage: 'local',
      resourcePath: '/things/{thingId}/notes',
      httpMethod: 'POST',
      requestId: response.headers['x-amzn-requestid'],
    });
  });

  it('invokes the handler with a Lambda context named after the route', async () => {
    // Act
    await request(`${api.url}/things/42/notes`);

    // Assess
    const { context, remainingMs } = invocations[0] as Invocation;
    expect(context.functionName).toBe('listNotes');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(remainingMs).toBeGreaterThan(5_000);
    expect(remainingMs).toBeLessThanOrEqual(6_000);
  });

  it('prefers a literal path segment over a parameter, as API Gateway does', async () => {
    // Act
    await request(`${api.url}/things/default/notes`);

    // Assess
    expect(invocations[0]?.context.functionName).toBe('defaultNotes');
    expect(invocations[0]?.event.pathParameters).toBeNull();
  });

  it('takes identity.sourceIp from the TCP connection, never from X-Forwarded-For', async () => {
    // Act
    await request(`${api.url}/things/1/notes`, {
      localAddress: '127.0.0.2',
      headers: { 'X-Forwarded-For': '203.0.113.9' },
    });

    // Assess
    const { event } = invocations[0] as Invocation;
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.2');
    expect(event.headers['X-Forwarded-For']).toBe('203.0.113.9, 127.0.0.2');
  });

  it('passes a binary body base64-encoded', async () => {
    // Act
    await request(`${api.url}/things/1/notes`, {
      method: 'POST',
      body: Buffer.from([0xff, 0x00, 0x10]),
      headers: { 'Content-Type': 'application/octet-stream' },
    });

    // Assess
    const { event } = invocations[0] as Invocation;
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(Buffer.from([0xff, 0x00, 0x10]));
  });

  it('writes a base64 result decoded, with every value of multiValueHeaders', async () => {
    // Act
    const response = await request(`${api.url}/files`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.raw).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(response.headers['set-cookie']).toEqual(['a=1; Secure', 'b=2; Secure']);
  });

  it('gives a bank route the IAM identity when the bank key matches, without passing the key on', async () => {
    // Act
    const response = await request(`${api.url}/bank/things`, {
      json: {},
      headers: bankAuthorization(BANK_KEY),
    });

    // Assess
    expect(response.status).toBe(200);
    const { event } = invocations[0] as Invocation;
    expect(event.requestContext.identity.userArn).toBe(LOCAL_BANK_IDENTITY.userArn);
    expect(event.requestContext.identity.caller).toBe(LOCAL_BANK_IDENTITY.caller);
    expect(JSON.stringify(event.headers)).not.toContain(BANK_KEY);
  });

  it('answers 403 problem to a bank route without the bank key and never invokes the handler', async () => {
    // Act
    const response = await request<{ code: string; status: number }>(`${api.url}/bank/things`, { json: {} });

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(invocations).toHaveLength(0);
  });

  it('answers 413 to a body over 1 MB and never invokes the handler', async () => {
    // Act
    const response = await request<{ code: string }>(`${api.url}/things/1/notes`, {
      method: 'POST',
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 'a'),
      headers: { 'Content-Type': 'text/plain' },
    });

    // Assess
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(invocations).toHaveLength(0);
  });

  it('answers 502 problem, without internals, when the handler throws', async () => {
    // Act
    const response = await request<{ code: string; status: number }>(`${api.url}/broken`);

    // Assess
    expect(response.status).toBe(502);
    expect(response.body.status).toBe(502);
    expect(response.text).not.toContain('boom');
  });

  it('answers 405 with the methods of the resource in Allow', async () => {
    // Act
    const response = await request<{ code: string }>(`${api.url}/things/1/notes`, { method: 'PUT' });

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST, GET, OPTIONS');
    expect(response.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('serves the OpenAPI document at /openapi.json, pointed at this server', async () => {
    // Act
    const response = await request<{ servers: { url: string }[] }>(`${api.url}/openapi.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.servers[0]?.url).toBe(api.url);
  });
});
