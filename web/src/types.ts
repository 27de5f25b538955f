/**
 * The API's bodies as the portal reads them: inferred from the zod contracts in
 * `shared/contracts/`, so a contract change that the portal does not follow fails its typecheck.
 */
import type * as z from 'zod/mini';
import type {
  identifyResponse,
  imagesResponse,
  loginResponse,
  passwordRulesResponse,
  sessionView,
} from '../../shared/contracts/auth.ts';
import type {
  companySettingsResponse,
  myTokenResponse,
  tokenHolderRow,
  tokenInstalledResponse,
  tokenListResponse,
  tokenRequestResponse,
} from '../../shared/contracts/tokens.ts';
import type {
  accountsResponse,
  auditResponse,
  createUserBody,
  createUserResponse,
  listUsersResponse,
  optionsCatalogResponse,
  userRow,
  userView,
} from '../../shared/contracts/users.ts';

export type SessionView = z.infer<typeof sessionView>;
export type LoginResponse = z.infer<typeof loginResponse>;
export type IdentifyResponse = z.infer<typeof identifyResponse>;
export type ImagesResponse = z.infer<typeof imagesResponse>;
export type PasswordRules = z.infer<typeof passwordRulesResponse>;
export type UserView = z.infer<typeof userView>;
export type UserRow = z.infer<typeof userRow>;
export type ListUsersResponse = z.infer<typeof listUsersResponse>;
export type CreateUserBody = z.input<typeof createUserBody>;
export type CreateUserResponse = z.infer<typeof createUserResponse>;
export type OptionsCatalog = z.infer<typeof optionsCatalogResponse>;
export type AccountsResponse = z.infer<typeof accountsResponse>;
export type AuditResponse = z.infer<typeof auditResponse>;
export type MyToken = z.infer<typeof myTokenResponse>;
export type TokenRequest = z.infer<typeof tokenRequestResponse>;
export type TokenInstalled = z.infer<typeof tokenInstalledResponse>;
export type TokenList = z.infer<typeof tokenListResponse>;
export type TokenHolderRow = z.infer<typeof tokenHolderRow>;
export type CompanySettings = z.infer<typeof companySettingsResponse>;
export type Profile = UserView['profile'] & string;
export type UserState = UserView['state'];

/** A localized label as the API sends it. */
export type Label = { es: string; en: string };
