import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { sealSecret, tokenSecretContext } from '../../shared/auth/secret-box.ts';
import { deriveKeys } from '../../shared/auth/secrets.ts';
import type { AuditEntry } from '../../shared/core/audit.ts';
import { AppError } from '../../shared/core/errors.ts';
import type { Company, TokenState, User } from '../../shared/domain/model.ts';
import type { Principal } from '../../shared/domain/principal.ts';
import { type HttpOptions, httpHandler } from '../../shared/http/middleware.ts';
import {
  confirmsWithOtp,
  needsConfirmation,
  type RouteDefinition,
  route,
  routes,
} from '../../shared/routes.ts';
import { type ConfirmationDeps, otpConfirmer } from '../../shared/services/otp.ts';
import { lambdaContext, restEvent } from '../helpers/events.ts';
import { testHotp } from '../helpers/totp.ts';

const NOW = new Date('2026-11-26T14:00:17Z');
const STEP = Math.floor(NOW.getTime() / 30_000);
const keys = deriveKeys(randomBytes(32));
const secret = new Uint8Array(randomBytes(20));

function principal(
  options: { role?: User['role']; token?: TokenState; settings?: Partial<Company['settings']> } = {},
) {
  const user: User = {
    companyCode: 'CORPORATIV',
    userCode: options.role === 'user' ? 'OPERADOR' : 'ADMON',
    role: options.role ?? 'admin',
    firstName: 'ANA',
    lastName: 'PEREZ',
    email: 'ana@example.com',
    state: 'ACTIVE',
    createdBy: 'BANCO',
    createdAt: '2026-11-01T00:00:00Z',
    version: 3,
    credential: {
      passwordHash: 'x',
      kind: 'personal',
      failedAttempts: 0,
      history: [],
      changedAt: '2026-11-01T00:00:00Z',
    },
  };
  if (options.token) {
    user.token = {
      state: options.token,
      secretCiphertext: sealSecret(
        keys.totpEncryption,
        secret,
        tokenSecretContext(user.companyCode, user.userCode),
      ),
      requestedAt: '2026-11-20T00:00:00Z',
      changedAt: '2026-11-20T00:00:00Z',
      changedBy: user.userCode,
    };
  }
  const company = {
    code: 'CORPORATIV',
    settings: { otpConfirmation: true, otpAtLogin: false, ...options.settings },
  } as Company;
  return { kind: 'user', company, user, sessionId: 's-1' } as const satisfies Principal;
}

/** An in-memory stand-in for the table's OTP bookkeeping. */
function fakeStore(threshold = 3) {
  const state = { attempts: 0, lastStep: undefined as number | undefined, audits: [] as AuditEntry[] };
  const store: ConfirmationDeps['store'] = {
    reserveCodeAttempt: async () => {
      if (state.attempts >= threshold) return false;
      state.attempts += 1;
      return state.attempts;
    },
    acceptOtpStep: async (_user, _sealed, step, audit, lockedAt) => {
      if (state.lastStep !== undefined && step <= state.lastStep) return false;
      if (lockedAt !== undefined && state.attempts >= lockedAt) return false;
      state.lastStep = step;
      state.attempts = 0;
      state.audits.push(audit);
      return true;
    },
    audit: async (entry, lock) => {
      state.audits.push(entry, ...(lock ? [lock.audit] : []));
    },
    // Carried by the use case's transaction; these use cases write nothing, so it is written alone.
    otpStepItems: () => [
      { Update: { TableName: 't', Key: { pk: 'USER', sk: 'PROFILE' }, UpdateExpression: 'SET x = :x' } },
    ],
  };
  return { state, store };
}

/** A handler for `definition` whose use case records that it ran; the caller is `who`. */
function handlerFor(definition: RouteDefinition, who: Principal, confirm?: HttpOptions['confirm']) {
  const ran = vi.fn(async () => ({ body: { done: true } }));
  const options: HttpOptions = {
    authenticate: async () => who,
    write: () => {},
    ...(confirm ? { confirm } : {}),
  };
  const handler = httpHandler(definition, options, ran);
  const invoke = async (headers: Record<string, string> = {}, body: unknown = undefined) => {
    const response = await handler(
      restEvent({
        method: definition.method,
        path: definition.path,
        body,
        pathParameters: definition.request.path ? { userCode: 'OPERADOR' } : undefined,
        headers: { Authorization: 'Bearer x.y.z', ...headers },
      }),
      lambdaContext(),
    );
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };
  return { invoke, ran };
}

const assign = route('assignUserPassword');
const assignBody = { newPassword: 'Asig12na', confirmation: 'Asig12na' };
const confirmer = (store: ConfirmationDeps['store']) =>
  otpConfirmer({ store, keys: async () => keys, lockoutThreshold: 3, now: () => NOW });

describe('Route table: OTP confirmation is the default for administrative changes', () => {
  it('confirms every company-administrator route that writes with an OTP', () => {
    const adminWrites = routes.filter((r) => r.access === 'companyAdmin' && r.table === 'write');
    expect(adminWrites.map((r) => r.id)).toContain('assignUserPassword');
    for (const r of adminWrites) expect(confirmsWithOtp(r), r.id).toBe(true);
  });

  it('sends every company-administrator route, reads included, through the confirmation step (step 9)', () => {
    for (const r of routes.filter((r) => r.access === 'companyAdmin'))
      expect(needsConfirmation(r), r.id).toBe(true);
    expect(needsConfirmation(route('logout'))).toBe(false);
    expect(needsConfirmation(route('requestToken'))).toBe(false);
  });

  it('treats a company-administrator write without a stated exemption as confirmed, even if it says otp: false', () => {
    const unconfirmed = { ...assign, id: 'newAdminAction', otp: false } as const;
    // @ts-expect-error a company-administrator write route with `otp: false` must give an `otpExemption` reason
    const definition: RouteDefinition = unconfirmed;

    expect(confirmsWithOtp(definition)).toBe(true);
  });

  it('lets a company-administrator write opt out only with a reason', () => {
    const exempt = { ...assign, otp: false, otpExemption: 'idempotent preference of the screen' } as const;

    expect(confirmsWithOtp(exempt)).toBe(false);
    expect(needsConfirmation(exempt)).toBe(true);
  });
});

describe('Middleware: the confirmation step', () => {
  it('refuses to build an administrative handler without a confirmation service', () => {
    expect(() => handlerFor(assign, principal())).toThrow(/needs the OTP confirmation service/);
  });

  it('validates the request before confirming, so bad input spends no code', async () => {
    const confirm = vi.fn(async () => undefined);
    const { invoke, ran } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirm);

    const response = await invoke({ 'X-OTP': '123456' }, { newPassword: 'x' });

    expect(response.status).toBe(400);
    expect(confirm).not.toHaveBeenCalled();
    expect(ran).not.toHaveBeenCalled();
  });

  it('passes the X-OTP header to the confirmation step, whatever its case, before the use case', async () => {
    const confirm = vi.fn(async () => undefined);
    const { invoke, ran } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirm);

    const response = await invoke({ 'X-Otp': '654321' }, assignBody);

    expect(response.status).toBe(200);
    expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ code: '654321', route: assign }));
    expect(ran).toHaveBeenCalledOnce();
  });

  it('asks for the code only once the use case would succeed: its answer is then 428, not its result', async () => {
    const { store } = fakeStore();
    const { invoke, ran } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirmer(store));

    const response = await invoke({}, assignBody);

    expect(response.status).toBe(428);
    expect(ran).toHaveBeenCalledOnce();
  });

  it('answers a use case that refuses with its own problem, asking for no code and counting nothing (issue 20 §1)', async () => {
    const { store, state } = fakeStore();
    const refusing = async () => {
      throw new AppError('PASSWORD_NOT_ASSIGNED');
    };
    const handler = httpHandler(
      assign,
      {
        authenticate: async () => principal({ token: 'ACTIVE' }),
        write: () => {},
        confirm: confirmer(store),
      },
      refusing,
    );
    const wrong = testHotp(secret, STEP) === '000000' ? '111111' : '000000';

    const sent: Record<string, string>[] = [{}, { 'X-OTP': wrong }, { 'X-OTP': '12ab56' }];
    for (const headers of sent) {
      const response = await handler(
        restEvent({
          method: assign.method,
          path: assign.path,
          body: assignBody,
          pathParameters: { userCode: 'OPERADOR' },
          headers: { Authorization: 'Bearer x.y.z', ...headers },
        }),
        lambdaContext(),
      );
      expect(response.statusCode).toBe(409);
      expect(JSON.parse(response.body).code).toBe('PASSWORD_NOT_ASSIGNED');
    }
    expect(state.attempts).toBe(0);
    expect(state.audits).toEqual([]);
  });

  it('does not ask a session route without `otp` for anything', async () => {
    const confirm = vi.fn(async () => undefined);
    const { invoke } = handlerFor(route('logout'), principal(), confirm);

    expect((await invoke()).status).toBe(204);
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('OTP confirmation of administrative actions (steps 9, 14, 18, 22)', () => {
  it('answers 428 OTP_REQUIRED with the guide’s prompt when the code is missing, counting nothing', async () => {
    const { store, state } = fakeStore();
    const { invoke } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirmer(store));

    const es = await invoke({}, assignBody);
    const en = await invoke({ 'Accept-Language': 'en' }, assignBody);

    expect(es.status).toBe(428);
    expect(es.body).toMatchObject({
      code: 'OTP_REQUIRED',
      detail: 'Ingrese el OTP generado por su dispositivo móvil.',
    });
    expect(en.body.detail).toBe('Enter the OTP generated by your mobile device.');
    expect(state.attempts).toBe(0);
  });

  it('answers 400 on a malformed code, naming the header, counting nothing', async () => {
    const { store, state } = fakeStore();
    const { invoke } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirmer(store));

    const response = await invoke({ 'X-OTP': '12ab56' }, assignBody);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'header.x-otp', code: 'otp_format', message: 'Debe tener 6 dígitos.' },
    ]);
    expect(state.attempts).toBe(0);
  });

  it('answers 403 OTP_INVALID on a wrong code and counts it toward the lockout', async () => {
    const { store, state } = fakeStore();
    const { invoke, ran } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirmer(store));
    const wrong = testHotp(secret, STEP) === '000000' ? '111111' : '000000';

    const response = await invoke({ 'X-OTP': wrong }, assignBody);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('OTP_INVALID');
    expect(state.attempts).toBe(1);
    expect(state.audits.map((a) => [a.action, a.outcome])).toEqual([
      ['CONFIRMATION_OTP_REFUSED', 'WRONG_CODE'],
    ]);
    // The use case ran its checks; it writes nothing, so the code is checked after it.
    expect(ran).toHaveBeenCalledOnce();
  });

  it('accepts the current code once, recording its step and clearing the counter; the same code again is refused', async () => {
    const { store, state } = fakeStore();
    const { invoke } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirmer(store));
    const code = testHotp(secret, STEP);

    const first = await invoke({ 'X-OTP': code }, assignBody);
    const again = await invoke({ 'X-OTP': code }, assignBody);

    expect(first.status).toBe(200);
    expect(state.lastStep).toBe(STEP);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('OTP_INVALID');
    // This stand-in principal still shows no accepted step, so the code verifies again and the
    // use case runs; its acceptance, written with the change, is what refuses the replay.
    expect(state.attempts).toBe(1);
    expect(state.audits.map((a) => a.action)).toEqual([
      'CONFIRMATION_OTP_ACCEPTED',
      'CONFIRMATION_OTP_REFUSED',
    ]);
    expect(state.audits[0]?.outcome).toBe('assignUserPassword');
  });

  it('answers TOKEN_LOCKED, and accepts no code, once the token is locked by wrong codes', async () => {
    const { store, state } = fakeStore(3);
    state.attempts = 3;
    const { invoke } = handlerFor(assign, principal({ token: 'ACTIVE' }), confirmer(store));

    const response = await invoke({ 'X-OTP': testHotp(secret, STEP) }, assignBody);

    expect(response.status).toBe(403);
    expect(response.body.code).toBe('TOKEN_LOCKED');
    expect(state.lastStep).toBeUndefined();
  });

  it('answers 503 without counting an attempt when the key of the secrets cannot be loaded', async () => {
    const { store, state } = fakeStore();
    const unavailable = otpConfirmer({
      store,
      keys: async () => {
        throw new Error('Secrets Manager unreachable');
      },
      lockoutThreshold: 3,
      now: () => NOW,
    });
    const { invoke } = handlerFor(assign, principal({ token: 'ACTIVE' }), unavailable);

    const response = await invoke({ 'X-OTP': testHotp(secret, STEP) }, assignBody);

    expect(response.status).toBe(503);
    expect(response.body.code).toBe('SECRETS_UNAVAILABLE');
    expect(state.attempts).toBe(0);
  });

  it.each([undefined, 'REQUESTED', 'CANCELLED'] as const)(
    'refuses every administrative route, reads too, with TOKEN_REQUIRED to an administrator whose token is %s — even with confirmation off',
    async (token) => {
      const { store } = fakeStore();
      const who = principal({ token, settings: { otpConfirmation: false } });

      const read = await handlerFor(route('getCompanySettings'), who, confirmer(store)).invoke();
      const write = await handlerFor(assign, who, confirmer(store)).invoke({}, assignBody);

      expect(read.status).toBe(403);
      expect(read.body).toMatchObject({ code: 'TOKEN_REQUIRED', title: 'BOP Token requerido' });
      expect(write.body.code).toBe('TOKEN_REQUIRED');
    },
  );

  it('asks for no code when the company turned confirmation off ("si te es requerido")', async () => {
    const { store, state } = fakeStore();
    const who = principal({ token: 'ACTIVE', settings: { otpConfirmation: false } });
    const { invoke, ran } = handlerFor(assign, who, confirmer(store));

    const response = await invoke({}, assignBody);

    expect(response.status).toBe(200);
    expect(ran).toHaveBeenCalledOnce();
    expect(state.attempts).toBe(0);
  });

  it('takes an end user’s token (de)activation into account on their next confirmation', async () => {
    const approve = {
      ...route('logout'),
      id: 'approveOperation',
      otp: true,
    } as const satisfies RouteDefinition;
    const { store } = fakeStore();
    const code = testHotp(secret, STEP);

    const inactive = await handlerFor(
      approve,
      principal({ role: 'user', token: 'INACTIVE' }),
      confirmer(store),
    ).invoke({
      'X-OTP': code,
    });
    const active = await handlerFor(
      approve,
      principal({ role: 'user', token: 'ACTIVE' }),
      confirmer(store),
    ).invoke({
      'X-OTP': code,
    });

    expect(inactive.status).toBe(403);
    expect(inactive.body.code).toBe('TOKEN_INACTIVE');
    expect(active.status).toBe(204);
  });
});
