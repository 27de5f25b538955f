import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../config.ts';
import { mailFrom, tenant } from '../core/tenant.ts';
import { type Mailer, sesMailer } from '../mail/mailer.ts';
import { type Notifier, securityNotifier } from '../services/notify.ts';

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

/**
 * The security notifications' sender: the same mailer, sender and bank
 * name as the generic-password e-mail's, so one tenant configuration sets both.
 */
export function productionNotifier(config: Config): Notifier {
  return securityNotifier(productionMailer(config), tenant().name);
}
