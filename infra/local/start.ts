/**
 * `npm start`: the whole module on this machine — DynamoDB Local, a local SES with its mail
 * viewer, the API serving every route's handler, and the guide's demo company.
 *
 *   npm start                 in memory; everything is gone when it stops
 *   npm start -- --persist    keeps the data in .local/dynamodb
 *   npm start -- --no-seed    without the demo company
 *   npm start -- --tenant tenants/cbs.json   another bank (the guide's, tenants/bop.json, by default)
 *
 * Ports and host come from HOST, PORT, DYNAMODB_PORT and SES_PORT.
 */

import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTenantFile, loadTenant } from '../config/tenant.ts';
import { type LocalStackEnv, removeLocalStackEnv, writeLocalStackEnv } from './env-file.ts';
import { localStatePaths, repoRoot } from './paths.ts';
import { PortInUseError } from './ports.ts';
import { demoCompany } from './seed.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

const portSettings = {
  'local API': { variable: 'PORT', fallback: 3000 },
  'DynamoDB Local': { variable: 'DYNAMODB_PORT', fallback: 8000 },
  'local SES': { variable: 'SES_PORT', fallback: 8005 },
} as const;

function portFromEnv(service: keyof typeof portSettings): number {
  const { variable, fallback } = portSettings[service];
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${variable}=${raw} is not a port number (1–65535)`);
  }
  return port;
}

function explainStartFailure(error: unknown): string {
  if (error instanceof PortInUseError) {
    const setting = portSettings[error.service as keyof typeof portSettings];
    const suggestion = setting
      ? `, or choose another port: ${setting.variable}=${error.port + 1} npm start`
      : '';
    return `Port ${error.port} (${error.service}) is already in use on ${error.host}. Stop what holds it${suggestion}.`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The demo end users for the maker-checker walk (docs/entitlements.md), with their assigned passwords. */
function demoUsersLine(stack: LocalStack): string {
  if (stack.demoEndUsers.length === 0) return '';
  const rows = stack.demoEndUsers.map(
    (u) => `    ${u.userCode.padEnd(7)} ${u.profile.padEnd(10)} ${u.password}`,
  );
  return `
Demo end users (assigned passwords, changed at first login; request the token in the portal, ADMON activates it):
${rows.join('\n')}
  Capture an operation for approval: npm run bank -- capture --company CORPORATIV --maker OPERA \\
      --option transfers.ownAccounts --account 2010000001 --amount 1500.00`;
}

function printNextSteps(stack: LocalStack, bankKeyFile: string): void {
  const company = demoCompany.companyCode;
  const admin = demoCompany.administrator.userCode;
  const seedLine = {
    created: `Demo company ${company} onboarded; ${admin}'s generic password was e-mailed to ${demoCompany.administrator.email}.`,
    existing: `Demo company ${company} was already there (persisted data); its earlier e-mail went with the previous run. New generic password: npm run bank -- reissue ${company}`,
    skipped: 'Demo company not seeded (--no-seed).',
    failed: `WARNING: could not seed the demo company: ${'reason' in stack.seeded ? stack.seeded.reason : ''}`,
  }[stack.seeded.outcome];
  console.log(`
Local stack ready.
  Portal            ${stack.apiUrl}/    (web/dist, built by npm start; npm run web:dev for live reload)
  API               ${stack.apiUrl}
  API description   ${stack.apiUrl}/openapi.json
  Mail viewer       ${stack.sesUrl}    <- read ${admin}'s generic password here
  DynamoDB Local    ${stack.dynamoEndpoint}  (table ${stack.tableName})
  Bank key          ${bankKeyFile}  (Authorization: Bearer <key> on /bank routes)

${seedLine}${demoUsersLine(stack)}

Next:
  1. Open the mail viewer and copy the generic password from the e-mail to ${admin}.
  2. Log in as company ${company}, user ${admin}, with that password (guide steps 3-6).
  3. Bank back office, in another terminal:
       npm run bank -- help
       npm run bank -- onboard --file company.json
       npm run bank -- reissue ${company}

Ctrl-C stops everything.
`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persist: { type: 'boolean', default: false },
      'no-seed': { type: 'boolean', default: false },
      tenant: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm start [-- --persist] [-- --no-seed] [-- --tenant tenants/<bank>.json]\n' +
        "The guide's bank (tenants/bop.json) by default. Ports: HOST, PORT, DYNAMODB_PORT, SES_PORT.",
    );
    return;
  }

  const paths = localStatePaths();
  let stack: LocalStack;
  try {
    // A wrong tenant file stops here, naming the field.
    const tenant = loadTenant(values.tenant ?? defaultTenantFile);
    console.log(`Bank: ${tenant.name} (${values.tenant ?? relative(repoRoot, defaultTenantFile)})`);
    stack = await startLocalStack({
      tenant,
      host: process.env.HOST || '127.0.0.1',
      apiPort: portFromEnv('local API'),
      dynamoPort: portFromEnv('DynamoDB Local'),
      sesPort: portFromEnv('local SES'),
      persist: values.persist,
      stateDir: paths.stateDir,
      seed: !values['no-seed'],
      log: (line) => console.log(line),
      logRequest: (line) => console.log(`  ${line}`),
    });
  } catch (error) {
    console.error(`Could not start the local stack: ${explainStartFailure(error)}`);
    process.exitCode = 1;
    return;
  }

  const bankKeyFile = relative(repoRoot, paths.bankKey);
  const env: LocalStackEnv = {
    apiUrl: stack.apiUrl,
    openApiUrl: `${stack.apiUrl}/openapi.json`,
    sesUrl: stack.sesUrl,
    mailViewerUrl: stack.sesUrl,
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName: stack.tableName,
    region: process.env.AWS_REGION ?? 'us-east-1',
    bankKeyFile: paths.bankKey,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  };
  writeLocalStackEnv(paths.env, env);

  let stoppingSince: number | undefined;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stoppingSince !== undefined) {
      // npm and tsx relay the terminal's Ctrl-C, so one keypress arrives more than once.
      if (Date.now() - stoppingSince < 2_000) return;
      // A real second Ctrl-C: leave now; the exit hook still kills Java.
      console.log('Forcing exit.');
      process.exit(exitCode || 130);
    }
    stoppingSince = Date.now();
    console.log(`\n${reason}: stopping the API, the local SES and DynamoDB Local…`);
    await stack.stop();
    removeLocalStackEnv(paths.env);
    console.log('Stopped.');
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown(signal, 0));
  }
  void stack.crashed.then((reason) => shutdown(reason, 1));

  printNextSteps(stack, bankKeyFile);
}

await main();
