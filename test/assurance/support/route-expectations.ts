import type { Access, RouteId } from '../../../shared/routes.ts';
import type { RouteRequest } from './http-api.ts';

/**
 * The authorization matrix of issue 9, written down: for every route of the route table, a
 * valid example request (so that authorization, not validation, decides) and the answer each
 * persona gets. `access` restates the route table's level: the test checks that both agree and
 * that each line follows its level (bank → only the bank; companyAdmin → 403 for end users, 401
 * without a session; …). A route added to the table without a line here fails the matrix.
 */

/** Who calls. */
export const PERSONAS = [
  /** No Authorization header. */
  'anonymous',
  /** The session token of an end user the administrator put back to Pendiente. */
  'pending',
  /** End users in session, profile Operador, Supervisor, Ambos (Ambos has an installed BOP Token). */
  'operator',
  'supervisor',
  'both',
  /** The company's administrator in session, BOP Token active, OTP confirmation off. */
  'admin',
  /** An end user on an assigned password: holds only the forced-change challenge. */
  'mustChange',
  /** An end user after the change: holds only the image-choice challenge. */
  'imageChallenge',
  /**
   * An end user in session whose password someone else has since locked with wrong guesses:
   * the session goes on (issue 16 §2) as an Operador's would, until it logs out; it cannot log
   * in again while the lock lasts.
   */
  'locked',
  /** The session token of an end user disabled since. */
  'disabled',
  /** The administrator of another company, in session, BOP Token active, OTP confirmation off. */
  'foreignAdmin',
  /** The bank back office (the local bank key, IAM on AWS). */
  'bank',
] as const;
export type PersonaId = (typeof PERSONAS)[number];

/** Personas that hold a live session of a company. */
export const SESSION_PERSONAS = ['operator', 'supervisor', 'both', 'admin', 'foreignAdmin'] as const;
export const END_USERS = ['operator', 'supervisor', 'both', 'locked'] as const;

/** The options this module serves itself ("Solicitud BOP Token", "Cancelar BOP Token", "Cambio de Clave"). */
export const MODULE_OPTIONS = [
  'services.requestToken',
  'services.cancelToken',
  'services.changePassword',
] as const;
/**
 * End users granted {@link MODULE_OPTIONS} (Ambos); the others hold only "Consulta" and a
 * transfer, so the server refuses them every route that declares an option (issue 16, point 4).
 */
export const GRANTED_MODULE_OPTIONS: readonly PersonaId[] = ['both'];
const notGranted = '403 OPTION_NOT_GRANTED' as const;

/** A persona as the matrix uses it. */
export interface Persona {
  id: PersonaId;
  companyCode?: string;
  userCode?: string;
  /** The password in use (the assigned one for `mustChange`). */
  password?: string;
  /** Session or challenge token. */
  token?: string;
  bank?: boolean;
  /** Set when a request ended the session: the runner logs in again before the next one. */
  sessionEnded?: boolean;
}

/** What the example requests draw on: the fixtures built over HTTP before the matrix runs. */
export interface MatrixWorld {
  company: string;
  spareCompany: string;
  /** Company code the bank's onboarding example creates. */
  onboardedCompany: string;
  /** An active end user whose login the public login route performs. */
  loginUser: { userCode: string; password: string };
  /** End users of `company` that the administrative examples act on, one per writing route. */
  targets: {
    read: string;
    update: string;
    state: string;
    password: string;
    rules: string;
    removeRules: string;
    /** An end user with an installed BOP Token (Ambos). */
    tokenHolder: string;
  };
  newUserCode: string;
  /** The version of `company` (and of the other company, built alike). */
  companyVersion: number;
  /** A 6-digit code that is not a current code of any persona's token. */
  wrongCode: () => string;
  /** A new password for `persona` that the bank's policy accepts. */
  passwordFor: (persona: Persona) => string;
}

/** A status, or a status and the problem's `code`, e.g. `'403 FORBIDDEN'`. */
export type Outcome = number | `${number} ${string}`;

export interface RouteExpectation {
  access: Access;
  request: (world: MatrixWorld, persona: Persona) => RouteRequest;
  expect: Record<PersonaId, Outcome>;
  /** Run after every other request, one persona at a time: the request changes what other requests see. */
  last?: boolean;
  /** One persona at a time (logins of one user: attempts are reserved before verification). */
  serial?: boolean;
  /** What a success changes about the persona (a new password, an ended session). */
  afterSuccess?: (persona: Persona, request: RouteRequest) => void;
}

const everyone = (outcome: Outcome) =>
  Object.fromEntries(PERSONAS.map((id) => [id, outcome])) as Record<PersonaId, Outcome>;

/** `public`: everyone gets the same answer, whatever Authorization they send. */
const publicRoute = (ok: Outcome) => everyone(ok);

/** `bank`: only the bank's identity passes the gateway (IAM in AWS); everyone else 403. */
const bankOnly = (ok: Outcome) => ({ ...everyone('403 FORBIDDEN'), bank: ok });

/** `challenge`: only the holder of the matching challenge; everyone else 401. */
const challengeRoute = (holder: PersonaId | undefined, ok: Outcome) => ({
  ...everyone(401),
  ...(holder ? { [holder]: ok } : {}),
});

/** `session`: any live session (`ok`, or per persona); no session, stale ones, challenges and the bank 401. */
const sessionRoute = (ok: Outcome | Record<(typeof SESSION_PERSONAS)[number], Outcome>) => ({
  ...everyone(401),
  ...(typeof ok === 'object' ? ok : Object.fromEntries(SESSION_PERSONAS.map((id) => [id, ok]))),
  // A locked password leaves the live session alone: it is answered as the Operador is.
  locked: typeof ok === 'object' ? ok.operator : ok,
});

/**
 * `companyAdmin`: the administrator (`ok`); the other company's administrator acts on their own
 * company (`foreign`: its own list, or 404 for our users); end users 403; everyone else 401.
 */
const adminRoute = (ok: Outcome, foreign: Outcome) => ({
  ...everyone(401),
  operator: '403 FORBIDDEN' as Outcome,
  supervisor: '403 FORBIDDEN' as Outcome,
  both: '403 FORBIDDEN' as Outcome,
  locked: '403 FORBIDDEN' as Outcome,
  admin: ok,
  foreignAdmin: foreign,
});

const noRules = (version: number) => ({ version, allowedHours: {}, allowedIps: [] });

/**
 * Keyed by route id. Partial on purpose: a route missing here is reported by the matrix test
 * (by name) rather than by the type checker, so that adding a route does not break the build.
 */
/** A CSV file of one user to create (issue 20), as the import routes take it. */
const importFile = (userCode: string) => ({
  format: 'csv',
  content: Buffer.from(
    `Código de usuario,Nombre,Apellido,Cargo,Correo electrónico,Perfil,Opciones,Cuentas\r\n${userCode},ANA,GOMEZ,CONTADORA,ana@example.com,Operador,products.inquiry,ALL\r\n`,
  ).toString('base64'),
});

export const routeExpectations: Partial<Record<RouteId, RouteExpectation>> = {
  onboardCompany: {
    access: 'bank',
    request: (w) => ({
      body: {
        companyCode: w.onboardedCompany,
        legalName: 'Matriz Nueva, S.A.',
        accounts: [{ number: '7000000001', type: 'CHECKING' }],
        administrator: {
          userCode: 'ADMON',
          firstName: 'NORA',
          lastName: 'NUEVA',
          email: `admon@${w.onboardedCompany.toLowerCase()}.example`,
        },
      },
    }),
    expect: bankOnly(201),
  },
  reissueAdminPassword: {
    access: 'bank',
    request: (w) => ({ path: { companyCode: w.spareCompany } }),
    expect: bankOnly(200),
  },
  resetAdminToken: {
    access: 'bank',
    request: (w) => ({ path: { companyCode: w.spareCompany } }),
    expect: bankOnly(200),
  },
  listCompanies: { access: 'bank', request: () => ({ query: { pageSize: '10' } }), expect: bankOnly(200) },
  getCompany: {
    access: 'bank',
    request: (w) => ({ path: { companyCode: w.spareCompany } }),
    expect: bankOnly(200),
  },
  addCompanyAccounts: {
    access: 'bank',
    request: (w) => ({
      path: { companyCode: w.spareCompany },
      body: { accounts: [{ number: '8100000001', type: 'SAVINGS' }] },
    }),
    expect: bankOnly(200),
  },
  removeCompanyAccount: {
    access: 'bank',
    // After the account's addition above.
    request: (w) => ({ path: { companyCode: w.spareCompany, accountNumber: '8100000001' } }),
    expect: bankOnly(200),
    last: true,
  },
  changeAdministrator: {
    access: 'bank',
    request: (w) => ({ path: { companyCode: w.spareCompany }, body: { firstName: 'NORA' } }),
    expect: bankOnly(200),
  },
  suspendCompany: {
    access: 'bank',
    request: (w) => ({ path: { companyCode: w.spareCompany }, body: { reason: 'Revisión de cumplimiento' } }),
    expect: bankOnly(200),
  },
  reactivateCompany: {
    access: 'bank',
    // After its suspension above.
    request: (w) => ({ path: { companyCode: w.spareCompany }, body: { reason: 'Revisión concluida' } }),
    expect: bankOnly(200),
    last: true,
  },
  getBankIpSet: {
    access: 'bank',
    request: () => ({ path: { ipSet: 'blocked' } }),
    expect: bankOnly(200),
  },
  replaceBankIpSet: {
    access: 'bank',
    request: () => ({ path: { ipSet: 'blocked' }, body: { addresses: [] } }),
    expect: bankOnly(200),
  },
  identify: {
    access: 'public',
    request: (w) => ({ body: { companyCode: w.company, userCode: w.targets.read } }),
    expect: publicRoute(200),
  },
  login: {
    access: 'public',
    request: (w) => ({ body: { companyCode: w.company, ...w.loginUser } }),
    expect: publicRoute(200),
    serial: true,
  },
  passwordRules: { access: 'public', request: () => ({}), expect: publicRoute(200) },
  listAntiphishingImages: { access: 'public', request: () => ({}), expect: publicRoute(200) },
  changeInitialPassword: {
    access: 'challenge',
    request: (w, p) => {
      const next = w.passwordFor(p);
      return { body: { currentPassword: p.password ?? 'Nada12ab', newPassword: next, confirmation: next } };
    },
    expect: challengeRoute('mustChange', 200),
  },
  chooseImage: {
    access: 'challenge',
    request: () => ({ body: { imageId: 'anchor' } }),
    expect: challengeRoute('imageChallenge', 200),
  },
  loginOtp: {
    access: 'challenge',
    request: (w) => ({ body: { otp: w.wrongCode() } }),
    // No persona holds an OTP challenge (the companies do not ask for the token at login).
    expect: challengeRoute(undefined, 401),
  },
  logout: {
    access: 'session',
    request: () => ({}),
    expect: sessionRoute(204),
    last: true,
    afterSuccess: (p) => {
      p.sessionEnded = true;
    },
  },
  changeMyPassword: {
    access: 'session',
    request: (w, p) => {
      const next = w.passwordFor(p);
      return { body: { currentPassword: p.password ?? 'Nada12ab', newPassword: next, confirmation: next } };
    },
    // Run after its logout, which a locked user cannot undo by logging in again.
    expect: {
      ...sessionRoute({
        operator: notGranted,
        supervisor: notGranted,
        both: 200,
        admin: 200,
        foreignAdmin: 200,
      }),
      locked: '401 SESSION_ENDED',
    },
    last: true,
    afterSuccess: (p, request) => {
      p.password = (request.body as { newPassword: string }).newPassword;
      p.sessionEnded = true;
    },
  },
  optionsCatalog: { access: 'session', request: () => ({}), expect: sessionRoute(200) },
  getMe: { access: 'session', request: () => ({}), expect: sessionRoute(200) },
  getMyToken: { access: 'session', request: () => ({}), expect: sessionRoute(200) },
  requestToken: {
    access: 'session',
    request: () => ({}),
    // After installation and cancellation have been tried: it changes the token they look at.
    expect: {
      ...sessionRoute({
        operator: notGranted,
        supervisor: notGranted,
        both: '409 TOKEN_ALREADY_INSTALLED',
        admin: '409 TOKEN_ALREADY_INSTALLED',
        foreignAdmin: '409 TOKEN_ALREADY_INSTALLED',
      }),
      // Run after its logout (see changeMyPassword).
      locked: '401 SESSION_ENDED',
    },
    last: true,
  },
  installToken: {
    access: 'session',
    request: (w) => ({ body: { otp: w.wrongCode() } }),
    expect: sessionRoute({
      operator: notGranted,
      supervisor: notGranted,
      both: '409 TOKEN_ALREADY_INSTALLED',
      admin: '409 TOKEN_ALREADY_INSTALLED',
      foreignAdmin: '409 TOKEN_ALREADY_INSTALLED',
    }),
  },
  cancelToken: {
    access: 'session',
    // A wrong code: authorized callers with a token get as far as the code (counted, under the threshold).
    request: (w) => ({ body: { otp: w.wrongCode() } }),
    expect: sessionRoute({
      operator: notGranted,
      supervisor: notGranted,
      both: '403 OTP_INVALID',
      admin: '403 OTP_INVALID',
      foreignAdmin: '403 OTP_INVALID',
    }),
  },
  assignUserPassword: {
    access: 'companyAdmin',
    request: (w) => ({
      path: { userCode: w.targets.password },
      body: { newPassword: 'Asig12nm', confirmation: 'Asig12nm' },
    }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  createUser: {
    access: 'companyAdmin',
    request: (w) => ({
      body: {
        userCode: w.newUserCode,
        firstName: 'NUEVO',
        lastName: 'USUARIO',
        jobTitle: 'TESORERO',
        email: 'nuevo@example.com',
        profile: 'SUPERVISOR',
        options: ['products.inquiry'],
        accounts: 'ALL',
      },
    }),
    // The other company's administrator creates the user in their own company.
    expect: adminRoute(201, 201),
  },
  // Issue 20: a file of users to create; the other company's administrator validates and creates in their own company.
  validateUserImport: {
    access: 'companyAdmin',
    request: () => ({ body: importFile('LOTEMTX') }),
    expect: adminRoute(200, 200),
  },
  importUsers: {
    access: 'companyAdmin',
    request: () => ({ body: importFile('LOTEMTX') }),
    expect: adminRoute(201, 201),
  },
  listUsers: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  getUser: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.read } }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  updateUser: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.update }, body: { version: 1, jobTitle: 'AUDITOR' } }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  changeUserState: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.state }, body: { state: 'DISABLED', version: 1 } }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  exportUsers: {
    access: 'companyAdmin',
    request: () => ({ query: { format: 'csv' } }),
    expect: adminRoute(200, 200),
  },
  companyAccounts: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  listAudit: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  exportAudit: {
    access: 'companyAdmin',
    request: () => ({ query: { format: 'csv' } }),
    expect: adminRoute(200, 200),
  },
  listUserTokens: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  setUserTokenState: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.tokenHolder }, body: { state: 'ACTIVE' } }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  resetUserToken: {
    access: 'companyAdmin',
    // A user without a token: answered unchanged, so no other request sees a difference.
    request: (w) => ({ path: { userCode: w.targets.read } }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  getCompanySettings: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  updateCompanySettings: {
    access: 'companyAdmin',
    request: () => ({ body: { otpConfirmation: false } }),
    expect: adminRoute(200, 200),
  },
  getCompanyConnectionRules: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  setCompanyConnectionRules: {
    access: 'companyAdmin',
    request: (w) => ({ body: noRules(w.companyVersion) }),
    expect: adminRoute(200, 200),
  },
  getUserConnectionRules: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.read } }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  setUserConnectionRules: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.rules }, body: noRules(1) }),
    expect: adminRoute(200, '404 USER_NOT_FOUND'),
  },
  removeUserConnectionRules: {
    access: 'companyAdmin',
    request: (w) => ({ path: { userCode: w.targets.removeRules } }),
    expect: adminRoute(204, '404 USER_NOT_FOUND'),
  },
  decideEntitlements: {
    access: 'bank',
    request: (w) => ({
      body: { companyCode: w.company, userCode: w.targets.read, optionId: 'products.inquiry' },
    }),
    expect: bankOnly(200),
  },
  captureOperation: {
    access: 'bank',
    // A company that does not exist: the bank gets as far as the decision, and nothing is written.
    request: (w) => ({
      body: {
        companyCode: 'NOEXISTE',
        makerCode: w.targets.read,
        optionId: 'transfers.ownAccounts',
        account: '2000000001',
        amount: '10.00',
        currency: 'USD',
        reference: 'MATRIZ-1',
        digest: 'b'.repeat(64),
      },
    }),
    expect: bankOnly('404 COMPANY_NOT_FOUND'),
  },
  getServiceOperation: {
    access: 'bank',
    request: (w) => ({ path: { companyCode: w.company, operationId: '0'.repeat(26) } }),
    expect: bankOnly('404 OPERATION_NOT_FOUND'),
  },
  listOperationEvents: {
    access: 'bank',
    request: (w) => ({ query: { companyCode: w.company } }),
    expect: bankOnly(200),
  },
  listPendingOperations: { access: 'session', request: () => ({}), expect: sessionRoute(200) },
  listMyOperations: { access: 'session', request: () => ({}), expect: sessionRoute(200) },
  decideOperation: {
    access: 'session',
    // No X-OTP: an approval needs an ACTIVE BOP Token first; with one, an operation that does
    // not exist is answered as such, before any code is asked for (issue 20 §1).
    request: () => ({ path: { operationId: '0'.repeat(26) }, body: { decision: 'APPROVE' } }),
    expect: sessionRoute({
      operator: '403 TOKEN_REQUIRED',
      supervisor: '403 TOKEN_REQUIRED',
      both: '404 OPERATION_NOT_FOUND',
      admin: '404 OPERATION_NOT_FOUND',
      foreignAdmin: '404 OPERATION_NOT_FOUND',
    }),
  },
  withdrawOperation: {
    access: 'session',
    request: () => ({ path: { operationId: '0'.repeat(26) } }),
    expect: sessionRoute('404 OPERATION_NOT_FOUND'),
  },
  // Several administrators and dual control (issue 22): the companies' setting is off here.
  listPendingChanges: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  rejectPendingChange: {
    access: 'companyAdmin',
    request: () => ({ path: { changeId: '0'.repeat(26) }, body: { reason: 'Matriz' } }),
    expect: adminRoute('404 PENDING_CHANGE_NOT_FOUND', '404 PENDING_CHANGE_NOT_FOUND'),
  },
  withdrawPendingChange: {
    access: 'companyAdmin',
    request: () => ({ path: { changeId: '0'.repeat(26) } }),
    expect: adminRoute('404 PENDING_CHANGE_NOT_FOUND', '404 PENDING_CHANGE_NOT_FOUND'),
  },
  listAdministrators: { access: 'companyAdmin', request: () => ({}), expect: adminRoute(200, 200) },
  proposeAdministrator: {
    access: 'companyAdmin',
    request: () => ({
      body: { userCode: 'ADMMTX', firstName: 'OTRO', lastName: 'ADMIN', email: 'admmtx@example.com' },
    }),
    // Each company's principal administrator adds one in their own company (dual control off).
    expect: adminRoute(201, 201),
    serial: true,
  },
  addAdministrator: {
    access: 'bank',
    request: (w) => ({
      path: { companyCode: w.spareCompany },
      body: { userCode: 'ADMSPARE', firstName: 'NORA', lastName: 'SEGUNDA', email: 'admspare@example.com' },
    }),
    expect: bankOnly(201),
  },
  removeAdministrator: {
    access: 'bank',
    // After its addition above: the company keeps its principal administrator.
    request: (w) => ({ path: { companyCode: w.spareCompany, userCode: 'ADMSPARE' } }),
    expect: bankOnly(200),
    last: true,
  },
};
