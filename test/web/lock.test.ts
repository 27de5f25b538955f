import { describe, expect, it } from 'vitest';
import { portalTenant, tenantByName } from '../../infra/config/tenant.ts';
import { formatDateTime } from '../../web/src/format.ts';
import { en } from '../../web/src/messages/en.ts';
import { es, type MessageKey } from '../../web/src/messages/es.ts';
import { parseTenant, setTenant, tenantParams } from '../../web/src/tenant.ts';
import { lockText, withLocks } from '../../web/src/ui/lock.ts';

// The guide's bank, as /config.json gives it to the portal.
setTenant(parseTenant(portalTenant(tenantByName('bop'))) ?? (undefined as never));

/** Issue 16 §2: the lock and its end, in words, on the user list, the user detail and the token list. */
const appIn = (lang: 'es' | 'en') => ({
  lang,
  t: (key: MessageKey, params: Record<string, unknown> = {}) =>
    (lang === 'es' ? es : en)[key].replace(/\{(\w+)\}/g, (_, name: string) =>
      String({ ...tenantParams(lang), ...params }[name]),
    ),
});

describe('Portal: locks in words', () => {
  it('says until when a password is locked, in each language', () => {
    const until = '2026-11-26T14:30:00.000Z';

    expect(lockText(appIn('es'), 'password', { kind: 'TEMPORARY', until })).toBe(
      `Clave bloqueada hasta ${formatDateTime(until, 'es')}`,
    );
    expect(lockText(appIn('en'), 'password', { kind: 'TEMPORARY', until })).toBe(
      `Password locked until ${formatDateTime(until, 'en')}`,
    );
  });

  it('says what ends a permanent password lock and a token lock, and nothing when unlocked', () => {
    const texts = appIn('es');

    expect(lockText(texts, 'password', { kind: 'PERMANENT' })).toBe('Clave bloqueada (asigne una nueva)');
    expect(lockText(texts, 'token', { kind: 'PERMANENT' })).toBe('BOP Token bloqueado (actívelo de nuevo)');
    expect(
      withLocks(
        'Activo',
        lockText(texts, 'password', undefined),
        lockText(texts, 'token', { kind: 'PERMANENT' }),
      ),
    ).toBe('Activo · BOP Token bloqueado (actívelo de nuevo)');
  });
});
