import type { Company, Permissions } from './model.ts';
import { allOptionIds, optionsById } from './options-catalog.ts';

/**
 * An end user's grants as they stand now: "Incluir todas" is stored as "all"
 * (`allOptions`, `allAccounts`), so options of a later catalog and accounts the bank adds
 * later are included without rewriting the user.
 */

/** Whether the user holds the option. */
export const grantsOption = (permissions: Permissions | undefined, optionId: string): boolean =>
  permissions?.allOptions === true
    ? optionsById.has(optionId)
    : (permissions?.options.includes(optionId) ?? false);

/**
 * Whether the user holds the account. Without the company (an approver's check), "all" holds
 * any account: the operation's account was checked against the company when it was captured.
 */
export const grantsAccount = (
  permissions: Permissions | undefined,
  account: string,
  company?: Pick<Company, 'accounts'>,
): boolean =>
  permissions?.allAccounts === true
    ? (company?.accounts.some((a) => a.number === account) ?? true)
    : (permissions?.accounts.includes(account) ?? false);

/** The options the user holds now. */
export const grantedOptions = (permissions: Permissions | undefined): string[] =>
  permissions?.allOptions === true ? [...allOptionIds] : [...(permissions?.options ?? [])];

/** The accounts the user holds now. */
export const grantedAccounts = (
  permissions: Permissions | undefined,
  company: Pick<Company, 'accounts'>,
): string[] =>
  permissions?.allAccounts === true
    ? company.accounts.map((a) => a.number)
    : [...(permissions?.accounts ?? [])];
