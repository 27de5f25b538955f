import { loadTenant, serverTenant } from '../config/tenant.ts';
import { LOCAL_CREDENTIALS } from './dynamodb.ts';
import type { LocalStackEnv } from './env-file.ts';

/**
 * `npm run bank -- disable-dormant`: runs the scheduled dormancy job (EventBridge's daily rule in
 * AWS) once against the running local stack's table and SES, with the handler's own code.
 */
export async function runDormancyJob(
  env: Pick<LocalStackEnv, 'tableName' | 'dynamoEndpoint' | 'sesUrl' | 'region'>,
) {
  // The guide's bank unless the caller names another (TENANT, MAIL_FROM), as `npm start` does.
  const bank = loadTenant();
  Object.assign(process.env, {
    TENANT: process.env.TENANT ?? JSON.stringify(serverTenant(bank)),
    TABLE_NAME: env.tableName,
    DYNAMODB_ENDPOINT: env.dynamoEndpoint,
    SES_ENDPOINT: env.sesUrl,
    AWS_REGION: env.region,
    MAIL_FROM: process.env.MAIL_FROM ?? bank.mail.localFromAddress,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  const { handler } = await import('../../functions/scheduled/disable-dormant.ts');
  return handler();
}
