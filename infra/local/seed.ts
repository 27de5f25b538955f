import type * as z from 'zod/mini';
import type { onboardCompanyBody } from '../../shared/contracts/bank.ts';
import { callBankRoute } from './bank-client.ts';

/**
 * The demo company of the bank's guide: company CORPORATIV, its administrator ADMON and the
 * ten accounts ("Cuenta 1" … "Cuenta 10") that the guide's step 13 lists.
 */
export const demoCompany = {
  companyCode: 'CORPORATIV',
  legalName: 'Corporativo Demo, S.A.',
  language: 'es',
  accounts: Array.from({ length: 10 }, (_, i) => ({
    number: String(2_010_000_001 + i),
    alias: `Cuenta ${i + 1}`,
    currency: 'USD' as const,
    type: i % 2 === 0 ? ('CHECKING' as const) : ('SAVINGS' as const),
  })),
  administrator: {
    userCode: 'ADMON',
    firstName: 'ADMINISTRADOR',
    lastName: 'CORPORATIVO',
    email: 'admon@corporativ.example',
  },
} satisfies z.input<ReturnType<typeof onboardCompanyBody>>;

export type SeedOutcome =
  | { outcome: 'created' }
  | { outcome: 'existing' }
  | { outcome: 'failed'; reason: string };

/**
 * Onboards the demo company through the local API with the bank key, as the bank's back office
 * would, so its generic password is e-mailed to the local SES. Idempotent: an existing company
 * (409 COMPANY_EXISTS) is left as it is.
 */
export async function seedDemoCompany(apiUrl: string, bankKey: string): Promise<SeedOutcome> {
  const answer = await callBankRoute(apiUrl, bankKey, 'onboardCompany', { body: demoCompany });
  if (answer.status === 201) return { outcome: 'created' };
  const code = (answer.body as { code?: unknown } | undefined)?.code;
  if (answer.status === 409 && code === 'COMPANY_EXISTS') return { outcome: 'existing' };
  return {
    outcome: 'failed',
    reason: `the onboarding route answered ${answer.status}: ${JSON.stringify(answer.body)}`,
  };
}

/** A demo end user seeded for the maker-checker walk (docs/entitlements.md), with the password printed once. */
export interface DemoEndUser {
  userCode: string;
  profile: 'OPERATOR' | 'SUPERVISOR' | 'BOTH';
  password: string;
}

const DEMO_OPTIONS = [
  'transfers.ownAccounts',
  'transfers.occidentePanama',
  'payments.checks',
  'products.inquiry',
  // This module's own options, which the server enforces: the user requests a BOP Token in the
  // portal, may cancel it and change the password.
  'services.requestToken',
  'services.cancelToken',
  'services.changePassword',
];

/**
 * The demo company's end users for the maker-checker walk: an Operador who captures, a
 * Supervisor and an Ambos who approve (two approvals for transfers, one for payments), each
 * with the transfer and payment options, limits and the first three accounts. Stored directly
 * (as the administrator would create them) with an assigned password, changed at first login;
 * their BOP Tokens are requested in the portal and activated by ADMON (step 24).
 */
export async function seedDemoEndUsers(
  dynamoEndpoint: string,
  tableName: string,
  now = new Date(),
): Promise<DemoEndUser[]> {
  const [{ randomInt }, { DynamoDBDocumentClient, PutCommand }, { hashPassword }, { localDynamoDbClient }] =
    await Promise.all([
      import('node:crypto'),
      import('@aws-sdk/lib-dynamodb'),
      import('../../shared/domain/password-hash.ts'),
      import('./dynamodb.ts'),
    ]);
  const { userKeys } = await import('../../shared/data/keys.ts');
  const client = localDynamoDbClient(dynamoEndpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // The bank's policy: 8–10 characters, exactly 6 letters and 2–4 digits, none more than twice.
  const password = () => {
    const letters = [...'abcefghjknpqrstuvwxyz'];
    const picked = Array.from({ length: 4 }, () => letters.splice(randomInt(letters.length), 1)[0]);
    return `Dm${randomInt(10, 99)}${picked.join('')}`;
  };
  const accounts = demoCompany.accounts.slice(0, 3).map((a) => a.number);
  const users: (DemoEndUser & { firstName: string; limit: number })[] = [
    { userCode: 'OPERA', profile: 'OPERATOR', password: password(), firstName: 'OSCAR', limit: 5_000_000 },
    { userCode: 'SUPERV', profile: 'SUPERVISOR', password: password(), firstName: 'SARA', limit: 10_000_000 },
    { userCode: 'AMBOS', profile: 'BOTH', password: password(), firstName: 'ALBA', limit: 2_500_000 },
  ];
  try {
    for (const user of users) {
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...userKeys.profile(demoCompany.companyCode, user.userCode),
              entity: 'User',
              companyCode: demoCompany.companyCode,
              userCode: user.userCode,
              role: 'user',
              profile: user.profile,
              permissions: {
                options: DEMO_OPTIONS,
                limitsCents: {
                  'transfers.ownAccounts': user.limit,
                  'transfers.occidentePanama': user.limit,
                  'payments.checks': user.limit,
                },
                approvals: { transfers: 2, payments: 1 },
                accounts,
              },
              firstName: user.firstName,
              lastName: 'DEMO',
              email: `${user.userCode.toLowerCase()}@corporativ.example`,
              state: 'ACTIVE',
              credential: {
                passwordHash: await hashPassword(user.password),
                kind: 'assigned',
                expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
                failedAttempts: 0,
                history: [],
                changedAt: now.toISOString(),
              },
              createdBy: demoCompany.administrator.userCode,
              createdAt: now.toISOString(),
              version: 1,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((error: unknown) => {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        });
    }
  } finally {
    client.destroy();
  }
  return users.map(({ userCode, profile, password }) => ({ userCode, profile, password }));
}
