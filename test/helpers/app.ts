import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { build as buildChangeInitial } from '../../functions/auth/change-initial-password.ts';
import { build as buildChangeMine } from '../../functions/auth/change-my-password.ts';
import { build as buildChooseImage } from '../../functions/auth/choose-image.ts';
import { build as buildIdentify } from '../../functions/auth/identify.ts';
import { build as buildLogin } from '../../functions/auth/login.ts';
import { build as buildLogout } from '../../functions/auth/logout.ts';
import { build as buildAssign } from '../../functions/users/assign-password.ts';
import { tokenAuthenticator } from '../../shared/auth/authenticate.ts';
import { deriveKeys } from '../../shared/auth/secrets.ts';
import { dynamoAuthStore } from '../../shared/data/auth-store.ts';
import { dynamoCompanyStore } from '../../shared/data/companies.ts';
import { userKeys } from '../../shared/data/keys.ts';
import type { User } from '../../shared/domain/model.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { passwordPolicy } from '../../shared/domain/password-policy.ts';
import { createLogger } from '../../shared/http/logger.ts';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';
import { onboardCompany } from '../../shared/services/onboarding.ts';
import { lambdaContext, onboardingBody, restEvent } from './events.ts';
import type { TestTable } from './local-stack.ts';

/** A movable clock for idle-timeout and expiry tests. */
export function testClock(start = new Date('2026-11-26T14:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => (now += ms),
    set: (d: Date) => (now = d.getTime()),
  };
}

export const ISSUER = 'urn:test:issuer';
export const AUDIENCE = 'urn:test:audience';

/**
 * The login and credential handlers wired to a DynamoDB Local table, with fresh keys, an
 * injectable clock and a mailbox that captures what would be e-mailed.
 */
export function testApp(
  table: TestTable,
  options: { threshold?: number; clock?: ReturnType<typeof testClock> } = {},
) {
  const clock = options.clock ?? testClock();
  const keys = deriveKeys(randomBytes(32));
  const authStore = dynamoAuthStore(table.documentClient, table.tableName);
  const companies = dynamoCompanyStore(table.documentClient, table.tableName);
  const threshold = options.threshold ?? 3;
  const logLines: string[] = [];
  const http = {
    write: (line: string) => logLines.push(line),
    authenticate: tokenAuthenticator({
      store: authStore,
      tokenSettings: async () => ({ key: keys.sessionSigning, issuer: ISSUER, audience: AUDIENCE }),
      idleMinutes: 15,
      lockoutThreshold: threshold,
      now: clock.now,
    }),
  };
  const policy = passwordPolicy('bank');
  const fastHash = (p: string) => hashPassword(p, { logN: 10, r: 8, p: 1 });
  const deps = {
    store: authStore,
    companies,
    keys: async () => keys,
    issuer: ISSUER,
    audience: AUDIENCE,
    policy,
    lockoutThreshold: threshold,
    sessionIdleMinutes: 15,
    sessionMaxHours: 8,
    challengeMinutes: 5,
    assignedPasswordTtlHours: 72,
    now: clock.now,
    hash: fastHash,
    http,
  };
  const mailbox: OutgoingMail[] = [];
  const handlers = {
    identify: buildIdentify(deps),
    login: buildLogin(deps),
    changeInitialPassword: buildChangeInitial(deps),
    chooseImage: buildChooseImage(deps),
    logout: buildLogout(deps),
    changeMyPassword: buildChangeMine(deps),
    assignUserPassword: buildAssign(deps),
  };

  const call = async (
    name: keyof typeof handlers,
    options: { body?: unknown; token?: string; path?: Record<string, string>; sourceIp?: string } = {},
  ) => {
    const event: APIGatewayProxyEvent = restEvent({
      method: 'POST',
      path: `/${name}`,
      body: options.body,
      pathParameters: options.path,
      sourceIp: options.sourceIp,
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : {},
    });
    const response: APIGatewayProxyResult = await handlers[name](event, lambdaContext(name));
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

  /** Onboards a company through the bank's service and returns the generic password it e-mailed. */
  const onboard = async (overrides: Record<string, unknown> = {}) => {
    const body = onboardingBody(overrides) as Parameters<typeof onboardCompany>[1];
    await onboardCompany(
      {
        store: companies,
        credentials: authStore,
        mailer: { send: async (mail) => (mailbox.push(mail), {}) },
        policy,
        bankName: 'Banco de Occidente (Panamá)',
        genericPasswordTtlHours: 72,
        hash: fastHash,
        now: clock.now,
      },
      body,
      {
        actorArn: 'arn:test',
        sourceIp: '203.0.113.1',
        correlationId: 'c-1',
        log: createLogger({ write: () => {} }),
      },
    );
    const text = mailbox.at(-1)?.text ?? '';
    return text.match(/^ {4}(\S+)$/m)?.[1] ?? '';
  };

  /** Stores an end user directly (user creation belongs to the user-administration routes). */
  const putEndUser = async (user: Partial<User> & { companyCode: string; userCode: string }) => {
    const item: User = {
      role: 'user',
      firstName: 'JUAN',
      lastName: 'PEREZ',
      email: 'prueba@correo.com',
      state: 'ACTIVE',
      createdBy: 'ADMON',
      createdAt: clock.now().toISOString(),
      version: 1,
      ...user,
    };
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...userKeys.profile(user.companyCode, user.userCode), entity: 'User', ...item },
      }),
    );
  };

  return { call, onboard, putEndUser, clock, keys, mailbox, logLines, authStore, companies, threshold };
}
