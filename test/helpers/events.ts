import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { anonymousIdentity } from '../../infra/local/event.ts';

/** An API Gateway REST (v1) proxy event, as API Gateway sends it to a Lambda proxy integration. */
export function restEvent(options: {
  method: string;
  path: string;
  resource?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  sourceIp?: string;
  bankArn?: string;
}): APIGatewayProxyEvent {
  const body = options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...(body !== null ? { 'Content-Type': 'application/json' } : {}),
    ...options.headers,
  };
  return {
    resource: options.resource ?? options.path,
    path: options.path,
    httpMethod: options.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: options.method,
      path: `/test${options.path}`,
      stage: 'test',
      requestId: 'req-0123456789',
      requestTimeEpoch: Date.now(),
      resourceId: 'r1',
      resourcePath: options.resource ?? options.path,
      identity: {
        ...anonymousIdentity(options.sourceIp ?? '198.51.100.7', 'vitest'),
        userArn: options.bankArn ?? null,
        caller: options.bankArn ?? null,
      },
    },
  } as APIGatewayProxyEvent;
}

export const BANK_ARN = 'arn:aws:iam::000000000000:role/bank-backoffice';

/** A Lambda context good enough for handlers. */
export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'aws-req-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Captures log lines written by a handler, for assertions on what is (not) logged. */
export function captureLogs() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line), text: () => lines.join('\n') };
}

/** The onboarding body of the guide's demo company. */
export function onboardingBody(overrides: Record<string, unknown> = {}) {
  return {
    companyCode: 'CORPORATIV',
    legalName: 'Corporativo Demo, S.A.',
    language: 'es',
    accounts: [
      { number: '1000000001', type: 'CHECKING', alias: 'Cuenta 1' },
      { number: '1000000002', type: 'SAVINGS', alias: 'Cuenta 2' },
    ],
    administrator: {
      userCode: 'ADMON',
      firstName: 'ADMINISTRADOR',
      lastName: 'CORPORATIVO',
      email: 'admon@corporativ.example',
    },
    ...overrides,
  };
}

/** The body of a POST /users that creates an Operator (ANA LOPEZ, one menu option, every account). */
export const newUserBody = (userCode: string, overrides: Record<string, unknown> = {}) => ({
  userCode,
  firstName: 'ANA',
  lastName: 'LOPEZ',
  jobTitle: 'TESORERA',
  email: 'ana@example.com',
  profile: 'OPERATOR',
  options: ['products.inquiry'],
  accounts: 'ALL',
  ...overrides,
});

/**
 * The guide's example user (step 11): OPERADOR, JUAN PEREZ, an Operador, with the options,
 * limits, approvals and accounts each test grants.
 */
export const guideOperador = (grants: Record<string, unknown>) =>
  newUserBody('OPERADOR', {
    firstName: 'JUAN',
    lastName: 'PEREZ',
    jobTitle: 'ANALISTA TESORERIA',
    email: 'PRUEBA@CORREO.COM',
    ...grants,
  });

/** The bank's re-issue of a company administrator's generic password (POST, IAM-signed). */
export const reissueEvent = (companyCode: string) =>
  restEvent({
    method: 'POST',
    path: `/bank/companies/${companyCode}/administrator/generic-password`,
    resource: '/bank/companies/{companyCode}/administrator/generic-password',
    pathParameters: { companyCode },
    bankArn: BANK_ARN,
  });
