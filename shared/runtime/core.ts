import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Keys } from '../auth/secrets.ts';
import { type Config, readConfig } from '../config.ts';
import type { AuthStore } from '../data/auth-store.ts';
import { createDocumentClient } from '../data/client.ts';
import type { Argon2Parameters } from '../domain/password-hash.ts';
import type { HttpOptions } from '../http/middleware.ts';
import type { LockNotifier } from '../services/lock-notices.ts';

/**
 * What every function's dependencies are built from, sessions or not: the configuration, the
 * DynamoDB client, the HTTP options, and what tests and the bench replace (clock, hashing).
 * The per-route builders (`shared/runtime/*.ts`) take a runtime and read nothing else, so the
 * Lambda functions, the tests and the bench build their dependencies with the same code.
 */
export interface CoreRuntime {
  config: Config;
  /** The one DynamoDB document client of the function. */
  doc: DynamoDBDocumentClient;
  /**
   * The HTTP layer's options. A core runtime's hold no session authenticator or OTP step (the
   * bank's IAM-authorized routes); a session runtime's do ({@link import('./base.ts').createRuntime}).
   */
  http: HttpOptions;
  /** The clock of every use case; the system's when absent. */
  now?: () => Date;
  /** How passwords are hashed; production's Argon2id when absent (tests hash cheaply). */
  hash?: (password: string) => Promise<string>;
  /** What a login re-hashes an older hash with; the current Argon2id parameters when absent. */
  rehashParameters?: Argon2Parameters;
}

/**
 * What every session function builds on: a {@link CoreRuntime} whose HTTP options hold the
 * session authenticator, the OTP confirmation step, the refusal auditor and dual control.
 */
export interface SessionRuntime extends CoreRuntime {
  /** Logins, sessions, challenges and the lockout counter. */
  authStore: AuthStore;
  /** The purpose keys, loaded on first use and cached; a failed load is retried on the next request. */
  keys: () => Promise<Keys>;
  /** Who tells of a lock (e-mail loaded on the first lock). */
  onLock: LockNotifier;
}

/** What a runtime is built on besides its configuration: its client, and what tests replace. */
export interface CoreClients extends Pick<CoreRuntime, 'now' | 'hash' | 'rehashParameters'> {
  /** The DynamoDB document client. */
  doc: DynamoDBDocumentClient;
  /** Log sink (tests, the bench). */
  write?: (line: string) => void;
}

/** A runtime without sessions, on the given configuration and clients. */
export function createCoreRuntime(config: Config, clients: CoreClients): CoreRuntime {
  const { doc, write, ...replaced } = clients;
  return {
    config,
    doc,
    http: { logLevel: config.LOG_LEVEL, allowedOrigins: config.allowedOrigins, ...(write ? { write } : {}) },
    ...replaced,
  };
}

/** The clock and hashing a runtime replaces, as a use case's dependencies take them. */
export const replacedBy = ({ now, hash, rehashParameters }: CoreRuntime) => ({
  ...(now ? { now } : {}),
  ...(hash ? { hash } : {}),
  ...(rehashParameters ? { rehashParameters } : {}),
});

/** The clock a runtime replaces, for dependencies that take no hashing. */
export const clockOf = ({ now }: Pick<CoreRuntime, 'now'>) => (now ? { now } : {});

let core: CoreRuntime | undefined;

/**
 * The Lambda function's core runtime, from the environment (failing fast), built once per cold
 * start. Holds no session authenticator, token library, key loader or OTP step, so the bank
 * functions (IAM-authorized) do not carry them in their bundles.
 */
export function coreRuntime(): CoreRuntime {
  if (core) return core;
  const config = readConfig();
  core = createCoreRuntime(config, {
    doc: createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }),
  });
  return core;
}
