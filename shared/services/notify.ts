import type { Language } from '../core/language.ts';
import type { Logger } from '../core/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { renderSecurityNotice, type SecurityNotice } from '../mail/security-notices.ts';

/** Who a security notification goes to: the person concerned, in their language. */
export interface NoticeRecipient {
  email: string;
  language: Language;
}

/** Sends the security notifications. */
export interface Notifier {
  /**
   * Sends one notification after the change it reports is stored. Never throws: a failed
   * e-mail neither fails nor undoes the change; it is logged as a `NOTIFICATION_FAILED`
   * event, which the NotificationFailures metric counts. Resolves to whether it was sent.
   */
  notify(to: NoticeRecipient, notice: SecurityNotice, log: Logger): Promise<boolean>;
}

/** The log event of a notification that was not sent (a CloudWatch metric filter counts it). */
export const NOTIFICATION_FAILED = 'NOTIFICATION_FAILED';

/** The notifier over a mailer, with the bank's name from the same place as the generic-password e-mail's. */
export function securityNotifier(
  mailer: Mailer,
  bankName: string,
  now: () => Date = () => new Date(),
): Notifier {
  return {
    async notify(to, notice, log) {
      try {
        const mail = renderSecurityNotice(notice, { language: to.language, bankName, at: now() });
        await mailer.send({ to: to.email, ...mail });
        return true;
      } catch (error) {
        log.error('notification not sent', {
          event: NOTIFICATION_FAILED,
          notice: notice.kind,
          error: (error as Error).name,
        });
        return false;
      }
    },
  };
}

/** Tells a user of a company about a change to their own access, in the company's language; never throws. */
export function notifyUser(
  notifier: Notifier | undefined,
  company: { language: Language },
  user: { email: string },
  notice: SecurityNotice,
  log: Logger,
): Promise<boolean> {
  return notifier
    ? notifier.notify({ email: user.email, language: company.language }, notice, log)
    : Promise.resolve(false);
}
