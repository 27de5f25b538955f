import { cachedLoad } from '../core/cached.ts';
import type { AuthStore } from '../data/auth-store.ts';
import type { LockNotifier } from '../services/lock-notices.ts';
import type { CoreRuntime } from './core.ts';
import type { Mailing } from './mailing.ts';

/**
 * The lock notices of the login and OTP paths. Locks are rare, so the mail code and
 * SES are loaded by `import()` on the first lock, never at a cold start: the login's bundle
 * and round trips stay as they were for every attempt that locks nothing. Never throws.
 */
export function lazyLockNotifier(
  runtime: CoreRuntime & Partial<Mailing>,
  store: Pick<AuthStore, 'getCaller'>,
): LockNotifier {
  const loaded = cachedLoad(() => import('./lock-mail.ts').then((mail) => mail.lockNotices(runtime, store)));
  return async (event, log) => {
    try {
      await (await loaded())(event, log);
    } catch (error) {
      // The same event as notify.ts's, which the NotificationFailures metric counts.
      log.error('notification not sent', {
        event: 'NOTIFICATION_FAILED',
        notice: 'ACCOUNT_LOCKED',
        error: (error as Error).name,
      });
    }
  };
}
