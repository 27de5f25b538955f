import type { Logger } from '../core/logger.ts';
import type { AuthStore } from '../data/auth-store.ts';
import type { User } from '../domain/model.ts';
import { NOTIFICATION_FAILED, type Notifier } from './notify.ts';

/** A lock that an attempt has just made (and stored): whose, and until when if temporary. */
export interface LockEvent {
  user: Pick<User, 'companyCode' | 'userCode' | 'role' | 'email'>;
  /** What locked: the password, or the token after wrong codes. */
  credential: 'PASSWORD' | 'TOKEN';
  /** The end of a temporary password lock; none for a permanent lock or a token lock. */
  unlocksAt?: string;
}

/**
 * Tells of a lock: "account locked" to the user and, when an end user is
 * locked out, "end user locked out" to the company's administrator. Called only by the attempt
 * that made the lock, once it is stored. Never throws: a failed read or e-mail is logged as
 * `NOTIFICATION_FAILED` and the refusal stands as it was.
 */
export type LockNotifier = (event: LockEvent, log: Logger) => Promise<void>;

/** The lock notifier over the auth store (company and administrator) and a notifier. */
export function lockNotifier(deps: {
  store: Pick<AuthStore, 'getCaller'>;
  notifier: Notifier;
}): LockNotifier {
  return async ({ user, credential, unlocksAt }, log) => {
    const until = unlocksAt ? { unlocksAt } : {};
    const administrator = user.role === 'admin';
    try {
      const { company } = await deps.store.getCaller(user.companyCode, user.userCode, false);
      if (!company) return;
      const language = company.language;
      await deps.notifier.notify(
        { email: user.email, language },
        {
          kind: 'ACCOUNT_LOCKED',
          ...until,
          ...(credential === 'TOKEN' ? { credential } : {}),
          ...(administrator ? { administrator } : {}),
        },
        log,
      );
      if (administrator || company.administratorCode === user.userCode) return;
      const { user: admin } = await deps.store.getCaller(company.code, company.administratorCode, false);
      if (!admin) return;
      await deps.notifier.notify(
        { email: admin.email, language },
        { kind: 'USER_LOCKED_OUT', userCode: user.userCode, ...until },
        log,
      );
    } catch (error) {
      log.error('notification not sent', {
        event: NOTIFICATION_FAILED,
        notice: 'ACCOUNT_LOCKED',
        error: (error as Error).name,
      });
    }
  };
}
