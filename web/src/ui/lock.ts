import { formatDateTime, type Lang } from '../format.ts';
import type { MessageKey } from '../messages/es.ts';

/** What the lock texts need of the app (pure, so the unit tests run it in Node). */
interface Texts {
  lang: Lang;
  t: (key: MessageKey, params?: Record<string, unknown>) => string;
}

/** A credential's lock as the API answers it (`lock`, `tokenLock`). */
export interface LockView {
  kind: 'TEMPORARY' | 'PERMANENT';
  since?: string;
  until?: string;
}

/** The lock in words: "Clave bloqueada hasta 26/11/2026 10:30", "BOP Token bloqueado", … ('' when none). */
export function lockText(app: Texts, what: 'password' | 'token', lock: LockView | undefined): string {
  if (!lock) return '';
  if (what === 'token') return app.t('lock.token');
  if (lock.kind === 'TEMPORARY' && lock.until) {
    return app.t('lock.passwordUntil', { until: formatDateTime(lock.until, app.lang) });
  }
  return app.t('lock.passwordPermanent');
}

/** A cell's text followed by its locks, if any. */
export function withLocks(text: string, ...locks: string[]): string {
  return [text, ...locks.filter(Boolean)].join(' · ');
}
