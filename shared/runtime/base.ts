import { type Config, readConfig } from '../config.ts';
import { type CompanyStore, dynamoCompanyStore } from '../data/companies.ts';
import { createDocumentClient } from '../data/client.ts';
import type { HttpOptions } from '../http/middleware.ts';

export interface BaseDeps {
  config: Config;
  store: CompanyStore;
  http: HttpOptions;
}

let base: BaseDeps | undefined;

/**
 * What every function needs, built once per cold start from the environment: the
 * configuration (failing fast), the DynamoDB store and the HTTP layer's options.
 */
export function baseDeps(): BaseDeps {
  if (base) return base;
  const config = readConfig();
  const doc = createDocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  base = {
    config,
    store: dynamoCompanyStore(doc, config.TABLE_NAME),
    http: { logLevel: config.LOG_LEVEL, allowedOrigins: config.allowedOrigins },
  };
  return base;
}
