import { readLocalIpSets } from '../../shared/data/local-ip-sets.ts';
import { loadTenant, portalTenant, serverTenant, type TenantConfig } from '../config/tenant.ts';
import { generateBankKey, writeBankKey } from './bank-key.ts';
import {
  type DynamoDbLocal,
  LOCAL_CREDENTIALS,
  localDynamoDbClient,
  startDynamoDbLocal,
} from './dynamodb.ts';
import { localIpSetsFile } from './ip-sets.ts';
import { localStatePaths } from './paths.ts';
import { defaultPortalDir } from './portal.ts';
import { claimPort } from './ports.ts';
import { ensureLocalSecrets } from './secrets.ts';
import { type DemoEndUser, type SeedOutcome, seedDemoCompany, seedDemoEndUsers } from './seed.ts';
import { type LocalApi, startLocalApi } from './server.ts';
import { type SesLocal, startSesLocal } from './ses.ts';
import { ensureTable } from './table.ts';

export const DEFAULT_TABLE_NAME = 'corporate-banking-local';

export interface LocalStackOptions {
  /** Where the API and the local SES listen; 127.0.0.1 by default. */
  host?: string;
  /** `0` (the default for all three) picks a free port. */
  apiPort?: number;
  sesPort?: number;
  dynamoPort?: number;
  /** A DynamoDB (Local) that is already running; none is started then. */
  dynamoEndpoint?: string;
  /** Keep DynamoDB Local's data under `stateDir` between runs (needs `stateDir`). */
  persist?: boolean;
  /** Where the bank key (and persisted data) go; nothing is written to disk without it. */
  stateDir?: string;
  tableName?: string;
  /** Onboard the guide's demo company (CORPORATIV / ADMON); true by default. */
  seed?: boolean;
  /**
   * With the demo company, also its maker-checker end users (OPERA, SUPERV, AMBOS); true by
   * default. A walk of the guide from a company with no end user yet turns it off.
   */
  seedEndUsers?: boolean;
  /**
   * The bank the stack runs (its names, brand, contact, sender, token, formats, password and
   * lockout settings); the guide's bank (tenants/bop.json) by default.
   */
  tenant?: TenantConfig;
  /** Handler configuration that wins over the process environment (MAIL_FROM, LOCKOUT_THRESHOLD, …). */
  env?: Record<string, string>;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
  /** One line per API request; silent by default. */
  logRequest?: (line: string) => void;
  /** The built portal to serve beside the API; `web/dist` by default (nothing is served until it is built). */
  portalDir?: string;
  /** How many times its route's timeout each invocation gets (`LocalApiOptions.timeoutScale`). */
  timeoutScale?: number;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly sesUrl: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly bankKey: string;
  /** Where the bank key was written, when `stateDir` was given. */
  readonly bankKeyPath: string | undefined;
  readonly seeded: SeedOutcome | { outcome: 'skipped' };
  /** The demo end users seeded with the demo company (docs/entitlements.md), with their assigned passwords. */
  readonly demoEndUsers: DemoEndUser[];
  /** Settles with a reason if a child process (DynamoDB Local) ends by itself. */
  readonly crashed: Promise<string>;
  /** Stops the API, the local SES and DynamoDB Local (if this stack started it). Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The configuration the handlers read (`shared/config.ts`), pointed at the local services.
 * The stack owns the endpoints, the table and the credentials (always dummies, so nothing local
 * can reach AWS); other settings keep what the environment says, then `overrides` win.
 */
function applyHandlerEnvironment(
  stack: { tableName: string; dynamoEndpoint: string; sesUrl: string },
  tenant: TenantConfig,
  overrides: Record<string, string>,
) {
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    // The bank's local sender (the guide's step 4); only the local SES ever sees it.
    MAIL_FROM: process.env.MAIL_FROM ?? tenant.mail.localFromAddress,
    TENANT: JSON.stringify(serverTenant(tenant)),
    PASSWORD_PROFILE: tenant.security.passwordProfile,
    LOCKOUT_THRESHOLD: String(tenant.security.lockoutThreshold),
    LOCKOUT_MINUTES: String(tenant.security.lockoutMinutes),
    LOCKOUT_PERMANENT_AFTER: String(tenant.security.lockoutPermanentAfter),
    GENERIC_PASSWORD_TTL_HOURS: String(tenant.security.genericPasswordTtlHours),
    ...overrides,
    TABLE_NAME: stack.tableName,
    DYNAMODB_ENDPOINT: stack.dynamoEndpoint,
    SES_ENDPOINT: stack.sesUrl,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
}

/**
 * Starts the whole local stack in this process: DynamoDB Local (unless `dynamoEndpoint` is
 * given), the table, the local SES, the API serving every route's handler, and the demo
 * company. The handlers run in this process and read their configuration from `process.env`,
 * so run one stack per process.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  const paths = options.stateDir ? localStatePaths(options.stateDir) : undefined;
  if (options.persist && !paths) throw new Error('persist needs a stateDir to keep the data in');

  // Fail before starting anything when a fixed port is taken.
  const dynamoPort = options.dynamoEndpoint
    ? undefined
    : await claimPort('DynamoDB Local', '0.0.0.0', options.dynamoPort ?? 0);
  if (options.sesPort) await claimPort('local SES', host, options.sesPort);
  if (options.apiPort) await claimPort('local API', host, options.apiPort);

  const started: { stop(): Promise<void> }[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const service of started.splice(0).reverse()) await service.stop();
  };

  try {
    let dynamo: DynamoDbLocal | undefined;
    if (dynamoPort !== undefined) {
      log(
        `Starting DynamoDB Local on port ${dynamoPort}${options.persist ? ` (data kept in ${paths?.dynamodb})` : ' (in memory)'}…`,
      );
      dynamo = await startDynamoDbLocal({
        port: dynamoPort,
        ...(options.persist ? { persistDir: paths?.dynamodb } : {}),
      });
      started.push(dynamo);
    }
    const dynamoEndpoint = dynamo?.endpoint ?? (options.dynamoEndpoint as string);
    const crashed = new Promise<string>((report) => {
      void dynamo?.exited.then(({ code, signal }) => {
        if (!stopping) report(`DynamoDB Local stopped unexpectedly (${signal ?? `exit code ${code}`})`);
      });
    });

    const client = localDynamoDbClient(dynamoEndpoint);
    try {
      const table = await ensureTable(client, tableName);
      log(`Table ${tableName}: ${table === 'created' ? 'created' : 'already there'}`);
    } finally {
      client.destroy();
    }

    const ses: SesLocal = await startSesLocal({ host, port: options.sesPort ?? 0 });
    started.push(ses);
    log(`Local SES on ${ses.url}`);

    // Kept with the data: `npm start -- --persist` keeps them, an in-memory stack starts with none.
    const ipSetsFile = localIpSetsFile(options.persist ? paths?.stateDir : undefined);
    const tenant = options.tenant ?? loadTenant();
    applyHandlerEnvironment({ tableName, dynamoEndpoint, sesUrl: ses.url }, tenant, {
      LOCAL_SECRETS_FILE: ensureLocalSecrets(paths?.stateDir),
      LOCAL_IP_SETS_FILE: ipSetsFile,
      ...options.env,
    });

    const bankKey = generateBankKey();
    if (paths) writeBankKey(paths.bankKey, bankKey);
    const api: LocalApi = await startLocalApi({
      host,
      port: options.apiPort ?? 0,
      bankKey,
      bankIpSets: () => readLocalIpSets(ipSetsFile),
      portalDir: options.portalDir ?? defaultPortalDir,
      // The portal's /config.json: the bank's brand and texts (the API is on the same origin).
      portalConfig: { tenant: portalTenant(tenant) },
      ...(options.timeoutScale ? { timeoutScale: options.timeoutScale } : {}),
      allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      ...(options.logRequest ? { log: options.logRequest } : {}),
    });
    started.push(api);
    log(`API on ${api.url}`);

    let seeded: LocalStack['seeded'] = { outcome: 'skipped' };
    if (options.seed ?? true) {
      seeded = await seedDemoCompany(api.url, bankKey).catch((error: unknown) => ({
        outcome: 'failed' as const,
        reason: error instanceof Error ? error.message : String(error),
      }));
    }
    const demoEndUsers =
      seeded.outcome === 'created' && options.seedEndUsers !== false
        ? await seedDemoEndUsers(dynamoEndpoint, tableName)
        : [];

    return {
      apiUrl: api.url,
      sesUrl: ses.url,
      dynamoEndpoint,
      tableName,
      bankKey,
      bankKeyPath: paths?.bankKey,
      seeded,
      demoEndUsers,
      crashed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
