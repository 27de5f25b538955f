import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tokenAuthenticator } from '../auth/authenticate.ts';
import { type Keys, loadKeys } from '../auth/secrets.ts';
import { type Config, readConfig } from '../config.ts';
import { type AuthStore, dynamoAuthStore } from '../data/auth-store.ts';
import { createDocumentClient } from '../data/client.ts';
import { type CompanyStore, dynamoCompanyStore } from '../data/companies.ts';
import { dynamoIdempotencyStore } from '../data/idempotency.ts';
import type { HttpOptions } from '../http/middleware.ts';
import { otpConfirmer } from '../services/otp.ts';

export interface BaseDeps {
  config: Config;
  /** The one DynamoDB document client of the function. */
  doc: DynamoDBDocumentClient;
  store: CompanyStore;
  authStore: AuthStore;
  /** The purpose keys, loaded on first use and cached; a failed load is retried on the next request. */
  keys: () => Promise<Keys>;
  http: HttpOptions;
}

let base: BaseDeps | undefined;

/** Caches a successful load; forgets a failed one so a transient outage does not stick. */
export function cachedKeys(load: () => Promise<Keys>): () => Promise<Keys> {
  let pending: Promise<Keys> | undefined;
  return () => {
    pending ??= load().catch((error) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * What every function needs, built once per cold start from the environment: the
 * configuration (failing fast), the DynamoDB stores, the keys loader and the HTTP layer's
 * options with the session authenticator and the OTP confirmation step.
 */
export function baseDeps(): BaseDeps {
  if (base) return base;
  const config = readConfig();
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const authStore = dynamoAuthStore(doc, config.TABLE_NAME);
  const keys = cachedKeys(() => loadKeys(config));
  base = {
    config,
    doc,
    store: dynamoCompanyStore(doc, config.TABLE_NAME),
    authStore,
    keys,
    http: {
      logLevel: config.LOG_LEVEL,
      allowedOrigins: config.allowedOrigins,
      authenticate: tokenAuthenticator({
        store: authStore,
        tokenSettings: async () => ({
          key: (await keys()).sessionSigning,
          issuer: config.TOKEN_ISSUER,
          audience: config.TOKEN_AUDIENCE,
        }),
        idleMinutes: config.SESSION_IDLE_MINUTES,
        lockoutThreshold: config.LOCKOUT_THRESHOLD,
      }),
      confirm: otpConfirmer({ store: authStore, keys, lockoutThreshold: config.LOCKOUT_THRESHOLD }),
      idempotency: dynamoIdempotencyStore(doc, config.TABLE_NAME),
    },
  };
  return base;
}
