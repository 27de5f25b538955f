import type { AuthStore } from '../data/auth-store.ts';
import { type LockNotifier, lockNotifier } from '../services/lock-notices.ts';
import type { CoreRuntime } from './core.ts';
import { mailOf } from './mail.ts';
import type { Mailing } from './mailing.ts';

/**
 * The lock notices over the runtime's notifier, or SES when it has none: loaded by
 * {@link import('./lock-notices.ts')} on the first lock only.
 */
export const lockNotices = (
  runtime: CoreRuntime & Partial<Mailing>,
  store: Pick<AuthStore, 'getCaller'>,
): LockNotifier => lockNotifier({ store, notifier: mailOf(runtime).notifier });
