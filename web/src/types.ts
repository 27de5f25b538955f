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
import type { operationListResponse } from '../../shared/contracts/entitlements.ts';
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

export type SessionView = z.infer<ReturnType<typeof sessionView>>;
export type LoginResponse = z.infer<ReturnType<typeof loginResponse>>;
export type IdentifyResponse = z.infer<ReturnType<typeof identifyResponse>>;
export type ImagesResponse = z.infer<ReturnType<typeof imagesResponse>>;
export type PasswordRules = z.infer<ReturnType<typeof passwordRulesResponse>>;
export type UserView = z.infer<ReturnType<typeof userView>>;
export type UserRow = z.infer<ReturnType<typeof userRow>>;
export type ListUsersResponse = z.infer<ReturnType<typeof listUsersResponse>>;
export type CreateUserBody = z.input<ReturnType<typeof createUserBody>>;
export type CreateUserResponse = z.infer<ReturnType<typeof createUserResponse>>;
export type OptionsCatalog = z.infer<ReturnType<typeof optionsCatalogResponse>>;
export type AccountsResponse = z.infer<ReturnType<typeof accountsResponse>>;
export type AuditResponse = z.infer<ReturnType<typeof auditResponse>>;
export type MyToken = z.infer<ReturnType<typeof myTokenResponse>>;
export type TokenRequest = z.infer<ReturnType<typeof tokenRequestResponse>>;
export type TokenInstalled = z.infer<ReturnType<typeof tokenInstalledResponse>>;
export type TokenList = z.infer<ReturnType<typeof tokenListResponse>>;
export type TokenHolderRow = z.infer<ReturnType<typeof tokenHolderRow>>;
export type CompanySettings = z.infer<ReturnType<typeof companySettingsResponse>>;
export type Profile = UserView['profile'] & string;
export type UserState = UserView['state'];

/** A localized label as the API sends it. */
export type Label = { es: string; en: string };
export type OperationRow = z.infer<ReturnType<typeof operationListResponse>>['items'][number];

/** The validation of a file of users to create, and what writing it did. */
export type UserImportValidation = z.infer<
  ReturnType<typeof import('../../shared/contracts/users.ts').userImportValidation>
>;
export type UserImportResult = z.infer<
  ReturnType<typeof import('../../shared/contracts/users.ts').userImportResult>
>;
