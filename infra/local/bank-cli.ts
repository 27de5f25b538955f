/**
 * `npm run bank -- <command>`: the bank back office against the running local stack
 * (`npm start`), authenticated with the local bank key as IAM would authenticate it in AWS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type BankAnswer, callBankRoute } from './bank-client.ts';
import { readBankKey } from './bank-key.ts';
import { runDormancyJob } from './dormancy-run.ts';
import { readLocalStackEnv } from './env-file.ts';
import { PREVIEW_RECIPIENT, previewSecurityNotices } from './mail-preview.ts';
import { localStatePaths } from './paths.ts';

const usage = `Bank back office on the local stack (start it first with \`npm start\`).

Usage:
  npm run bank -- onboard --file company.json
  npm run bank -- onboard --company CODE --name "Legal name" [--language es|en]
                          --admin-user CODE --admin-first-name NAME --admin-last-name NAME --admin-email EMAIL
                          --account NUMBER:TYPE[:ALIAS] [--account ...]
  npm run bank -- reissue <companyCode> [--reset-token] [--user CODE]
                          re-issue (and unlock) the administrator's generic password; with
                          --reset-token also reset their soft token (lost with the phone);
                          --user names another administrator than the principal
  npm run bank -- reset-token <companyCode> reset the administrator's soft token (lost): they request
                          and install a new one before administering again
  npm run bank -- companies [--after CODE] [--page-size 10|25|50|100]   the companies, a page at a time
  npm run bank -- company <companyCode>     one company: accounts, administrator, suspension
  npm run bank -- add-account <companyCode> --account NUMBER:TYPE[:ALIAS] [--account ...]
  npm run bank -- remove-account <companyCode> <accountNumber>   out of the company and every user's grant
  npm run bank -- admin <companyCode> [--first-name NAME] [--last-name NAME] [--email EMAIL]
  npm run bank -- add-admin <companyCode> --user CODE --first-name NAME --last-name NAME --email EMAIL
                          one more administrator; their generic password goes by e-mail
  npm run bank -- remove-admin <companyCode> <userCode>   never the last active one with an installed token
  npm run bank -- suspend <companyCode> --reason TEXT      nobody of the company logs in
  npm run bank -- reactivate <companyCode> --reason TEXT
  npm run bank -- disable-dormant           run the daily dormancy job now: disable end users without
                          activity for DORMANT_DAYS (90 by default)
  npm run bank -- preview-mail              send one of each security notification, in Spanish and
                          English, to the local mail viewer (${PREVIEW_RECIPIENT})
  npm run bank -- ip-set blocked|allowed    show a bank-wide IP set (AWS WAF's; the local server enforces it)
  npm run bank -- ip-set blocked|allowed ADDRESS|CIDR [...]   replace it
  npm run bank -- ip-set blocked|allowed --clear              empty it
  npm run bank -- capture --company CODE --maker USER --option OPTION --account NUMBER --amount 1500.00
                          [--reference TEXT] [--expires-in MINUTES]
                          register an operation the user captured in a transactional module
                          (docs/entitlements.md); it waits for approvals in the portal
  npm run bank -- operation <companyCode> <operationId>   an operation's state
  npm run bank -- events <companyCode>      approved, rejected, withdrawn and expired operations
  npm run bank -- decide --company CODE --user USER --option OPTION [--account NUMBER] [--amount A]
                          may the user do it? ALLOW or DENY with every reason
  npm run bank -- help

Options:
  --lang es|en    language of the answers (Accept-Language); es by default

TYPE is CHECKING, SAVINGS, TIME_DEPOSIT, LOAN or CREDIT_CARD. The generic password is never
printed: it goes by e-mail, to the local mail viewer.

Example company.json:
${JSON.stringify(
  {
    companyCode: 'ACME',
    legalName: 'Acme Panamá, S.A.',
    language: 'es',
    accounts: [{ number: '3010000001', alias: 'Operativa', type: 'CHECKING' }],
    administrator: {
      userCode: 'ADMON',
      firstName: 'Ana',
      lastName: 'Pérez',
      email: 'ana.perez@acme.example',
    },
  },
  null,
  2,
)}`;

class UsageError extends Error {}

function parseAccount(spec: string) {
  const [number, type, ...alias] = spec.split(':');
  if (!number || !type) throw new UsageError(`--account ${spec}: expected NUMBER:TYPE[:ALIAS]`);
  return { number, type: type.toUpperCase(), ...(alias.length ? { alias: alias.join(':') } : {}) };
}

function onboardingBody(values: Record<string, string | string[] | boolean | undefined>): unknown {
  if (typeof values.file === 'string') {
    try {
      return JSON.parse(readFileSync(values.file, 'utf8')) as unknown;
    } catch (error) {
      throw new UsageError(`Cannot read ${values.file} as JSON: ${(error as Error).message}`);
    }
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (!text('company'))
    throw new UsageError('onboard needs --file company.json, or --company and the other flags');
  return {
    companyCode: text('company'),
    legalName: text('name'),
    ...(text('language') ? { language: text('language') } : {}),
    accounts: ((values.account as string[] | undefined) ?? []).map(parseAccount),
    administrator: {
      userCode: text('admin-user'),
      firstName: text('admin-first-name'),
      lastName: text('admin-last-name'),
      email: text('admin-email'),
    },
  };
}

type Values = Record<string, string | string[] | boolean | undefined>;

/** The entitlement commands: a small simulator of the bank's transactional module. */
async function entitlementCommand(
  apiUrl: string,
  bankKey: string,
  command: 'capture' | 'decide' | 'operation' | 'events',
  values: Values,
  rest: string[],
  language: 'es' | 'en',
): Promise<BankAnswer> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const need = (name: string) => {
    const value = text(name);
    if (!value) throw new UsageError(`${command} needs --${name}`);
    return value;
  };
  if (command === 'operation') {
    const [companyCode, operationId] = rest;
    if (!companyCode || !operationId)
      throw new UsageError('operation needs the company code and the operation id');
    return callBankRoute(apiUrl, bankKey, 'getServiceOperation', {
      pathParameters: { companyCode, operationId },
      language,
    });
  }
  if (command === 'events') {
    const [companyCode] = rest;
    if (!companyCode) throw new UsageError('events needs the company code');
    return callBankRoute(apiUrl, bankKey, 'listOperationEvents', { query: { companyCode }, language });
  }
  if (command === 'decide') {
    return callBankRoute(apiUrl, bankKey, 'decideEntitlements', {
      body: {
        companyCode: need('company'),
        userCode: need('user'),
        optionId: need('option'),
        ...((values.account as string[] | undefined)?.[0]
          ? { account: (values.account as string[])[0] }
          : {}),
        ...(text('amount') ? { amount: text('amount') } : {}),
      },
      language,
    });
  }
  const reference = text('reference') ?? `SIM-${Date.now()}`;
  const details = { company: need('company'), maker: need('maker'), option: need('option'), reference };
  return callBankRoute(apiUrl, bankKey, 'captureOperation', {
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      companyCode: details.company,
      makerCode: details.maker,
      optionId: details.option,
      account: (values.account as string[] | undefined)?.[0] ?? need('account'),
      amount: need('amount'),
      currency: 'USD',
      reference,
      digest: createHash('sha256')
        .update(JSON.stringify({ ...details, amount: text('amount') }))
        .digest('hex'),
      ...(text('expires-in') ? { expiresInMinutes: Number(text('expires-in')) } : {}),
    },
    language,
  });
}

/** The bank's commands on a company after onboarding. */
const COMPANY_COMMANDS = [
  'companies',
  'company',
  'add-account',
  'remove-account',
  'admin',
  'add-admin',
  'remove-admin',
  'suspend',
  'reactivate',
] as const;
type CompanyCommand = (typeof COMPANY_COMMANDS)[number];

async function companyCommand(
  apiUrl: string,
  bankKey: string,
  command: CompanyCommand,
  values: Values,
  rest: string[],
  language: 'es' | 'en',
): Promise<BankAnswer> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (command === 'companies') {
    const query: Record<string, string> = {};
    if (text('after')) query.after = text('after') as string;
    if (text('page-size')) query.pageSize = text('page-size') as string;
    return callBankRoute(apiUrl, bankKey, 'listCompanies', { query, language });
  }
  const [companyCode, accountNumber] = rest;
  if (!companyCode)
    throw new UsageError(`${command} needs the company code: npm run bank -- ${command} CORPORATIV`);
  const pathParameters = { companyCode };
  const reason = () => {
    const value = text('reason');
    if (!value) throw new UsageError(`${command} needs --reason "why"`);
    return value;
  };
  switch (command) {
    case 'company':
      return callBankRoute(apiUrl, bankKey, 'getCompany', { pathParameters, language });
    case 'add-account':
      return callBankRoute(apiUrl, bankKey, 'addCompanyAccounts', {
        pathParameters,
        body: { accounts: ((values.account as string[] | undefined) ?? []).map(parseAccount) },
        language,
      });
    case 'remove-account':
      if (!accountNumber)
        throw new UsageError('remove-account needs the company code and the account number');
      return callBankRoute(apiUrl, bankKey, 'removeCompanyAccount', {
        pathParameters: { companyCode, accountNumber },
        language,
      });
    case 'admin':
      return callBankRoute(apiUrl, bankKey, 'changeAdministrator', {
        pathParameters,
        body: {
          ...(text('first-name') ? { firstName: text('first-name') } : {}),
          ...(text('last-name') ? { lastName: text('last-name') } : {}),
          ...(text('email') ? { email: text('email') } : {}),
        },
        language,
      });
    case 'add-admin':
      return callBankRoute(apiUrl, bankKey, 'addAdministrator', {
        pathParameters,
        body: {
          userCode: text('user'),
          firstName: text('first-name'),
          lastName: text('last-name'),
          email: text('email'),
        },
        language,
      });
    case 'remove-admin':
      if (!accountNumber)
        throw new UsageError(
          'remove-admin needs the user code: npm run bank -- remove-admin CORPORATIV ADMON2',
        );
      return callBankRoute(apiUrl, bankKey, 'removeAdministrator', {
        pathParameters: { companyCode, userCode: accountNumber },
        language,
      });
    case 'suspend':
      return callBankRoute(apiUrl, bankKey, 'suspendCompany', {
        pathParameters,
        body: { reason: reason() },
        language,
      });
    case 'reactivate':
      return callBankRoute(apiUrl, bankKey, 'reactivateCompany', {
        pathParameters,
        body: { reason: reason() },
        language,
      });
  }
}

function print(answer: BankAnswer): void {
  console.log(`HTTP ${answer.status}`);
  console.log(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2));
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      file: { type: 'string', short: 'f' },
      company: { type: 'string' },
      name: { type: 'string' },
      language: { type: 'string' },
      'admin-user': { type: 'string' },
      'admin-first-name': { type: 'string' },
      'admin-last-name': { type: 'string' },
      'admin-email': { type: 'string' },
      account: { type: 'string', multiple: true },
      lang: { type: 'string', default: 'es' },
      clear: { type: 'boolean' },
      'reset-token': { type: 'boolean' },
      after: { type: 'string' },
      'page-size': { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      email: { type: 'string' },
      reason: { type: 'string' },
      maker: { type: 'string' },
      user: { type: 'string' },
      option: { type: 'string' },
      amount: { type: 'string' },
      reference: { type: 'string' },
      'expires-in': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || command === 'help' || values.help) {
    console.log(usage);
    return 0;
  }
  if (
    ![
      'onboard',
      'reissue',
      'reset-token',
      'preview-mail',
      'disable-dormant',
      ...COMPANY_COMMANDS,
      'ip-set',
      'capture',
      'operation',
      'events',
      'decide',
    ].includes(command)
  ) {
    throw new UsageError(`Unknown command "${command}"`);
  }
  const language = values.lang === 'en' ? 'en' : 'es';

  const paths = localStatePaths();
  const env = readLocalStackEnv(paths.env);
  if (!env) {
    console.error(
      'The local stack is not running (no .local/env.json). Start it with `npm start` in another terminal.',
    );
    return 1;
  }
  if (command === 'disable-dormant') {
    console.log(JSON.stringify(await runDormancyJob(env), null, 2));
    return 0;
  }
  if (command === 'preview-mail') {
    const sent = await previewSecurityNotices(env);
    console.log(
      `${sent} notifications sent to ${PREVIEW_RECIPIENT}: read them in the mail viewer, ${env.mailViewerUrl}`,
    );
    return sent > 0 ? 0 : 1;
  }
  let bankKey: string;
  try {
    bankKey = readBankKey(env.bankKeyFile);
  } catch {
    console.error(
      `Cannot read the bank key at ${env.bankKeyFile}: restart the local stack with \`npm start\`.`,
    );
    return 1;
  }

  let answer: BankAnswer;
  try {
    if (command === 'onboard') {
      answer = await callBankRoute(env.apiUrl, bankKey, 'onboardCompany', {
        body: onboardingBody(values),
        language,
      });
    } else if (
      command === 'capture' ||
      command === 'decide' ||
      command === 'operation' ||
      command === 'events'
    ) {
      answer = await entitlementCommand(env.apiUrl, bankKey, command, values, rest, language);
    } else if ((COMPANY_COMMANDS as readonly string[]).includes(command)) {
      answer = await companyCommand(env.apiUrl, bankKey, command as CompanyCommand, values, rest, language);
    } else if (command === 'ip-set') {
      const [ipSet, ...addresses] = rest;
      if (ipSet !== 'blocked' && ipSet !== 'allowed')
        throw new UsageError('ip-set needs the set: npm run bank -- ip-set blocked 127.0.0.2');
      const replace = values.clear === true || addresses.length > 0;
      answer = await callBankRoute(env.apiUrl, bankKey, replace ? 'replaceBankIpSet' : 'getBankIpSet', {
        pathParameters: { ipSet },
        ...(replace ? { body: { addresses: values.clear ? [] : addresses } } : {}),
        language,
      });
    } else {
      const [companyCode] = rest;
      if (!companyCode)
        throw new UsageError(`${command} needs the company code: npm run bank -- ${command} CORPORATIV`);
      answer =
        command === 'reset-token'
          ? await callBankRoute(env.apiUrl, bankKey, 'resetAdminToken', {
              pathParameters: { companyCode },
              language,
            })
          : await callBankRoute(env.apiUrl, bankKey, 'reissueAdminPassword', {
              pathParameters: { companyCode },
              query: {
                ...(values['reset-token'] ? { resetToken: 'true' } : {}),
                ...(typeof values.user === 'string' ? { userCode: values.user } : {}),
              },
              language,
            });
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    console.error(
      `The local stack at ${env.apiUrl} does not answer (${(error as Error).message}). Is \`npm start\` still running?`,
    );
    return 1;
  }

  print(answer);
  const delivered = (answer.body as { genericPassword?: { emailed?: boolean } } | null)?.genericPassword
    ?.emailed;
  if (delivered)
    console.log(`\nThe generic password was e-mailed: read it in the mail viewer, ${env.mailViewerUrl}`);
  return answer.status >= 200 && answer.status < 300 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  // parseArgs reports unknown or malformed options as ERR_PARSE_ARGS_* errors.
  const isParseError = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
  if (!(error instanceof UsageError) && !isParseError) throw error;
  console.error(`${(error as Error).message}\n\nRun \`npm run bank -- help\` for usage.`);
  process.exitCode = 2;
}
