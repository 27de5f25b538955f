import type { Mailer } from '../mail/mailer.ts';
import type { Notifier } from '../services/notify.ts';

/**
 * What a runtime adds for the functions that send e-mail: the mailer, and the security
 * notifications' sender over it. Lambda's come from {@link import('./mail.ts').withMail} (SES,
 * in those functions' bundles only); the tests' capture what would be sent.
 */
export interface Mailing {
  mailer: Mailer;
  notifier: Notifier;
}
