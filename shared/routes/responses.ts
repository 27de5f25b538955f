import {
  administratorListResponse,
  administratorRemovalResponse,
  administratorResponse,
  pendingChangeListResponse,
  pendingChangeResponse,
} from '../contracts/administrators.ts';
import {
  assignPasswordResponse,
  chooseImageResponse,
  identifyResponse,
  imagesResponse,
  loginOtpResponse,
  loginResponse,
  passwordChangedResponse,
  passwordRulesResponse,
} from '../contracts/auth.ts';
import {
  companyChangeResponse,
  companyListResponse,
  companyView,
  onboardCompanyResponse,
  reissueResponse,
} from '../contracts/bank.ts';
import {
  companyConnectionRulesResponse,
  ipSetResponse,
  userConnectionRulesResponse,
} from '../contracts/controls.ts';
import {
  decisionResponse,
  operationEventsResponse,
  operationListResponse,
  operationResponse,
} from '../contracts/entitlements.ts';
import {
  companySettingsResponse,
  myTokenResponse,
  tokenCancelledResponse,
  tokenInstalledResponse,
  tokenListResponse,
  tokenRequestResponse,
  userTokenStateResponse,
} from '../contracts/tokens.ts';
import {
  accountsResponse,
  auditResponse,
  changeStateResponse,
  createUserResponse,
  listUsersResponse,
  optionsCatalogResponse,
  userImportResult,
  userImportValidation,
  userView,
} from '../contracts/users.ts';
import type { RouteId } from '../routes.ts';
import type { Schema } from './definition.ts';

/**
 * The JSON body each route answers with on success, for the OpenAPI document and the tests.
 * Kept out of the route table on purpose: a function's bundle then holds no response schema
 * (nor the zod code only they use).
 * Routes that answer 204 or a file have none; a test checks that every other route has one.
 */
export const responseBodies: { readonly [K in RouteId]?: Schema } = {
  listAudit: auditResponse,
  identify: identifyResponse,
  login: loginResponse,
  changeInitialPassword: passwordChangedResponse,
  passwordRules: passwordRulesResponse,
  listAntiphishingImages: imagesResponse,
  chooseImage: chooseImageResponse,
  changeMyPassword: passwordChangedResponse,
  getMe: userView,
  loginOtp: loginOtpResponse,
  getBankIpSet: ipSetResponse,
  replaceBankIpSet: ipSetResponse,
  onboardCompany: onboardCompanyResponse,
  reissueAdminPassword: reissueResponse,
  resetAdminToken: userTokenStateResponse,
  listCompanies: companyListResponse,
  getCompany: companyView,
  addCompanyAccounts: companyChangeResponse,
  removeCompanyAccount: companyChangeResponse,
  changeAdministrator: companyChangeResponse,
  suspendCompany: companyChangeResponse,
  reactivateCompany: companyChangeResponse,
  optionsCatalog: optionsCatalogResponse,
  companyAccounts: accountsResponse,
  getCompanyConnectionRules: companyConnectionRulesResponse,
  setCompanyConnectionRules: companyConnectionRulesResponse,
  getUserConnectionRules: userConnectionRulesResponse,
  setUserConnectionRules: userConnectionRulesResponse,
  getMyToken: myTokenResponse,
  requestToken: tokenRequestResponse,
  installToken: tokenInstalledResponse,
  cancelToken: tokenCancelledResponse,
  listUserTokens: tokenListResponse,
  setUserTokenState: userTokenStateResponse,
  resetUserToken: userTokenStateResponse,
  getCompanySettings: companySettingsResponse,
  updateCompanySettings: companySettingsResponse,
  assignUserPassword: assignPasswordResponse,
  createUser: createUserResponse,
  validateUserImport: userImportValidation,
  importUsers: userImportResult,
  listUsers: listUsersResponse,
  getUser: userView,
  updateUser: changeStateResponse,
  changeUserState: changeStateResponse,
  decideEntitlements: decisionResponse,
  captureOperation: operationResponse,
  getServiceOperation: operationResponse,
  listOperationEvents: operationEventsResponse,
  listPendingOperations: operationListResponse,
  listMyOperations: operationListResponse,
  decideOperation: operationResponse,
  withdrawOperation: operationResponse,
  listPendingChanges: pendingChangeListResponse,
  rejectPendingChange: pendingChangeResponse,
  withdrawPendingChange: pendingChangeResponse,
  listAdministrators: administratorListResponse,
  proposeAdministrator: administratorResponse,
  addAdministrator: administratorResponse,
  removeAdministrator: administratorRemovalResponse,
};
