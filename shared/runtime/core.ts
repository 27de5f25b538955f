import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, readConfig } from '../config.ts';
import { createDocumentClient } from '../data/client.ts';
import { type CompanyStore, dynamoCompanyStore } from '../data/companies.ts';
import type { HttpOptions } from '../http/middleware.ts';

/** What every function needs, sessions or not. */
export interface CoreDeps {
  config: Config;
  /** The one DynamoDB document client of the function. */
  doc: DynamoDBDocumentClient;
  store: CompanyStore;
  /**
   * The HTTP layer's options without session authentication or OTP confirmation: what the
   * bank's IAM-authorized routes use. Session routes get `baseDeps().http` instead.
   */
  http: HttpOptions;
}

let core: CoreDeps | undefined;

/**
 * The configuration (failing fast), the DynamoDB stores and the bank routes' HTTP options,
 * built once per cold start. Holds no session authenticator, token library, key loader or OTP
 * step, so the bank functions (IAM-authorized) do not carry them in their bundles.
 */
export function coreDeps(): CoreDeps {
  if (core) return core;
  const config = readConfig();
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  core = {
    config,
    doc,
    store: dynamoCompanyStore(doc, config.TABLE_NAME),
    http: {
      logLevel: config.LOG_LEVEL,
      allowedOrigins: config.allowedOrigins,
    },
  };
  return core;
}
