import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from '../config.ts';
import { mailFrom, tenant } from '../core/tenant.ts';
import { type Mailer, sesMailer } from '../mail/mailer.ts';
import { securityNotifier } from '../services/notify.ts';
import type { CoreRuntime } from './core.ts';
import type { Mailing } from './mailing.ts';

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
 * The mailer and notifier of a runtime's e-mail: the given mailer, or SES. The security
 * notifications go out with the same sender and bank name as the generic-password e-mail's,
 * so one tenant configuration sets both.
 */
export function mailingOf(
  runtime: Pick<CoreRuntime, 'config' | 'now'>,
  mailer: Mailer = productionMailer(runtime.config),
): Mailing {
  return { mailer, notifier: securityNotifier(mailer, tenant().name, runtime.now) };
}

/** The runtime's own e-mail when it has it (the tests' mailbox), SES otherwise. */
export const mailOf = (runtime: CoreRuntime & Partial<Mailing>): Mailing =>
  runtime.mailer && runtime.notifier
    ? { mailer: runtime.mailer, notifier: runtime.notifier }
    : mailingOf(runtime);

/** A Lambda function's runtime with e-mail over SES: what the functions that send e-mail build on. */
export const withMail = <R extends CoreRuntime>(runtime: R): R & Mailing => ({
  ...runtime,
  ...mailingOf(runtime),
});
