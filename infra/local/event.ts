import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayEventIdentity, APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { RouteDefinition } from '../../shared/routes.ts';

export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_STAGE = 'local';
/** The IAM identity API Gateway reports for the bank back office on the local stack. */
export const LOCAL_BANK_IDENTITY = {
  userArn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local-bank-backoffice`,
  caller: 'AIDALOCALBANKBACKOFFICE',
} as const;

/** The client address API Gateway would see: the TCP peer, IPv4-mapped IPv6 written as IPv4. */
export function sourceIpOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}

/**
 * The caller's identity as API Gateway reports it for a request neither IAM-signed nor with an
 * API key nor from Cognito: every field null but the source address and the user agent.
 */
export function anonymousIdentity(sourceIp: string, userAgent: string | null): APIGatewayEventIdentity {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent,
    userArn: null,
  };
}

/** Headers API Gateway writes itself, replacing what the client sent. */
const API_GATEWAY_SETS = new Set(['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);

const TEXT_TYPES =
  /^(text\/|application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml|[\w.+-]*\+xml|javascript|graphql))/i;

/** API Gateway passes text bodies as they are and binary ones base64-encoded. */
function encodeBody(
  body: Buffer,
  contentType: string | undefined,
): { body: string | null; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  if (!contentType || TEXT_TYPES.test(contentType)) {
    try {
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(body), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: send it as binary.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/** Header maps as API Gateway builds them: names as the client spelled them, the last value in `headers`. */
function headerMaps(rawHeaders: string[], omit: (name: string) => boolean) {
  const multiValueHeaders: Record<string, string[]> = {};
  const spelling = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    const value = rawHeaders[i + 1] as string;
    if (omit(name.toLowerCase())) continue;
    const key = spelling.get(name.toLowerCase()) ?? name;
    spelling.set(name.toLowerCase(), key);
    multiValueHeaders[key] = [...(multiValueHeaders[key] ?? []), value];
  }
  const headers = Object.fromEntries(
    Object.entries(multiValueHeaders).map(([k, v]) => [k, v.at(-1) as string]),
  );
  return { headers, multiValueHeaders };
}

function queryMaps(search: URLSearchParams) {
  const multi: Record<string, string[]> = {};
  for (const [name, value] of search) multi[name] = [...(multi[name] ?? []), value];
  if (Object.keys(multi).length === 0) return { single: null, multi: null };
  return {
    single: Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.at(-1) as string])),
    multi,
  };
}

/** API Gateway's `requestTime`, e.g. `26/Nov/2025:06:15:00 +0000`. */
function requestTime(at: Date): string {
  const [, day, month, year, time] = at.toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

export interface EventInput {
  request: IncomingMessage;
  url: URL;
  body: Buffer;
  route: RouteDefinition;
  pathParameters: Record<string, string> | null;
  /** Set when the route is a bank route and the bank key matched. */
  bankIdentity: boolean;
  requestId: string;
  /** Headers API Gateway would not pass on (the local bank key). */
  omitHeaders?: (lowerCaseName: string) => boolean;
}

/** An API Gateway REST API (v1) Lambda proxy event for `route`, as AWS would build it. */
export function buildProxyEvent(input: EventInput): APIGatewayProxyEvent {
  const { request, url, route } = input;
  const sourceIp = sourceIpOf(request);
  const now = new Date();
  const omit = input.omitHeaders ?? (() => false);
  const { headers, multiValueHeaders } = headerMaps(
    request.rawHeaders,
    (name) => omit(name) || API_GATEWAY_SETS.has(name),
  );
  // API Gateway appends the peer it saw to X-Forwarded-For; whatever the client put before it is not to be trusted.
  const forwarded = [request.headers['x-forwarded-for'], sourceIp].filter(Boolean).join(', ');
  const added = {
    'X-Forwarded-For': forwarded,
    'X-Forwarded-Port': String(request.socket.localPort),
    'X-Forwarded-Proto': 'http',
  };
  for (const [name, value] of Object.entries(added)) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  const query = queryMaps(url.searchParams);
  const contentType = request.headers['content-type'];
  const identity: APIGatewayEventIdentity = {
    ...anonymousIdentity(sourceIp, request.headers['user-agent'] ?? null),
    ...(input.bankIdentity
      ? { ...LOCAL_BANK_IDENTITY, user: LOCAL_BANK_IDENTITY.caller, accountId: LOCAL_ACCOUNT_ID }
      : {}),
  };
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters: input.pathParameters,
    stageVariables: null,
    ...encodeBody(input.body, contentType),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      authorizer: null,
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: (request.headers.host ?? 'localhost').split('.')[0],
      extendedRequestId: randomUUID(),
      httpMethod: route.method,
      identity,
      path: `/${LOCAL_STAGE}${url.pathname}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId: input.requestId,
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: route.id,
      resourcePath: route.path,
      stage: LOCAL_STAGE,
    },
  };
}

/** A Lambda context for one invocation of `route`'s function. */
export function buildLambdaContext(
  route: RouteDefinition,
  region: string,
  defaultTimeoutSeconds = 10,
  timeoutScale = 1,
): Context {
  const deadline = Date.now() + (route.timeoutSeconds ?? defaultTimeoutSeconds) * 1000 * timeoutScale;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: route.id,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${route.id}`,
    memoryLimitInMB: String(route.memoryMb ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${route.id}`,
    logStreamName: `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
