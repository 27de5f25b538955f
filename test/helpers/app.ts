import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { build as buildListAdministrators } from '../../functions/administrators/list-administrators.ts';
import { build as buildListPendingChanges } from '../../functions/administrators/list-pending-changes.ts';
import { build as buildProposeAdministrator } from '../../functions/administrators/propose-administrator.ts';
import { build as buildRejectPendingChange } from '../../functions/administrators/reject-pending-change.ts';
import { build as buildWithdrawPendingChange } from '../../functions/administrators/withdraw-pending-change.ts';
import { build as buildListAudit } from '../../functions/audit/list-audit.ts';
import { build as buildChangeInitial } from '../../functions/auth/change-initial-password.ts';
import { build as buildChangeMine } from '../../functions/auth/change-my-password.ts';
import { build as buildChooseImage } from '../../functions/auth/choose-image.ts';
import { build as buildGetMe } from '../../functions/auth/get-me.ts';
import { build as buildIdentify } from '../../functions/auth/identify.ts';
import { build as buildListImages } from '../../functions/auth/list-images.ts';
import { build as buildLogin } from '../../functions/auth/login.ts';
import { build as buildLoginOtp } from '../../functions/auth/login-otp.ts';
import { build as buildLogout } from '../../functions/auth/logout.ts';
import { build as buildPasswordRules } from '../../functions/auth/password-rules.ts';
import { build as buildAccounts } from '../../functions/catalog/accounts.ts';
import { build as buildOptionsCatalog } from '../../functions/catalog/options.ts';
import { build as buildGetCompanyRules } from '../../functions/controls/get-company-rules.ts';
import { build as buildGetUserRules } from '../../functions/controls/get-user-rules.ts';
import { build as buildRemoveUserRules } from '../../functions/controls/remove-user-rules.ts';
import { build as buildSetCompanyRules } from '../../functions/controls/set-company-rules.ts';
import { build as buildSetUserRules } from '../../functions/controls/set-user-rules.ts';
import { build as buildExportAudit } from '../../functions/exports/export-audit.ts';
import { build as buildExportUsers } from '../../functions/exports/export-users.ts';
import { build as buildCancelToken } from '../../functions/tokens/cancel-token.ts';
import { build as buildGetCompanySettings } from '../../functions/tokens/get-company-settings.ts';
import { build as buildGetMyToken } from '../../functions/tokens/get-my-token.ts';
import { build as buildInstallToken } from '../../functions/tokens/install-token.ts';
import { build as buildListUserTokens } from '../../functions/tokens/list-user-tokens.ts';
import { build as buildRequestToken } from '../../functions/tokens/request-token.ts';
import { build as buildResetUserToken } from '../../functions/tokens/reset-user-token.ts';
import { build as buildSetUserTokenState } from '../../functions/tokens/set-user-token-state.ts';
import { build as buildUpdateCompanySettings } from '../../functions/tokens/update-company-settings.ts';
import { build as buildAssign } from '../../functions/users/assign-password.ts';
import { build as buildChangeState } from '../../functions/users/change-state.ts';
import { build as buildCreateUser } from '../../functions/users/create-user.ts';
import { build as buildGetUser } from '../../functions/users/get-user.ts';
import { build as buildImportUsers } from '../../functions/users/import-users.ts';
import { build as buildListUsers } from '../../functions/users/list-users.ts';
import { build as buildUpdateUser } from '../../functions/users/update-user.ts';
import { build as buildValidateImport } from '../../functions/users/validate-import.ts';
import { asRoute } from '../../infra/local/table-guard.ts';
import { deriveKeys } from '../../shared/auth/secrets.ts';
import { createLogger } from '../../shared/core/logger.ts';
import { dynamoAdministratorStore } from '../../shared/data/administrators.ts';
import { dynamoApproverQuery } from '../../shared/data/approvers.ts';
import { dynamoAuthStore } from '../../shared/data/auth-store.ts';
import { dynamoCompanyStore } from '../../shared/data/companies.ts';
import { dynamoConnectionRuleStore } from '../../shared/data/connection-rules.ts';
import { dynamoIdempotencyStore } from '../../shared/data/idempotency.ts';
import { userKeys } from '../../shared/data/keys.ts';
import { dynamoPendingChangeStore } from '../../shared/data/pending-changes.ts';
import { dynamoTokenStore } from '../../shared/data/token-store.ts';
import { dynamoUserStore } from '../../shared/data/users.ts';
import type { Company, User } from '../../shared/domain/model.ts';
import { hashPassword } from '../../shared/domain/password-hash.ts';
import { passwordPolicy } from '../../shared/domain/password-policy.ts';
import type { PendingChange } from '../../shared/domain/pending-changes.ts';
import { idempotentRequests } from '../../shared/http/idempotency.ts';
import type { OutgoingMail } from '../../shared/mail/mailer.ts';
import { renderPendingChangeMail } from '../../shared/mail/pending-change.ts';
import { route } from '../../shared/routes.ts';
import { createRuntime } from '../../shared/runtime/base.ts';
import { dualControlStep } from '../../shared/services/dual-control.ts';
import type { DualControlStep } from '../../shared/services/dual-control-step.ts';
import { lockNotifier } from '../../shared/services/lock-notices.ts';
import { securityNotifier } from '../../shared/services/notify.ts';
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

/**
 * The login and credential handlers wired to a DynamoDB Local table, with fresh keys, an
 * injectable clock and a mailbox that captures what would be e-mailed. The OTP confirmation
 * step is the real one unless a test hands in its own `confirm`.
 */
export function testApp(
  table: TestTable,
  options: { threshold?: number; clock?: ReturnType<typeof testClock>; confirm?: ActionConfirmer } = {},
) {
  const clock = options.clock ?? testClock();
  const keys = deriveKeys(randomBytes(32));
  const authStore = dynamoAuthStore(table.documentClient, table.tableName);
  const companies = dynamoCompanyStore(table.documentClient, table.tableName);
  const threshold = options.threshold ?? 3;
  const logLines: string[] = [];
  // The runtime the functions build in Lambda, on this table, keys, clock and mailbox.
  const runtime = createRuntime(
    {
      TABLE_NAME: table.tableName,
      TOKEN_ISSUER: ISSUER,
      TOKEN_AUDIENCE: AUDIENCE,
      SESSION_IDLE_MINUTES: 15,
      LOCKOUT_THRESHOLD: threshold,
    },
    {
      doc: table.documentClient,
      keys: async () => keys,
      now: clock.now,
      onLock: () => (event, log) => lockNotices(event, log),
      write: (line: string) => logLines.push(line),
    },
  );
  const http = {
    ...runtime.http,
    ...(options.confirm ? { confirm: options.confirm } : {}),
    idempotency: idempotentRequests(dynamoIdempotencyStore(table.documentClient, table.tableName)),
    // Dual control (issue 22): the real step; with the company's setting off it runs every use case as before.
    dualControl: undefined as DualControlStep | undefined,
  };
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
  const notifier = securityNotifier(mailer, 'Banco de Occidente (Panamá)', clock.now);
  const administrators = dynamoAdministratorStore(table.documentClient, table.tableName);
  const dualControlDeps = {
    changes: dynamoPendingChangeStore(table.documentClient, table.tableName),
    keys: async () => keys,
    now: clock.now,
    notify: async (change: PendingChange, company: Company) => {
      const mail = renderPendingChangeMail({
        language: company.language,
        bankName: 'Banco de Occidente (Panamá)',
        change,
      });
      for (const admin of await administrators.list(company.code))
        if (admin.userCode !== change.makerCode) await mailer.send({ to: admin.email, ...mail });
    },
  };
  http.dualControl = dualControlStep(dualControlDeps);
  const lockNotices = lockNotifier({ store: authStore, notifier });
  const policy = passwordPolicy('bank');
  const fastHash = (p: string) => hashPassword(p, { logN: 10, r: 8, p: 1 });
  const deps = {
    store: authStore,
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
    /** Scrypt test hashes are upgraded at login like production's, to a cheap Argon2id. */
    rehashParameters: CHEAP_ARGON2,
    notifier,
    onLock: lockNotices,
    http,
  };
  const userDeps = {
    users: dynamoUserStore(table.documentClient, table.tableName),
    approvers: dynamoApproverQuery(table.documentClient, table.tableName),
    cursorKey: async () => keys.cursorSigning,
    lockoutThreshold: threshold,
    now: clock.now,
    notifier,
    passwords: { policy, assignedPasswordTtlHours: 72, hash: fastHash },
    http,
  };
  const tokenStore = dynamoTokenStore(table.documentClient, table.tableName);
  const administratorDeps = {
    store: companies,
    administrators,
    mailer,
    policy,
    bankName: 'Banco de Occidente (Panamá)',
    genericPasswordTtlHours: 72,
    lockoutThreshold: threshold,
    hash: fastHash,
    now: clock.now,
    http,
  };
  const tokenDeps = {
    administrators,
    tokens: tokenStore,
    store: authStore,
    keys: async () => keys,
    issuer: 'Banco de Occidente (Panamá)',
    lockoutThreshold: threshold,
    now: clock.now,
    notifier,
    onLock: lockNotices,
    http,
  };
  const controlDeps = {
    rules: dynamoConnectionRuleStore(table.documentClient, table.tableName),
    now: clock.now,
    http,
  };
  const recoveryDeps = { tokens: tokenStore, notifier, now: clock.now, http };
  const handlers = {
    getCompanyConnectionRules: buildGetCompanyRules(controlDeps),
    setCompanyConnectionRules: buildSetCompanyRules(controlDeps),
    getUserConnectionRules: buildGetUserRules(controlDeps),
    setUserConnectionRules: buildSetUserRules(controlDeps),
    removeUserConnectionRules: buildRemoveUserRules(controlDeps),
    loginOtp: buildLoginOtp(deps),
    getMyToken: buildGetMyToken(tokenDeps),
    requestToken: buildRequestToken(tokenDeps),
    installToken: buildInstallToken(tokenDeps),
    cancelToken: buildCancelToken(tokenDeps),
    listUserTokens: buildListUserTokens(tokenDeps),
    setUserTokenState: buildSetUserTokenState(tokenDeps),
    resetUserToken: buildResetUserToken(recoveryDeps),
    getCompanySettings: buildGetCompanySettings(tokenDeps),
    updateCompanySettings: buildUpdateCompanySettings(tokenDeps),
    identify: buildIdentify(deps),
    login: buildLogin(deps),
    changeInitialPassword: buildChangeInitial(deps),
    chooseImage: buildChooseImage(deps),
    logout: buildLogout(deps),
    changeMyPassword: buildChangeMine(deps),
    assignUserPassword: buildAssign(deps),
    createUser: buildCreateUser(userDeps),
    validateUserImport: buildValidateImport(userDeps),
    importUsers: buildImportUsers(userDeps),
    getUser: buildGetUser(userDeps),
    updateUser: buildUpdateUser(userDeps),
    changeUserState: buildChangeState(userDeps),
    listUsers: buildListUsers(userDeps),
    listAudit: buildListAudit(userDeps),
    companyAccounts: buildAccounts({ http }),
    optionsCatalog: buildOptionsCatalog({ http }),
    passwordRules: buildPasswordRules({ policy, http }),
    listAntiphishingImages: buildListImages({ http }),
    getMe: buildGetMe({ http, lockoutThreshold: threshold, now: clock.now }),
    exportUsers: buildExportUsers(userDeps),
    exportAudit: buildExportAudit(userDeps),
    listPendingChanges: buildListPendingChanges({ ...dualControlDeps, http }),
    rejectPendingChange: buildRejectPendingChange({ ...dualControlDeps, http }),
    withdrawPendingChange: buildWithdrawPendingChange({ ...dualControlDeps, http }),
    listAdministrators: buildListAdministrators(administratorDeps),
    proposeAdministrator: buildProposeAdministrator(administratorDeps),
  };

  const call = async (
    name: keyof typeof handlers,
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
    const response: APIGatewayProxyResult = await asRoute(route(name), () =>
      handlers[name](event, lambdaContext(name)),
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
    await onboardCompany(
      {
        store: companies,
        credentials: authStore,
        mailer,
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
    administratorDeps,
    putEndUser,
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
    /** The HTTP options every handler gets (authenticator, confirmation step, idempotency store, log sink). */
    http,
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
