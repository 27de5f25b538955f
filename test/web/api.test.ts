import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiHooks, createApi, type Problem } from '../../web/src/api.ts';

const problem = (code: string, status: number): Problem => ({ title: code, detail: code, code, status });
const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

function hooks(codes: string[]): ApiHooks {
  return {
    language: () => 'es',
    sessionToken: () => 'session.token.value',
    openOtpPrompt: () => ({
      nextCode: async () => codes.shift() ?? '000000',
      refused: () => {},
      close: () => {},
    }),
    sessionLost: () => {},
    activity: () => {},
    networkProblem: () => problem('NETWORK_ERROR', 0),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('Portal API client: idempotency keys on creating routes', () => {
  it('sends the form’s key with the request and again with its OTP, and none on other calls', async () => {
    const sent: Record<string, string>[] = [];
    const answers = [
      json(428, problem('OTP_REQUIRED', 428), 'application/problem+json'),
      json(201, { user: { userCode: 'OPERADOR' } }),
      json(200, { accounts: [] }),
    ];
    vi.stubGlobal('fetch', async (_url: string, init: { headers: Record<string, string> }) => {
      sent.push(init.headers);
      return answers.shift();
    });
    const api = createApi(hooks(['123456']));
    const key = 'form-key-0123456789abcdef';

    await api.call('createUser', { body: { userCode: 'OPERADOR' }, idempotencyKey: key });
    await api.call('companyAccounts');

    expect(sent.map((h) => h['Idempotency-Key'])).toEqual([key, key, undefined]);
    expect(sent.map((h) => h['X-OTP'])).toEqual([undefined, '123456', undefined]);
  });
});

describe('Portal API client: the code dialog only when the API asks for a code', () => {
  it('shows a confirmed request’s own problem without opening the dialog (issue 20 §1)', async () => {
    let opened = 0;
    const sent: Record<string, string>[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: { headers: Record<string, string> }) => {
      sent.push(init.headers);
      return json(409, problem('USER_EXISTS', 409), 'application/problem+json');
    });
    const base = hooks([]);
    const api = createApi({
      ...base,
      openOtpPrompt: () => {
        opened++;
        return base.openOtpPrompt();
      },
    });

    const error = await api.call('createUser', { body: { userCode: 'OPERADOR' } }).catch((e: unknown) => e);

    expect(error).toMatchObject({ problem: { code: 'USER_EXISTS', status: 409 } });
    expect(opened).toBe(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.['X-OTP']).toBeUndefined();
  });
});
