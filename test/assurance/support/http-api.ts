import { vi } from 'vitest';
import { fillPath } from '../../../infra/local/routing.ts';
import { generatePassword, passwordPolicy } from '../../../shared/domain/password-policy.ts';
import { type RouteDefinition, type RouteId, route } from '../../../shared/routes.ts';
import { type HttpResponse, request } from '../../helpers/http.ts';
import { type LocalStack, mailedGenericPassword } from '../../helpers/local-stack.ts';
import { parseOtpauthUri, testHotp } from '../../helpers/totp.ts';

/** A request to one route of the route table, as the tests describe it. */
export interface RouteRequest {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A problem or JSON answer, loosely typed: tests read what they assert. */
// biome-ignore lint/suspicious/noExplicitAny: answers are asserted field by field
export type Answer = HttpResponse<any>;

const policy = passwordPolicy('bank');

/** A random password that the bank's policy accepts for these codes. */
export const newPassword = (companyCode: string, userCode: string) =>
  generatePassword(policy, { companyCode, userCode });

/** The code of the 30 s step `offset` steps from now. */
export const totpCode = (secret: Uint8Array, offset = 0) =>
  testHotp(secret, Math.floor(Date.now() / 30_000) + offset);

/** The clock the in-process local stack reads; a test moves it rather than wait for a new TOTP step. */
export interface StepClock {
  now(): Date;
  set(date: Date): void;
}

/**
 * The process clock, faked (`Date` only, still advancing) by the test file that calls
 * {@link httpApi}: `vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })`.
 */
export const processClock: StepClock = {
  now: () => new Date(),
  set: (date) => {
    if (!vi.isFakeTimers()) throw new Error('fake Date (vi.useFakeTimers) before moving the clock');
    vi.setSystemTime(date);
  },
};

/**
 * An end user to set up, as `activeUser` and `endUserInSession` take it: the administrator's
 * session, the company, the user code and, if given, the profile and the options granted.
 */
type EndUserArgs = [
  adminToken: string,
  companyCode: string,
  userCode: string,
  profile?: string,
  options?: readonly string[],
];

/**
 * Calls routes of the local stack by id: method and path come from the route table. BOP Token
 * codes come from {@link StepClock}: a fresh step is reached by moving the clock, never by waiting.
 */
export function httpApi(stack: LocalStack, clock: StepClock = processClock) {
  const lastSteps = new Map<Uint8Array, number>();
  /**
   * A code of `secret` not yet used: the current step's or, when that one was, the next step's,
   * the clock moved to its start. Either stays acceptable for a whole step after this one.
   */
  const freshCode = (secret: Uint8Array) => {
    let step = Math.floor(clock.now().getTime() / 30_000);
    const last = lastSteps.get(secret) ?? Number.NEGATIVE_INFINITY;
    if (step <= last) {
      step = last + 1;
      clock.set(new Date(step * 30_000));
    }
    lastSteps.set(secret, step);
    return testHotp(secret, step);
  };

  const url = (definition: RouteDefinition, call: RouteRequest) => {
    const target = new URL(fillPath(definition.path, call.path ?? {}), stack.apiUrl);
    for (const [name, value] of Object.entries(call.query ?? {})) target.searchParams.set(name, value);
    return target;
  };

  const call = (
    id: RouteId,
    call: RouteRequest & { token?: string; bank?: boolean } = {},
  ): Promise<Answer> => {
    const definition = route(id) as RouteDefinition;
    const headers: Record<string, string> = { ...call.headers };
    if (call.bank) headers.Authorization = `Bearer ${stack.bankKey}`;
    else if (call.token) headers.Authorization = `Bearer ${call.token}`;
    return request(url(definition, call), {
      method: definition.method,
      headers,
      ...(call.body === undefined ? {} : { json: call.body }),
    });
  };

  const expectStatus = async (answer: Promise<Answer>, status: number, what: string) => {
    const got = await answer;
    if (got.status !== status) throw new Error(`${what}: expected ${status}, got ${got.status} ${got.text}`);
    return got;
  };

  /** The generic password the local SES received for `email`, the latest one. */
  const mailedPassword = (email: string) => mailedGenericPassword(stack.sesUrl, email);

  /** The bank onboards a company with its administrator ADMON; returns the e-mailed generic password. */
  const onboard = async (companyCode: string, accounts: string[]) => {
    const email = `admon@${companyCode.toLowerCase()}.example`;
    await expectStatus(
      call('onboardCompany', {
        bank: true,
        body: {
          companyCode,
          legalName: `Empresa ${companyCode}, S.A.`,
          accounts: accounts.map((number, i) => ({ number, alias: `Cuenta ${i + 1}`, type: 'CHECKING' })),
          administrator: { userCode: 'ADMON', firstName: 'ANA', lastName: 'ADMIN', email },
        },
      }),
      201,
      `onboard ${companyCode}`,
    );
    return mailedPassword(email);
  };

  /**
   * Login as the guide walks it: a temporary password forces the change, then the image; the
   * session at the end. Returns the password in use and the session token.
   */
  const loginThroughChallenges = async (companyCode: string, userCode: string, temporary: string) => {
    const password = await replaceTemporaryPassword(companyCode, userCode, temporary);
    const second = await expectStatus(
      call('login', { body: { companyCode, userCode, password } }),
      200,
      `second login ${userCode}`,
    );
    if (second.body.status !== 'IMAGE_REQUIRED') throw new Error(`unexpected ${second.text}`);
    return { password, imageChallenge: second.body.challenge.token as string };
  };

  /** Steps 4–6: logs in with a generic or assigned password and replaces it; returns the new one. */
  const replaceTemporaryPassword = async (companyCode: string, userCode: string, temporary: string) => {
    const first = await expectStatus(
      call('login', { body: { companyCode, userCode, password: temporary } }),
      200,
      `login ${companyCode}/${userCode}`,
    );
    if (first.body.status !== 'PASSWORD_CHANGE_REQUIRED') throw new Error(`unexpected ${first.text}`);
    const password = newPassword(companyCode, userCode);
    await expectStatus(
      call('changeInitialPassword', {
        token: first.body.challenge.token,
        body: { currentPassword: temporary, newPassword: password, confirmation: password },
      }),
      200,
      `change ${userCode}`,
    );
    return password;
  };

  const chooseImage = async (challenge: string) => {
    const chosen = await expectStatus(
      call('chooseImage', { token: challenge, body: { imageId: 'anchor' } }),
      200,
      'image',
    );
    return chosen.body.session.token as string;
  };

  /** Logs in with a personal password (image already chosen): a session token. */
  const login = async (companyCode: string, userCode: string, password: string) => {
    const answer = await expectStatus(
      call('login', { body: { companyCode, userCode, password } }),
      200,
      `login ${userCode}`,
    );
    if (answer.body.status !== 'AUTHENTICATED') throw new Error(`unexpected ${answer.text}`);
    return answer.body.session.token as string;
  };

  /** Requests and installs the caller's BOP Token with a fresh code; returns its secret. */
  const installToken = async (token: string) => {
    const requested = await expectStatus(call('requestToken', { token }), 201, 'token request');
    const secret = parseOtpauthUri(requested.body.otpauthUri).secret;
    await expectStatus(
      call('installToken', { token, body: { otp: freshCode(secret) } }),
      200,
      'token installation',
    );
    return secret;
  };

  /**
   * A company administrator ready to administer: generic password changed, image chosen, BOP
   * Token installed and, unless `keepConfirmation`, OTP confirmation turned off with the
   * current code (so that confirmed routes answer by authorization alone).
   */
  const readyAdministrator = async (companyCode: string, generic: string, keepConfirmation = false) => {
    const { password, imageChallenge } = await loginThroughChallenges(companyCode, 'ADMON', generic);
    const token = await chooseImage(imageChallenge);
    const secret = await installToken(token);
    if (!keepConfirmation) {
      await expectStatus(
        call('updateCompanySettings', {
          token,
          headers: { 'X-OTP': freshCode(secret) },
          body: { otpConfirmation: false },
        }),
        200,
        'confirmation off',
      );
    }
    return { companyCode, userCode: 'ADMON', password, token, secret };
  };

  /**
   * Creates an end user (Pendiente) granted `options` (by default "Consulta" and one transfer,
   * none of the module's own options); the company's OTP confirmation must be off.
   */
  const createUser = async (
    adminToken: string,
    userCode: string,
    profile = 'OPERATOR',
    options: readonly string[] = ['products.inquiry', 'transfers.ownAccounts'],
  ) => {
    await expectStatus(
      call('createUser', {
        token: adminToken,
        body: {
          userCode,
          firstName: 'PRUEBA',
          lastName: 'MATRIZ',
          jobTitle: 'ANALISTA',
          email: `${userCode.toLowerCase()}@example.com`,
          profile,
          options: [...options, 'transfers.ownAccounts'].filter((o, i, all) => all.indexOf(o) === i),
          limits: { 'transfers.ownAccounts': '100.00' },
          accounts: 'ALL',
        },
      }),
      201,
      `create ${userCode}`,
    );
  };

  const userVersion = async (adminToken: string, userCode: string) =>
    (await expectStatus(call('getUser', { token: adminToken, path: { userCode } }), 200, `get ${userCode}`))
      .body.version as number;

  const setState = async (adminToken: string, userCode: string, state: string) =>
    expectStatus(
      call('changeUserState', {
        token: adminToken,
        path: { userCode },
        body: { state, version: await userVersion(adminToken, userCode) },
      }),
      200,
      `${userCode} → ${state}`,
    );

  /** Creates, assigns a password to and activates an end user; returns the assigned password. */
  const activeUser = async (...[adminToken, companyCode, userCode, profile, options]: EndUserArgs) => {
    await createUser(adminToken, userCode, profile, options);
    const assigned = newPassword(companyCode, userCode);
    await expectStatus(
      call('assignUserPassword', {
        token: adminToken,
        path: { userCode },
        body: { newPassword: assigned, confirmation: assigned },
      }),
      200,
      `assign ${userCode}`,
    );
    await setState(adminToken, userCode, 'ACTIVE');
    return assigned;
  };

  /** An end user in session: created, assigned, activated, first login walked to the end. */
  const endUserInSession = async (...user: EndUserArgs) => {
    const [, companyCode, userCode] = user;
    const assigned = await activeUser(...user);
    const { password, imageChallenge } = await loginThroughChallenges(companyCode, userCode, assigned);
    return { companyCode, userCode, password, token: await chooseImage(imageChallenge) };
  };

  return {
    call,
    expectStatus,
    mailedPassword,
    onboard,
    loginThroughChallenges,
    replaceTemporaryPassword,
    chooseImage,
    login,
    installToken,
    freshCode,
    readyAdministrator,
    createUser,
    userVersion,
    setState,
    activeUser,
    endUserInSession,
  };
}

export type HttpApi = ReturnType<typeof httpApi>;

/** Runs `tasks` with at most `limit` in flight; answers in order. */
export async function boundedAll<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
