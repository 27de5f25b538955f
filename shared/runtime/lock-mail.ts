import type { Config } from '../config.ts';
import type { AuthStore } from '../data/auth-store.ts';
import { type LockNotifier, lockNotifier } from '../services/lock-notices.ts';
import { productionNotifier } from './mail.ts';

/** The lock notices over SES: loaded by {@link import('./lock-notices.ts')} on the first lock only. */
export const productionLockNotifier = (config: Config, store: Pick<AuthStore, 'getCaller'>): LockNotifier =>
  lockNotifier({ store, notifier: productionNotifier(config) });
