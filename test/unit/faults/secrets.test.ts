import { describe, expect, it, vi } from 'vitest';
import { tokenAuthenticator } from '../../../shared/auth/authenticate.ts';
import { loadKeys } from '../../../shared/auth/secrets.ts';
import type { Config } from '../../../shared/config.ts';
import { cachedLoad } from '../../../shared/core/cached.ts';
import { AppError, errorStatus } from '../../../shared/core/errors.ts';
import { createLogger } from '../../../shared/core/logger.ts';
import type { AuthStore } from '../../../shared/data/auth-store.ts';
import { restEvent } from '../../helpers/events.ts';

/**
 * Issue 9, point 5: when the master key cannot be had (Secrets Manager through the Lambda
 * extension, KMS behind it), loading fails, nothing is cached, and requests are refused with
 * 503 SECRETS_UNAVAILABLE — never served without keys.
 */

const awsConfig = { SECRETS_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:master' } as Config;
const secretAnswer = (body: unknown, status = 200) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe('Secrets: loading the master key in AWS', () => {
  it.each([
    ['the extension answers 500 (KMS or Secrets Manager failing)', secretAnswer({ message: 'KMS' }, 500)],
    ['the extension answers 403 (no permission to decrypt)', secretAnswer({}, 403)],
    [
      'the extension is not reachable',
      (async () => {
        throw new TypeError('fetch failed');
      }) as unknown as typeof fetch,
    ],
    [
      'the secret is not JSON',
      (async () => new Response('{not json', { status: 200 })) as unknown as typeof fetch,
    ],
    ['the secret has no master key', secretAnswer({ SecretString: '{}' })],
    ['the master key is too short', secretAnswer({ SecretString: JSON.stringify({ masterKey: 'short' }) })],
  ])('fails when %s', async (_what, fetchImpl) => {
    await expect(loadKeys(awsConfig, fetchImpl)).rejects.toThrow();
  });

  it('loads purpose keys from a good secret', async () => {
    const keys = await loadKeys(
      awsConfig,
      secretAnswer({ SecretString: JSON.stringify({ masterKey: 'k'.repeat(48) }) }),
    );
    expect(keys.sessionSigning).toHaveLength(32);
  });

  it('refuses to start without a secret source', async () => {
    await expect(loadKeys({} as Config)).rejects.toThrow(/SECRETS_ARN or LOCAL_SECRETS_FILE/);
  });
});

describe('Secrets: the cache of a function', () => {
  it('forgets a failed load, so the next request tries again, and keeps a good one', async () => {
    const load = vi
      .fn<() => Promise<never>>()
      .mockRejectedValueOnce(new Error('KMS unavailable'))
      .mockResolvedValue({ sessionSigning: new Uint8Array(32) } as never);
    const keys = cachedLoad(load as never);

    await expect(keys()).rejects.toThrow('KMS unavailable');
    await expect(keys()).resolves.toBeDefined();
    await keys();

    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('Secrets: requests while the key is unavailable', () => {
  it.each(['session', 'companyAdmin', 'challenge'] as const)(
    'refuses a %s request with 503 SECRETS_UNAVAILABLE before reading anything',
    async (access) => {
      const store = { getCaller: vi.fn() } as unknown as AuthStore;
      const authenticate = tokenAuthenticator({
        store,
        tokenSettings: async () => {
          throw new Error('KMS unavailable');
        },
        idleMinutes: 15,
      });
      const event = restEvent({ method: 'GET', path: '/me', headers: { authorization: 'Bearer a.b.c' } });

      const outcome = await authenticate(event, access, {
        sourceIp: '198.51.100.7',
        correlationId: 'c',
        log: createLogger({ write: () => {} }),
      }).catch((error: unknown) => error);

      expect(outcome).toBeInstanceOf(AppError);
      expect((outcome as AppError).code).toBe('SECRETS_UNAVAILABLE');
      expect(errorStatus[(outcome as AppError).code]).toBe(503);
      expect(store.getCaller).not.toHaveBeenCalled();
    },
  );
});
