import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareWhenProvisioned } from '../../shared/http/middleware.ts';

/**
 * Issue 19 §3: a provisioned-concurrency environment of login and identify does all its setup,
 * the master key's fetch included, in Lambda's init phase (the module's top-level await), so
 * the first login on it pays none of it; an on-demand one fetches nothing before a request.
 */
const PROVISIONED = { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.doUnmock('../../shared/auth/secrets.ts');
  vi.resetModules();
});

describe('prepareWhenProvisioned', () => {
  it('runs the setup only in a provisioned-concurrency init, and leaves a failure to the first request', async () => {
    // Prepare
    const setup = vi.fn(async () => {});
    const failing = vi.fn(async () => {
      throw new Error('extension not ready');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    // Act
    const onDemand = await prepareWhenProvisioned(setup, { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    const provisioned = await prepareWhenProvisioned(setup, PROVISIONED);
    const failed = await prepareWhenProvisioned(failing, PROVISIONED);

    // Assess
    expect([onDemand, provisioned, failed]).toEqual([false, true, false]);
    expect(setup).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

describe('login and identify load the master key in the init phase when provisioned', () => {
  const importWith = async (handlerModule: string, initialization: string) => {
    vi.resetModules();
    vi.stubEnv('TABLE_NAME', 'provisioned-init-test');
    vi.stubEnv('LOCAL_SECRETS_FILE', '/nonexistent/secrets.json');
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', initialization);
    const loadKeys = vi.fn(async () => ({}));
    vi.doMock('../../shared/auth/secrets.ts', async (original) => ({
      ...(await original<typeof import('../../shared/auth/secrets.ts')>()),
      loadKeys,
    }));
    await import(handlerModule);
    return loadKeys;
  };

  it.each(['../../functions/auth/login.ts', '../../functions/auth/identify.ts'])(
    '%s: fetches the key while the module loads (provisioned), not before a request (on demand)',
    async (module) => {
      // Act
      const provisioned = await importWith(module, 'provisioned-concurrency');
      const onDemand = await importWith(module, 'on-demand');

      // Assess
      expect(provisioned).toHaveBeenCalledTimes(1);
      expect(onDemand).not.toHaveBeenCalled();
    },
  );
});
