import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { asRoute } from '../../infra/local/table-guard.ts';
import { deriveKeys } from '../../shared/auth/secrets.ts';
import { readConfig } from '../../shared/config.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { dynamoCompanyStore } from '../../shared/data/companies.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { dynamoTokenStore } from '../../shared/data/token-store.ts';
import type { User } from '../../shared/domain/model.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';
import { type RouteId, route } from '../../shared/routes.ts';
import { administratorDeps } from '../../shared/runtime/administrators.ts';
import { createRuntime } from '../../shared/runtime/base.ts';
import { mailingOf } from '../../shared/runtime/mail.ts';
import { onboardingDeps } from '../../shared/runtime/onboarding.ts';
import { onboardCompany } from '../../shared/services/onboarding.ts';
import type { ActionConfirmer } from '../../shared/services/otp.ts';
import { lambdaContext, onboardingBody, restEvent } from './events.ts';
import type { TestTable } from './local-stack.ts';
import { parseOtpauthUri, testAuthenticator } from './totp.ts';

/** A personal password an end user chose (hashed cheaply for tests), as `putEndUser` stores it. */
export async function personalCredential(password: string, failedAttempts = 0) {
  return {
    passwordHash: await hashPassword(password, { logN: 10, r: 8, p: 1 }),
    kind: 'personal' as const,
    failedAttempts,
    history: [],
    changedAt: '2026-11-01T00:00:00Z',
  };
}

/** The options this module serves itself, granted to test end users unless a test says otherwise. */
export const END_USER_MODULE_OPTIONS = [
  'services.requestToken',
  'services.cancelToken',
  'services.changePassword',
] as const;

/** Argon2id parameters far below production's, so that tests hash fast (never used outside tests). */
export const CHEAP_ARGON2 = { memoryKiB: 1024, passes: 1, parallelism: 1 };

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

/** The configuration the tests' runtime reads: the Lambda's defaults, on a test table and issuer. */
export function testConfig(tableName: string, env: Record<string, string> = {}) {
  return readConfig({
    TABLE_NAME: tableName,
    TOKEN_ISSUER: ISSUER,
    TOKEN_AUDIENCE: AUDIENCE,
    MAIL_FROM: 'no-reply@bank.example',
    ...env,
  });
}

/** A function's module, as the route table names it: `wire` builds its handler on a runtime. */
type FunctionModule = {
  wire: (runtime: never) => (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
};

/**
 * Every function of the route table on a DynamoDB Local table, each built by its own `wire` on
 * the runtime the Lambda functions build ({@link createRuntime}), with fresh keys, an
 * injectable clock, cheap password hashing and a mailbox that captures what would be e-mailed.
 * The OTP confirmation step is the real one unless a test hands in its own `confirm`.
 */
export function testApp(
  table: TestTable,
  options: { threshold?: number; clock?: ReturnType<typeof testClock>; confirm?: ActionConfirmer } = {},
) {
  const clock = options.clock ?? testClock();
  const keys = deriveKeys(randomBytes(32));
  const threshold = options.threshold ?? 3;
  const logLines: string[] = [];
  const mailbox: OutgoingMail[] = [];
  /** While set, every e-mail fails as SES would when down (`mailDown = true`). */
  const mail = { down: false };
  const mailer = {
    send: async (outgoing: OutgoingMail) => {
      if (mail.down) throw Object.assign(new Error('SES is down'), { name: 'ServiceUnavailable' });
      mailbox.push(outgoing);
      return {};
    },
  };
  const fastHash = (p: string) => hashPassword(p, { logN: 10, r: 8, p: 1 });
  const config = testConfig(table.tableName, { LOCKOUT_THRESHOLD: String(threshold) });
  const clients = {
    doc: table.documentClient,
    keys: async () => keys,
    now: clock.now,
    hash: fastHash,
    /** Scrypt test hashes are upgraded at login like production's, to a cheap Argon2id. */
    rehashParameters: CHEAP_ARGON2,
    write: (line: string) => logLines.push(line),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  };
  // The runtime the functions build in Lambda, on this table, keys, clock and mailbox.
  const runtime = createRuntime(config, {
    ...clients,
    mail: mailingOf({ config, now: clock.now }, mailer),
  });
  const { notifier, authStore } = runtime;
  const companies = dynamoCompanyStore(table.documentClient, table.tableName);
  const tokenStore = dynamoTokenStore(table.documentClient, table.tableName);

  const wired = new Map<RouteId, Promise<ReturnType<FunctionModule['wire']>>>();
  /** The route's function, imported and wired on first call as Lambda does at a cold start. */
  const handlerOf = (name: RouteId) => {
    let handler = wired.get(name);
    if (!handler) {
      handler = (import(`../../${route(name).handler}`) as Promise<FunctionModule>).then((module) =>
        module.wire(runtime as never),
      );
      wired.set(name, handler);
    }
    return handler;
  };

  const call = async (
    name: RouteId,
    options: {
      body?: unknown;
      token?: string;
      path?: Record<string, string>;
      query?: Record<string, string>;
      sourceIp?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const event: APIGatewayProxyEvent = restEvent({
      method: 'POST',
      path: `/${name}`,
      body: options.body,
      pathParameters: options.path,
      query: options.query,
      sourceIp: options.sourceIp,
      headers: { ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    });
    // As the route's function, under its IAM statements (infra/local/table-guard.ts).
    const handler = await handlerOf(name);
    const response: APIGatewayProxyResult = await asRoute(route(name), () =>
      handler(event, lambdaContext(name)),
    );
    const contentType = String(response.headers?.['content-type'] ?? '');
    const raw = Buffer.from(response.body, response.isBase64Encoded ? 'base64' : 'utf8');
    return {
      status: response.statusCode,
      headers: response.headers ?? {},
      raw,
      body: response.body && contentType.includes('json') ? JSON.parse(response.body) : undefined,
    };
  };

  /** Onboards a company through the bank's service and returns the generic password it e-mailed. */
  const onboard = async (overrides: Record<string, unknown> = {}) => {
    const body = onboardingBody(overrides) as Parameters<typeof onboardCompany>[1];
    await onboardCompany(onboardingDeps(runtime), body, {
      actorArn: 'arn:test',
      sourceIp: '203.0.113.1',
      correlationId: 'c-1',
      log: createLogger({ write: () => {} }),
    });
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
      // The module's own options, which the server enforces (issue 16, point 4); tests of the refusal give fewer.
      permissions: {
        options: [...END_USER_MODULE_OPTIONS],
        limitsCents: {},
        approvals: {},
        accounts: [],
      },
      ...user,
    };
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...userKeys.profile(user.companyCode, user.userCode), entity: 'User', ...item },
      }),
    );
  };

  /**
   * Stores an end user (`putEndUser`: active unless `user` says otherwise) with the personal
   * `password` and a chosen image, so that a login gives a session straight away. `login` sends
   * that password unless given another, from `sourceIp` if given.
   */
  const putEndUserWithPassword = async (
    user: Partial<User> & { companyCode: string; userCode: string },
    password: string,
  ) => {
    await putEndUser({ credential: await personalCredential(password), imageId: 'bird', ...user });
    const login = (options: { password?: string; sourceIp?: string } = {}) =>
      call('login', {
        body: {
          companyCode: user.companyCode,
          userCode: user.userCode,
          password: options.password ?? password,
        },
        sourceIp: options.sourceIp,
      });
    return { login };
  };

  /**
   * Step 9 as a user does it: requests a BOP Token, reads the secret from the otpauth:// URI
   * like an authenticator app, and installs it with the current code. Returns the app, whose
   * `next()` gives a fresh code for each confirmation.
   */
  const enrollToken = async (sessionToken: string) => {
    const requested = await call('requestToken', { token: sessionToken });
    if (requested.status !== 201) throw new Error(`token request refused: ${JSON.stringify(requested.body)}`);
    const authenticator = testAuthenticator(parseOtpauthUri(requested.body.otpauthUri).secret, clock);
    const installed = await call('installToken', {
      token: sessionToken,
      body: { otp: authenticator.next() },
    });
    if (installed.status !== 200)
      throw new Error(`token installation refused: ${JSON.stringify(installed.body)}`);
    return authenticator;
  };

  return {
    call,
    onboard,
    administratorDeps: administratorDeps(runtime),
    putEndUser,
    putEndUserWithPassword,
    enrollToken,
    clock,
    keys,
    mailbox,
    mail,
    mailer,
    notifier,
    logLines,
    authStore,
    companies,
    tokenStore,
    threshold,
    /** The functions' runtime (configuration, stores, keys, clock, mailbox). */
    runtime,
    /** The HTTP options of the session functions (authenticator, confirmation step, dual control, log sink). */
    http: runtime.http,
  };
}

/**
 * Logs in with the generic password, changes it, chooses an image and (unless `withToken`
 * is false) installs the administrator's BOP Token (step 9, without which no administrative
 * action is possible): a ready administrator session, and `otp()` for a fresh code to send
 * as `X-OTP` on each confirmed action.
 */
export async function readyAdministrator(
  app: ReturnType<typeof testApp>,
  companyCode: string,
  newPassword = 'Banco1234a',
  overrides: Record<string, unknown> = {},
  { withToken = true }: { withToken?: boolean } = {},
) {
  const generic = await app.onboard({
    companyCode,
    accounts: [{ number: '2000000001', type: 'CHECKING' }],
    ...overrides,
  });
  const first = await app.call('login', { body: { companyCode, userCode: 'ADMON', password: generic } });
  await app.call('changeInitialPassword', {
    token: first.body.challenge.token,
    body: { currentPassword: generic, newPassword, confirmation: newPassword },
  });
  const second = await app.call('login', { body: { companyCode, userCode: 'ADMON', password: newPassword } });
  const chosen = await app.call('chooseImage', {
    token: second.body.challenge.token,
    body: { imageId: 'anchor' },
  });
  const token = chosen.body.session.token as string;
  const authenticator = withToken ? await app.enrollToken(token) : undefined;
  const otp = () => {
    if (!authenticator) throw new Error('this administrator has no BOP Token');
    return authenticator.next();
  };
  return { generic, password: newPassword, token, otp, authenticator };
}
