import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signToken, VERIFIED_TOKENS_KEPT, verifyToken } from '../../shared/auth/tokens.ts';

const settings = () => ({ key: new Uint8Array(randomBytes(32)), issuer: 'urn:iss', audience: 'urn:aud' });
const NOW = new Date('2026-11-26T14:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const claims = (sessionId = 's-1') =>
  ({ kind: 'session', companyCode: 'CORPORATIV', userCode: 'ADMON', role: 'admin', sessionId }) as const;
const session = (s: ReturnType<typeof settings>, sessionId?: string) =>
  signToken(s, claims(sessionId), NOW, later(15 * 60_000));

afterEach(() => vi.restoreAllMocks());

describe('Session tokens: a warm function remembers the signatures it verified', () => {
  it('verifies the signature once per token, and the claims every time', async () => {
    const s = settings();
    const token = await session(s);
    const verify = vi.spyOn(crypto.subtle, 'verify');

    expect(await verifyToken(s, token, NOW)).toEqual(claims());
    expect(await verifyToken(s, token, later(60_000))).toEqual(claims());

    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it expires, and before its not-before time', async () => {
    const s = settings();
    const token = await session(s);
    await verifyToken(s, token, NOW);

    expect(await verifyToken(s, token, later(15 * 60_000 - 1_000))).toEqual(claims());
    expect(await verifyToken(s, token, later(15 * 60_000))).toBeUndefined();
    expect(await verifyToken(s, token, later(-1_000))).toBeUndefined();
  });

  it('never takes a token verified under one key, issuer or audience for another', async () => {
    const s = settings();
    const token = await session(s);
    await verifyToken(s, token, NOW);

    expect(await verifyToken({ ...s, key: new Uint8Array(randomBytes(32)) }, token, NOW)).toBeUndefined();
    expect(await verifyToken({ ...s, issuer: 'urn:other' }, token, NOW)).toBeUndefined();
    expect(await verifyToken({ ...s, audience: 'urn:other' }, token, NOW)).toBeUndefined();
  });

  it('checks a token that differs from a remembered one in any character in full', async () => {
    const s = settings();
    const token = await session(s);
    await verifyToken(s, token, NOW);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;

    expect(await verifyToken(s, tampered, NOW)).toBeUndefined();
  });

  it(`keeps the ${VERIFIED_TOKENS_KEPT} latest tokens and checks older ones again`, async () => {
    const s = settings();
    const tokens = await Promise.all(
      Array.from({ length: VERIFIED_TOKENS_KEPT + 1 }, (_, i) => session(s, `s-${i}`)),
    );
    for (const token of tokens) await verifyToken(s, token, NOW);
    const verify = vi.spyOn(crypto.subtle, 'verify');

    expect(await verifyToken(s, tokens.at(-1) as string, NOW)).toEqual(claims(`s-${VERIFIED_TOKENS_KEPT}`));
    expect(verify).not.toHaveBeenCalled();
    expect(await verifyToken(s, tokens[0] as string, NOW)).toEqual(claims('s-0'));
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
