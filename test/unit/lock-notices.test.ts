import { describe, expect, it } from 'vitest';
import type { Config } from '../../shared/config.ts';
import { createLogger } from '../../shared/core/logger.ts';
import type { AuthStore } from '../../shared/data/auth-store.ts';
import type { Company, User } from '../../shared/domain/model.ts';
import { lazyLockNotifier } from '../../shared/runtime/lock-notices.ts';
import { lockNotifier } from '../../shared/services/lock-notices.ts';
import type { Notifier } from '../../shared/services/notify.ts';

const company = { code: 'EMPRESA', language: 'en', administratorCode: 'ADMON' } as Company;
const admin = { companyCode: 'EMPRESA', userCode: 'ADMON', role: 'admin', email: 'admon@e.example' } as User;
const endUser = {
  companyCode: 'EMPRESA',
  userCode: 'OPERADOR',
  role: 'user',
  email: 'op@e.example',
} as const;

function fixture(read: (userCode: string) => Promise<unknown> = async () => undefined) {
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  const sent: unknown[] = [];
  const notifier: Notifier = {
    notify: async (to, notice) => {
      sent.push([to.email, to.language, notice]);
      return true;
    },
  };
  const store: Pick<AuthStore, 'getCaller'> = {
    getCaller: async (_companyCode, userCode) => {
      await read(userCode);
      return { company, user: userCode === 'ADMON' ? admin : undefined };
    },
  };
  return { lines, log, sent, notify: lockNotifier({ store, notifier }) };
}

describe('lock notices (issue 18, point 3)', () => {
  it('tells a locked end user when it unlocks, and the administrator who was locked out, in the company’s language', async () => {
    const { notify, sent, log } = fixture();
    await notify({ user: endUser, credential: 'PASSWORD', unlocksAt: '2026-12-01T15:30:00Z' }, log);
    expect(sent).toEqual([
      ['op@e.example', 'en', { kind: 'ACCOUNT_LOCKED', unlocksAt: '2026-12-01T15:30:00Z' }],
      [
        'admon@e.example',
        'en',
        { kind: 'USER_LOCKED_OUT', userCode: 'OPERADOR', unlocksAt: '2026-12-01T15:30:00Z' },
      ],
    ]);
  });

  it('tells the administrator alone of their own token lock, pointing to the bank', async () => {
    const { notify, sent, log } = fixture();
    await notify({ user: admin, credential: 'TOKEN' }, log);
    expect(sent).toEqual([
      ['admon@e.example', 'en', { kind: 'ACCOUNT_LOCKED', credential: 'TOKEN', administrator: true }],
    ]);
  });

  it('never throws: a failed read is logged as NOTIFICATION_FAILED', async () => {
    const { notify, lines, log } = fixture(async () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    });
    await expect(notify({ user: endUser, credential: 'PASSWORD' }, log)).resolves.toBeUndefined();
    expect(lines.some((line) => line.includes('"event":"NOTIFICATION_FAILED"'))).toBe(true);
  });

  it('the lazy production notifier never throws either, even when the mail cannot be configured', async () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    const config = { AWS_REGION: 'us-east-1', TABLE_NAME: 't' } as Config;
    const store: Pick<AuthStore, 'getCaller'> = { getCaller: async () => ({ company, user: admin }) };
    await expect(
      lazyLockNotifier({ config, doc: {} as never, http: {} }, store)(
        { user: endUser, credential: 'PASSWORD' },
        log,
      ),
    ).resolves.toBeUndefined();
    expect(lines.some((line) => line.includes('"event":"NOTIFICATION_FAILED"'))).toBe(true);
  });
});
