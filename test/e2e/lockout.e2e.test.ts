import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardAndLogInOverHttp, request } from '../helpers/http.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';

type Problem = { status: number; code: string };
type LoginAnswer = { status: string; challenge: { token: string }; session: { token: string } };

/**
 * Issue 16 §2 over HTTP against the local stack: an outsider who knows the company code and
 * the predictable `ADMON` sends wrong passwords; the administrator's live session goes on, and
 * the lock is temporary and shown — it no longer throws the administrator out.
 */
describe('Lockout over HTTP: an outsider cannot end a live session', () => {
  let stack: LocalStack;
  const api = (path: string) => new URL(path, stack.apiUrl);
  const COMPANY = 'LOCKE2E';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (password: string) =>
    request<LoginAnswer & Problem>(api('/auth/login'), {
      json: { companyCode: COMPANY, userCode: 'ADMON', password },
    });

  beforeAll(async () => {
    stack = await startTestStack('e2e_lockout');
  });
  afterAll(async () => stack?.stop());

  it('keeps the administrator’s session through an outsider’s wrong passwords, and locks the password for a while', async () => {
    // Prepare: the bank onboards the company; the administrator logs in to a session
    const session = await onboardAndLogInOverHttp(
      stack,
      {
        companyCode: COMPANY,
        legalName: 'Bloqueos, S.A.',
        accounts: [{ number: '5100000001', type: 'CHECKING' }],
        administrator: {
          userCode: 'ADMON',
          firstName: 'ANA',
          lastName: 'ADMIN',
          email: 'ana@bloqueos.example',
        },
      },
      'Bloq12Ad',
    );

    // Act: an outsider's wrong passwords, more than the threshold
    const outsider = [];
    for (let i = 0; i < 4; i++) outsider.push(await login(`Mala${i}2xyz`));

    // Assess: the same refusal every time; the administrator's session goes on and shows the lock
    expect(outsider.map((a) => a.body.code)).toEqual(Array(4).fill('LOGIN_FAILED'));
    const me = await request<{ locked: boolean; lock: { kind: string; until: string } }>(api('/me'), {
      method: 'GET',
      headers: auth(session),
    });
    expect(me.status).toBe(200);
    expect(me.body.locked).toBe(true);
    expect(me.body.lock.kind).toBe('TEMPORARY');
    expect(Date.parse(me.body.lock.until) - Date.now()).toBeGreaterThan(25 * 60_000);
    // The right password cannot start a second session meanwhile: the same answer as any refusal
    expect((await login('Bloq12Ad')).body.code).toBe('LOGIN_FAILED');
  });
});
