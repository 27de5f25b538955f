import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDynamoDbClient } from '../../infra/local/dynamodb.ts';
import { loadKeys } from '../../shared/auth/secrets.ts';
import { type Config, readConfig } from '../../shared/config.ts';
import { confirmsWithOtp, type RouteDefinition, type RouteId, routes } from '../../shared/routes.ts';
import { type LocalStack, startTestStack } from '../helpers/local-stack.ts';
import {
  type Answer,
  boundedAll,
  type HttpApi,
  httpApi,
  type RouteRequest,
  totpCode,
} from './support/http-api.ts';
import {
  END_USERS,
  GRANTED_MODULE_OPTIONS,
  type MatrixWorld,
  MODULE_OPTIONS,
  type Outcome,
  PERSONAS,
  type Persona,
  type PersonaId,
  type RouteExpectation,
  routeExpectations,
  SESSION_PERSONAS,
} from './support/route-expectations.ts';
import { requestFields } from './support/schemas.ts';
import { partitionSnapshot, queryAll } from './support/table.ts';

/**
 * Issue 9, points 1–3, over HTTP against the local stack (DynamoDB Local, local SES, every
 * route's own handler): the authorization matrix generated from the route table, tenant
 * isolation, session tokens that must be refused, and the order of authorization and OTP
 * confirmation. The personas are built the way people get there: the bank onboards, the
 * administrators walk the guide, end users are created, given passwords, activated, locked,
 * disabled.
 */

const A = 'MTXA';
const B = 'MTXB';
const SPARE = 'MTXS';
const CONCURRENCY = 6;
const table = routes as readonly RouteDefinition[];

let stack: LocalStack;
let api: HttpApi;
let world: MatrixWorld;
const personas = {} as Record<PersonaId, Persona>;
/** Tokens of the administrators' BOP Tokens, for the confirmation tests. */
const secrets: { adminA?: Uint8Array; adminB?: Uint8Array; both?: Uint8Array } = {};
let tableClient: ReturnType<typeof localDynamoDbClient>;

const parse = (outcome: Outcome) => {
  const [status, code] = String(outcome).split(' ');
  return { status: Number(status), code };
};

const auth = (persona: Persona) =>
  persona.bank ? { bank: true } : persona.token ? { token: persona.token } : {};

/** Logs a session persona in again when a request ended its session. */
async function live(persona: Persona): Promise<Persona> {
  // The locked user's password is locked: once its session ends, it stays out.
  if (
    persona.sessionEnded &&
    persona.id !== 'locked' &&
    persona.companyCode &&
    persona.userCode &&
    persona.password
  ) {
    persona.token = await api.login(persona.companyCode, persona.userCode, persona.password);
    persona.sessionEnded = false;
  }
  return persona;
}

const describeAnswer = (answer: Answer) =>
  `${answer.status}${answer.body?.code ? ` ${answer.body.code}` : ''}`;

beforeAll(async () => {
  // BOP Token codes: the clock is moved to a fresh step, never waited for (support/http-api.ts).
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  stack = await startTestStack('assurance_matrix', {
    env: { LOCKOUT_THRESHOLD: '3' },
  });
  api = httpApi(stack);
  tableClient = localDynamoDbClient(stack.dynamoEndpoint);

  // The bank onboards three companies: ours, another one, and one whose password it re-issues.
  const [genericA, genericB] = await Promise.all([
    api.onboard(A, ['5000000001', '5000000002']),
    api.onboard(B, ['6000000001']),
    api.onboard(SPARE, ['8000000001']),
  ]);
  const [adminA, adminB] = await Promise.all([
    api.readyAdministrator(A, genericA),
    api.readyAdministrator(B, genericB),
  ]);
  secrets.adminA = adminA.secret;
  secrets.adminB = adminB.secret;
  personas.admin = { id: 'admin', ...adminA };
  personas.foreignAdmin = { id: 'foreignAdmin', ...adminB };
  const admin = adminA.token;

  // End users of company A, each brought to its state over the API.
  const inSession = (userCode: string, profile?: string, options?: readonly string[]) => () =>
    api.endUserInSession(admin, A, userCode, profile, options);
  const [operator, supervisor, both, pending, disabled, locked, loginUser] = await boundedAll(
    [
      inSession('OPER1', 'OPERATOR'),
      inSession('SUPER1', 'SUPERVISOR'),
      // Ambos is granted the module's own options; Operador and Supervisor are not (issue 16, point 4).
      inSession('AMBOS1', 'BOTH', ['products.inquiry', ...MODULE_OPTIONS]),
      inSession('PEND1'),
      inSession('DISAB1'),
      inSession('LOCK1'),
      inSession('INGRESO1'),
    ],
    4,
  );
  const [mustChangePassword, imageUserPassword] = await Promise.all([
    api.activeUser(admin, A, 'CAMBIO1'),
    api.activeUser(admin, A, 'IMAGEN1'),
    ...['LEER1', 'MODIF1', 'ESTADO1', 'CLAVE1', 'REGLA1', 'QUITAR1'].map((code) =>
      api.createUser(admin, code),
    ),
  ]);
  const mustChange = await api.call('login', {
    body: { companyCode: A, userCode: 'CAMBIO1', password: mustChangePassword },
  });
  const image = await api.loginThroughChallenges(A, 'IMAGEN1', imageUserPassword as string);
  secrets.both = await api.installToken((both as { token: string }).token);
  await api.expectStatus(
    api.call('setUserConnectionRules', {
      token: admin,
      path: { userCode: 'QUITAR1' },
      body: { version: 1, allowedHours: {}, allowedIps: ['192.0.2.0/24'] },
    }),
    200,
    'rules of QUITAR1',
  );
  await api.setState(admin, 'PEND1', 'PENDING');
  await api.setState(admin, 'DISAB1', 'DISABLED');
  for (let attempt = 0; attempt < 3; attempt++) {
    await api.expectStatus(
      api.call('login', { body: { companyCode: A, userCode: 'LOCK1', password: 'Mala12xy' } }),
      401,
      'wrong password',
    );
  }
  const lockedView = await api.call('getUser', { token: admin, path: { userCode: 'LOCK1' } });
  expect(lockedView.body.locked).toBe(true);

  const asPersona = (
    id: PersonaId,
    user: { companyCode: string; userCode: string; password: string; token: string },
  ) => ({ id, ...user }) satisfies Persona;
  Object.assign(personas, {
    anonymous: { id: 'anonymous' },
    bank: { id: 'bank', bank: true },
    operator: asPersona('operator', operator as never),
    supervisor: asPersona('supervisor', supervisor as never),
    both: asPersona('both', both as never),
    pending: asPersona('pending', pending as never),
    disabled: asPersona('disabled', disabled as never),
    locked: asPersona('locked', locked as never),
    mustChange: {
      id: 'mustChange',
      companyCode: A,
      userCode: 'CAMBIO1',
      password: mustChangePassword,
      token: mustChange.body.challenge.token,
    },
    imageChallenge: {
      id: 'imageChallenge',
      companyCode: A,
      userCode: 'IMAGEN1',
      password: image.password,
      token: image.imageChallenge,
    },
  } satisfies Partial<Record<PersonaId, Persona>>);

  const versionOf = async (token: string) =>
    (await api.call('getCompanyConnectionRules', { token })).body.version as number;
  const [versionA, versionB] = await Promise.all([versionOf(admin), versionOf(adminB.token)]);
  // Both companies went through the same steps, so one example body fits both administrators.
  expect(versionA).toBe(versionB);

  const { password: loginPassword } = loginUser as { password: string };
  world = {
    company: A,
    spareCompany: SPARE,
    onboardedCompany: 'MTXONB',
    loginUser: { userCode: 'INGRESO1', password: loginPassword },
    targets: {
      read: 'LEER1',
      update: 'MODIF1',
      state: 'ESTADO1',
      password: 'CLAVE1',
      rules: 'REGLA1',
      removeRules: 'QUITAR1',
      tokenHolder: 'AMBOS1',
    },
    newUserCode: 'NUEVO1',
    companyVersion: versionA,
    wrongCode: () => {
      const current = new Set(
        Object.values(secrets).flatMap((secret) =>
          secret ? [-1, 0, 1].map((o) => totpCode(secret, o)) : [],
        ),
      );
      let code = 0;
      while (current.has(String(code).padStart(6, '0'))) code++;
      return String(code).padStart(6, '0');
    },
    passwordFor: (persona) => {
      for (;;) {
        const candidate = `${'abcdefghjkmnpqrstuvwxyz'
          .split('')
          .sort(() => Math.random() - 0.5)
          .slice(0, 6)
          .join('')}${Math.floor(10 + Math.random() * 89)}`;
        const digits = candidate.slice(6);
        if (digits[0] !== digits[1] && !candidate.toUpperCase().includes(persona.userCode ?? '@'))
          return candidate;
      }
    },
  };
}, 180_000);

afterAll(async () => {
  tableClient?.destroy();
  await stack?.stop();
  vi.useRealTimers();
});

describe('Authorization matrix: the table covers the route table', () => {
  it('has a line for every route, and none for a route that does not exist', () => {
    const ids = table.map((r) => r.id);
    expect(ids.filter((id) => !routeExpectations[id as RouteId])).toEqual([]);
    expect(Object.keys(routeExpectations).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('restates each route’s access level and follows it: who may pass, who is refused and how', () => {
    const breaches: string[] = [];
    for (const r of table) {
      const line = routeExpectations[r.id as RouteId];
      if (!line) continue;
      if (line.access !== r.access)
        breaches.push(`${r.id}: table says ${r.access}, line says ${line.access}`);
      const outcome = (id: PersonaId) => parse(line.expect[id]);
      // A refusal by the BOP Token step (a wrong code, no active token) comes after authorization passed.
      const passes = (id: PersonaId) =>
        ![401, 403].includes(outcome(id).status) ||
        ['OTP_INVALID', 'TOKEN_REQUIRED', 'TOKEN_INACTIVE'].includes(outcome(id).code ?? '');
      const check = (ok: boolean, what: string) => ok || breaches.push(`${r.id}: ${what}`);
      switch (r.access) {
        case 'public':
          check(PERSONAS.every(passes), 'a public route refuses a persona');
          break;
        case 'bank':
          check(
            PERSONAS.every((id) => (id === 'bank') === passes(id)),
            'only the bank may pass',
          );
          check(
            PERSONAS.every((id) => id === 'bank' || outcome(id).status === 403),
            'the gateway answers 403 to non-bank callers',
          );
          break;
        case 'challenge':
          check(PERSONAS.filter(passes).length <= 1, 'at most the matching challenge passes');
          check(
            PERSONAS.every((id) => passes(id) || outcome(id).status === 401),
            'everyone else is unauthenticated',
          );
          break;
        case 'session': {
          // A route that declares an option refuses the end users not granted it, with its own code.
          const refusedOption = (id: PersonaId) =>
            !!r.option &&
            (END_USERS as readonly string[]).includes(id) &&
            !GRANTED_MODULE_OPTIONS.includes(id);
          check(
            PERSONAS.filter((id) => id !== 'locked').every(
              (id) =>
                ((SESSION_PERSONAS as readonly string[]).includes(id) && !refusedOption(id)) === passes(id),
            ),
            'exactly the live sessions granted the route’s option pass',
          );
          check(
            PERSONAS.filter((id) => id !== 'locked' && refusedOption(id)).every(
              (id) => line.expect[id] === '403 OPTION_NOT_GRANTED',
            ),
            'end users without the route’s option get 403 OPTION_NOT_GRANTED',
          );
          // The locked user's session is live until its logout (run before the last requests).
          check(
            outcome('locked').status === 401
              ? line.last === true
              : passes('locked') ||
                  (refusedOption('locked') && line.expect.locked === '403 OPTION_NOT_GRANTED'),
            'a locked password does not end a live session',
          );
          break;
        }
        case 'companyAdmin':
          check(passes('admin') && passes('foreignAdmin'), 'administrators pass');
          check(
            END_USERS.every((id) => line.expect[id] === '403 FORBIDDEN'),
            'end users get 403 FORBIDDEN',
          );
          check(
            PERSONAS.filter(
              (id) =>
                !(SESSION_PERSONAS as readonly string[]).includes(id) &&
                !(END_USERS as readonly string[]).includes(id),
            ).every((id) => outcome(id).status === 401),
            'callers without a live session get 401',
          );
          break;
      }
    }
    expect(breaches).toEqual([]);
  });
});

describe('Authorization matrix over HTTP', () => {
  it('answers every route × persona as the table says', async () => {
    const mismatches: string[] = [];
    const serverErrors: string[] = [];
    const run = async (id: RouteId, line: RouteExpectation, persona: Persona) => {
      const request = line.request(world, persona);
      const answer = await api.call(id, { ...request, ...auth(persona) });
      const expected = parse(line.expect[persona.id]);
      if (answer.status >= 500) serverErrors.push(`${id} × ${persona.id}: ${answer.text}`);
      if (answer.status !== expected.status || (expected.code && answer.body?.code !== expected.code)) {
        mismatches.push(
          `${id} × ${persona.id}: expected ${line.expect[persona.id]}, got ${describeAnswer(answer)}`,
        );
      } else if (answer.status < 300) {
        line.afterSuccess?.(persona, request);
      }
    };
    const lines = table.map((r) => [r.id as RouteId, routeExpectations[r.id as RouteId]] as const);
    const present = lines.filter((entry): entry is readonly [RouteId, RouteExpectation] => !!entry[1]);

    // Phase 1: every request that changes nothing the others look at, six at a time.
    const tasks = present
      .filter(([, line]) => !line.last && !line.serial)
      .flatMap(([id, line]) => PERSONAS.map((p) => () => run(id, line, personas[p])));
    const serial = present
      .filter(([, line]) => !line.last && line.serial)
      .map(([id, line]) => async () => {
        for (const p of PERSONAS) await run(id, line, personas[p]);
      });
    await boundedAll([...serial, ...tasks], CONCURRENCY);

    // Phase 2: requests that change the caller's token or end its session, in table order.
    for (const [id, line] of present.filter(([, line]) => line.last)) {
      await boundedAll(
        PERSONAS.map((p) => async () => run(id, line, await live(personas[p]))),
        CONCURRENCY,
      );
    }

    expect(serverErrors).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('Session tokens that must be refused', () => {
  const nonPublic = () => table.filter((r) => r.access !== 'public' && r.access !== 'bank');
  let settings: { key: Uint8Array; issuer: string; audience: string };
  let adminClaims: { sub: string; jti: string; role: string };

  beforeAll(async () => {
    const config = readConfig();
    const keys = await loadKeys({ LOCAL_SECRETS_FILE: process.env.LOCAL_SECRETS_FILE } as Config);
    settings = { key: keys.sessionSigning, issuer: config.TOKEN_ISSUER, audience: config.TOKEN_AUDIENCE };
    const admin = await live(personas.admin);
    const [, payload] = (admin.token as string).split('.');
    adminClaims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
  });

  /** The administrator's claims, signed as the test says; `edit` breaks one thing at a time. */
  const forge = async (
    edit: {
      alg?: string;
      key?: Parameters<SignJWT['sign']>[0];
      issuer?: string;
      audience?: string;
      expiresIn?: number;
      notBeforeIn?: number;
      claims?: Record<string, unknown>;
      omit?: string[];
    } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      typ: 'session',
      role: adminClaims.role,
      sub: adminClaims.sub,
      jti: adminClaims.jti,
      iss: edit.issuer ?? settings.issuer,
      aud: edit.audience ?? settings.audience,
      iat: now - 60,
      nbf: now + (edit.notBeforeIn ?? -60),
      exp: now + (edit.expiresIn ?? 600),
      ...edit.claims,
    };
    for (const name of edit.omit ?? []) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: edit.alg ?? 'HS256', typ: 'JWT' })
      .sign(edit.key ?? settings.key);
  };

  const unsigned = () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      typ: 'session',
      ...adminClaims,
      iss: settings.issuer,
      aud: settings.audience,
      iat: now,
      nbf: now,
      exp: now + 600,
    };
    return [
      `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`,
      `${encode({ alg: 'none' })}.${encode(claims)}.AAAA`,
    ];
  };

  it('accepts the administrator’s own claims re-signed as the API signs them (the forger is right)', async () => {
    const token = await forge();
    for (const id of ['getMe', 'listUsers', 'getCompanySettings'] as const) {
      expect((await api.call(id, { token })).status, id).toBe(200);
    }
  });

  it('refuses alg none, other algorithms, foreign keys, wrong aud/iss, expired, not yet valid and incomplete tokens on every route', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const { privateKey: ecKey } = await generateKeyPair('ES256');
    const bad: Record<string, string> = {
      'alg none': unsigned()[0] as string,
      'alg none with a signature': unsigned()[1] as string,
      'HS512 with the right key': await forge({ alg: 'HS512' }),
      'HS384 with the right key': await forge({ alg: 'HS384' }),
      'RS256, a foreign key pair': await forge({ alg: 'RS256', key: privateKey }),
      'ES256, a foreign key pair': await forge({ alg: 'ES256', key: ecKey }),
      'HS256 with a foreign key': await forge({ key: crypto.getRandomValues(new Uint8Array(32)) }),
      'wrong audience': await forge({ audience: 'urn:other:api' }),
      'wrong issuer': await forge({ issuer: 'urn:other:issuer' }),
      expired: await forge({ expiresIn: -5 }),
      'not yet valid': await forge({ notBeforeIn: 600 }),
      'without jti': await forge({ omit: ['jti'] }),
      'without exp': await forge({ omit: ['exp'] }),
      'another session id': await forge({ claims: { jti: crypto.randomUUID() } }),
      'another company in sub': await forge({ claims: { sub: `${B}/ADMON` } }),
      'payload swapped under the signature': await (async () => {
        const [header, , signature] = (await forge()).split('.');
        const other = Buffer.from(JSON.stringify({ ...adminClaims, sub: `${B}/ADMON` })).toString(
          'base64url',
        );
        return `${header}.${other}.${signature}`;
      })(),
    };
    const refusedWrongly: string[] = [];
    const admin = personas.admin;
    await boundedAll(
      Object.entries(bad).flatMap(([what, token]) =>
        nonPublic().map((r) => async () => {
          const line = routeExpectations[r.id as RouteId];
          const answer = await api.call(r.id as RouteId, { ...line?.request(world, admin), token });
          if (answer.status !== 401) refusedWrongly.push(`${what} on ${r.id}: ${describeAnswer(answer)}`);
        }),
      ),
      CONCURRENCY,
    );
    expect(refusedWrongly).toEqual([]);
  }, 60_000);

  it('takes the role from the user, not from the token: an end user’s session claiming admin gets 403', async () => {
    const operator = await live(personas.operator);
    const [, payload] = (operator.token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
    const escalated = await forge({ claims: { sub: claims.sub, jti: claims.jti, role: 'admin' } });
    expect((await api.call('getMe', { token: escalated })).status).toBe(200);
    const answer = await api.call('listUsers', { token: escalated });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('FORBIDDEN');
  });

  it('refuses a token issued before a logout, a password change, a password assignment or a disable, on every route', async () => {
    const admin = (await live(personas.admin)).token as string;
    const user = await api.endUserInSession(admin, A, 'REVOCA1', undefined, ['services.changePassword']);
    const stale: Record<string, string> = {};

    stale['before logout'] = user.token;
    await api.expectStatus(api.call('logout', { token: user.token }), 204, 'logout');

    let token = await api.login(A, 'REVOCA1', user.password);
    stale['before a new login'] = token;
    token = await api.login(A, 'REVOCA1', user.password);

    stale['before a password change'] = token;
    const changed = world.passwordFor({ id: 'operator', userCode: 'REVOCA1' });
    await api.expectStatus(
      api.call('changeMyPassword', {
        token,
        body: { currentPassword: user.password, newPassword: changed, confirmation: changed },
      }),
      200,
      'password change',
    );

    token = await api.login(A, 'REVOCA1', changed);
    stale['before a password assignment'] = token;
    await api.expectStatus(
      api.call('assignUserPassword', {
        token: admin,
        path: { userCode: 'REVOCA1' },
        body: { newPassword: 'Revo12ca', confirmation: 'Revo12ca' },
      }),
      200,
      'assignment',
    );
    const replaced = await api.replaceTemporaryPassword(A, 'REVOCA1', 'Revo12ca');
    token = await api.login(A, 'REVOCA1', replaced);

    stale['before a disable'] = token;
    await api.setState(admin, 'REVOCA1', 'DISABLED');
    await api.setState(admin, 'REVOCA1', 'ACTIVE');

    const accepted: string[] = [];
    await boundedAll(
      Object.entries(stale).flatMap(([what, staleToken]) =>
        nonPublic()
          .filter((r) => r.access !== 'challenge')
          .map((r) => async () => {
            const answer = await api.call(r.id as RouteId, {
              ...routeExpectations[r.id as RouteId]?.request(world, personas.operator),
              token: staleToken,
            });
            if (answer.status !== 401) accepted.push(`${what} on ${r.id}: ${describeAnswer(answer)}`);
          }),
      ),
      CONCURRENCY,
    );
    expect(accepted).toEqual([]);
    // The user is fine: a new login works after re-activation.
    expect(await api.login(A, 'REVOCA1', replaced)).toBeTruthy();
  }, 60_000);
});

describe('Tenant isolation: another company’s identifiers are refused and reveal nothing', () => {
  /** Fields through which a request names a user, an account or a page of a company. */
  const IDENTIFYING = ['path.userCode', 'query.user', 'query.cursor', 'body.accounts', 'body.userCode'];

  type Probe = { what: string; request: RouteRequest };
  /** What the other company's administrator tries, per route that names such a thing. */
  const probes: Partial<
    Record<
      RouteId,
      (victim: { cursors: { users: string; audit: string } }) => { what: string; request: RouteRequest }[]
    >
  > = {
    assignUserPassword: () => [
      {
        what: 'our user in the path',
        request: { path: { userCode: 'OPER1' }, body: { newPassword: 'Robo12ab', confirmation: 'Robo12ab' } },
      },
    ],
    getUser: () => [{ what: 'our user in the path', request: { path: { userCode: 'OPER1' } } }],
    listPendingOperations: (victim) => [
      { what: 'our user-list cursor', request: { query: { cursor: victim.cursors.users } } },
    ],
    listMyOperations: (victim) => [
      { what: 'our audit cursor', request: { query: { cursor: victim.cursors.audit } } },
    ],
    updateUser: () => [
      {
        what: 'our user in the path',
        request: { path: { userCode: 'OPER1' }, body: { version: 1, firstName: 'ROBO' } },
      },
      {
        what: 'our accounts in the body',
        request: { path: { userCode: 'NUEVO1' }, body: { version: 1, accounts: ['5000000001'] } },
      },
    ],
    changeUserState: () => [
      {
        what: 'our user in the path',
        request: { path: { userCode: 'OPER1' }, body: { state: 'DISABLED', version: 5 } },
      },
    ],
    setUserTokenState: () => [
      {
        what: 'our user in the path',
        request: { path: { userCode: 'AMBOS1' }, body: { state: 'INACTIVE' } },
      },
    ],
    resetUserToken: () => [{ what: 'our user in the path', request: { path: { userCode: 'AMBOS1' } } }],
    getUserConnectionRules: () => [
      { what: 'our user in the path', request: { path: { userCode: 'QUITAR1' } } },
    ],
    setUserConnectionRules: () => [
      {
        what: 'our user in the path',
        request: {
          path: { userCode: 'OPER1' },
          body: { version: 5, allowedHours: {}, allowedIps: ['203.0.113.0/24'] },
        },
      },
    ],
    removeUserConnectionRules: () => [
      { what: 'our user in the path', request: { path: { userCode: 'QUITAR1' } } },
    ],
    createUser: () => [
      {
        what: 'our accounts in the body',
        request: {
          body: {
            userCode: 'ROBO1',
            firstName: 'ROBO',
            lastName: 'ROBO',
            jobTitle: 'ROBO',
            email: 'robo@example.com',
            profile: 'OPERATOR',
            options: ['products.inquiry'],
            accounts: ['5000000001'],
          },
        },
      },
    ],
    listUsers: (victim): Probe[] => [
      { what: 'our page cursor', request: { query: { cursor: victim.cursors.users } } },
      {
        what: 'a cursor re-scoped to them, signature kept',
        request: { query: { cursor: rescoped(victim.cursors.users) } },
      },
      { what: 'our user code as the filter', request: { query: { filter: 'OPER1' } } },
    ],
    listAudit: (victim): Probe[] => [
      { what: 'our page cursor', request: { query: { cursor: victim.cursors.audit } } },
      {
        what: 'a cursor re-scoped to them, signature kept',
        request: { query: { cursor: rescoped(victim.cursors.audit) } },
      },
      { what: 'our user in the query', request: { query: { user: 'OPER1' } } },
    ],
    exportAudit: () => [
      { what: 'our user in the query', request: { query: { format: 'csv', user: 'OPER1' } } },
    ],
    // A new administrator (issue 22) joins the caller's own company only, whatever the code.
    proposeAdministrator: () => [
      {
        what: 'an administrator code: created in their own company',
        request: {
          body: { userCode: 'ROBO2', firstName: 'ROBO', lastName: 'ROBO', email: 'robo2@example.com' },
        },
      },
    ],
  };

  /** A cursor whose payload now names company B, with A's signature: a forgery. */
  function rescoped(cursor: string) {
    const [payload, signature] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
    decoded.s = String(decoded.s).replace(A, B);
    return `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
  }

  it('probes every session route that names a user, an account or a page cursor', () => {
    const naming = table
      .filter((r) => r.access === 'companyAdmin' || r.access === 'session')
      .filter((r) => requestFields(r).some((field) => IDENTIFYING.includes(field)))
      .map((r) => r.id);
    expect(naming.filter((id) => !probes[id as RouteId])).toEqual([]);
    // Routes that name nothing of a company but may be probed for what they reveal (a filter).
    expect(Object.keys(probes).filter((id) => !naming.includes(id as RouteId))).toEqual([]);
  });

  it('refuses another company’s users, accounts and cursors, or answers only the caller’s own data, and changes nothing of ours', async () => {
    const admin = (await live(personas.admin)).token as string;
    const foreign = (await live(personas.foreignAdmin)).token as string;
    const users = await api.call('listUsers', { token: admin, query: { pageSize: '10' } });
    const audit = await api.call('listAudit', { token: admin, query: { pageSize: '10' } });
    const victim = { cursors: { users: users.body.page.nextCursor, audit: audit.body.page.nextCursor } };
    expect(victim.cursors.users).toBeTruthy();
    expect(victim.cursors.audit).toBeTruthy();

    const leaks: string[] = [];
    // A query parameter a route does not take is ignored, and cannot point it at our company. Checked
    // before the probes: their audit records (exports' filters, refused requests) echo what was sent.
    for (const r of table.filter(
      (r) => r.access === 'companyAdmin' && r.method === 'GET' && !r.request.path,
    )) {
      const answer = await api.call(r.id as RouteId, {
        ...routeExpectations[r.id as RouteId]?.request(world, personas.foreignAdmin),
        ...(r.request.query ? {} : { query: { companyCode: A, company: A } }),
        token: foreign,
      });
      if (answer.text.includes('OPER1') || answer.text.includes('5000000001'))
        leaks.push(`${r.id}: ${describeAnswer(answer)} shows company ${A}`);
    }
    const before = await partitionSnapshot(tableClient, stack.tableName, A);
    for (const [id, probe] of Object.entries(probes) as [RouteId, NonNullable<(typeof probes)[RouteId]>][]) {
      for (const { what, request } of probe(victim)) {
        const answer = await api.call(id, { ...request, token: foreign });
        const refused = answer.status >= 400 && answer.status < 500;
        // An answer may list the caller's own company, never a trace of ours; a refusal may echo what was sent.
        const echo = refused ? JSON.stringify(request) : '';
        const revealed = ['OPER1', 'AMBOS1', 'QUITAR1', '5000000001', A].filter(
          (trace) => answer.text.includes(trace) && !echo.includes(trace),
        );
        if (answer.status >= 500 || revealed.length > 0) {
          leaks.push(`${id}, ${what}: ${describeAnswer(answer)} ${revealed.join(',')}`);
        }
        if (refused && answer.body?.code === undefined)
          leaks.push(`${id}, ${what}: refusal without a problem`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await partitionSnapshot(tableClient, stack.tableName, A)).toEqual(before);
  }, 60_000);

  it('refuses a company code slipped into any body of a session route (400), changing nothing', async () => {
    const foreign = (await live(personas.foreignAdmin)).token as string;
    const before = await partitionSnapshot(tableClient, stack.tableName, A);
    const accepted: string[] = [];
    for (const r of table.filter(
      (r) => (r.access === 'companyAdmin' || r.access === 'session') && r.request.body,
    )) {
      const request = routeExpectations[r.id as RouteId]?.request(world, personas.foreignAdmin) ?? {};
      const answer = await api.call(r.id as RouteId, {
        ...request,
        body: { ...(request.body as object), companyCode: A },
        token: foreign,
      });
      // 422: the slipped code listed with the business problems of the body's valid fields (issue 20).
      const listed =
        answer.status === 422 &&
        (answer.body as { errors?: { field: string }[] } | undefined)?.errors?.some(
          (e) => e.field === 'body.companyCode',
        );
      if (answer.status !== 400 && !listed) accepted.push(`${r.id}: ${describeAnswer(answer)}`);
    }
    expect(accepted).toEqual([]);
    expect(await partitionSnapshot(tableClient, stack.tableName, A)).toEqual(before);
  });
});

describe('OTP confirmation comes after authorization', () => {
  it('with confirmation on, asks only the administrator for a code (428), after the request’s own problems; others are refused first, and nothing changes', async () => {
    const admin = (await live(personas.admin)).token as string;
    // Turning confirmation on needs no code (it is off); turning it off would.
    await api.expectStatus(
      api.call('updateCompanySettings', { token: admin, body: { otpConfirmation: true } }),
      200,
      'confirmation on',
    );
    const operator = await live(personas.operator);
    const before = await partitionSnapshot(tableClient, stack.tableName, A);
    const wrong: string[] = [];
    const asked: string[] = [];
    for (const r of table.filter((r) => r.access === 'companyAdmin' && confirmsWithOtp(r))) {
      const line = routeExpectations[r.id as RouteId];
      const expectFor = async (
        persona: Persona,
        status: number,
        code?: string,
        headers: Record<string, string> = {},
      ) => {
        const answer = await api.call(r.id as RouteId, {
          ...line?.request(world, persona),
          ...auth(persona),
          headers,
        });
        if (answer.status !== status || (code && answer.body.code !== code))
          wrong.push(
            `${r.id} × ${persona.id}: expected ${status} ${code ?? ''}, got ${describeAnswer(answer)}`,
          );
      };
      // Without a code the administrator is asked for one (428) only when the request would
      // otherwise succeed; the matrix's requests that would not are answered with their own problem.
      const own = await api.call(r.id as RouteId, {
        ...line?.request(world, personas.admin),
        ...auth(personas.admin),
      });
      if (own.status === 428) asked.push(r.id);
      else if (![400, 404, 409, 422].includes(own.status) || own.body.code === 'OTP_REQUIRED')
        wrong.push(`${r.id} × admin: expected 428 or the request's own 4xx, got ${describeAnswer(own)}`);
      await expectFor(personas.anonymous, 401);
      await expectFor(personas.bank, 401);
      await expectFor(personas.disabled, 401);
      // An end user with a code in hand is refused as an end user: no code is checked or counted.
      await expectFor(operator, 403, 'FORBIDDEN', { 'X-OTP': world.wrongCode() });
      await expectFor(personas.mustChange, 401, undefined, { 'X-OTP': world.wrongCode() });
    }
    expect(wrong).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
    expect(await partitionSnapshot(tableClient, stack.tableName, A)).toEqual(before);
    // The end user's attempts are audited (issue 16, point 5): one counted record per route and minute.
    const refused = (
      await queryAll(DynamoDBDocumentClient.from(tableClient), stack.tableName, `AUDIT#${A}`)
    ).filter(
      (item) => item.action === 'REQUEST_REFUSED' && item.actor === 'OPER1' && item.outcome === 'FORBIDDEN',
    );
    expect(refused.map((item) => item.route)).toEqual(
      expect.arrayContaining(
        table.filter((r) => r.access === 'companyAdmin' && confirmsWithOtp(r)).map((r) => r.id),
      ),
    );
    expect(refused.every((item) => Number(item.count) >= 1 && item.sourceIp)).toBe(true);
    const operatorView = await api.call('getUser', { token: admin, path: { userCode: 'OPER1' } });
    expect(operatorView.body.locked).toBe(false);
  }, 60_000);
});
