import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../config.ts';
import { mailFrom } from '../core/tenant.ts';
import { type Mailer, sesMailer } from '../mail/mailer.ts';

/** The SES v2 mailer, for the functions that send e-mail only (keeps SES out of other bundles). */
export function productionMailer(config: Config): Mailer {
  if (!config.MAIL_FROM) throw new Error('Invalid configuration: MAIL_FROM');
  const ses = new SESv2Client({
    region: config.AWS_REGION,
    maxAttempts: 3,
    ...(config.SES_ENDPOINT ? { endpoint: config.SES_ENDPOINT } : {}),
  });
  // From: the bank's name (the tenant's sender name) and the stage's sender address.
  return sesMailer(ses, { from: mailFrom(config.MAIL_FROM), configurationSet: config.SES_CONFIGURATION_SET });
}
