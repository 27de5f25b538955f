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
