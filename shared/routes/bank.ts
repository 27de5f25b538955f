import { administratorInput, administratorPath } from '../contracts/administrators.ts';
import {
  accountPath,
  addAccountsBody,
  administratorBody,
  companyListQuery,
  companyPath,
  onboardCompanyBody,
  reissueQuery,
  suspensionBody,
} from '../contracts/bank.ts';
import type { RouteDefinition } from './definition.ts';

export const onboardCompanyRoute = {
  id: 'onboardCompany',
  method: 'POST',
  path: '/bank/companies',
  handler: 'functions/bank/onboard-company.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Registrar una empresa, sus cuentas y su administrador; enviar la clave genérica por correo',
    en: 'Onboard a company, its accounts and its administrator; e-mail the generic password',
  },
  tag: 'bank',
  request: { body: onboardCompanyBody },
  response: { status: 201 },
  table: 'write',
  sendsMail: true,
  idempotent: true,
  memoryMb: 1024,
} as const satisfies RouteDefinition;

export const reissueAdminPasswordRoute = {
  id: 'reissueAdminPassword',
  method: 'POST',
  path: '/bank/companies/{companyCode}/administrator/generic-password',
  handler: 'functions/bank/reissue-admin-password.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Reemitir la clave genérica del administrador (también lo desbloquea); con resetToken=true reinicia además su {token}; userCode nombra a otro administrador que el principal',
    en: "Re-issue the administrator's generic password (also unlocks it); with resetToken=true also resets their {token}; userCode names another administrator than the principal",
  },
  tag: 'bank',
  request: { path: companyPath, query: reissueQuery },
  response: { status: 200 },
  table: 'write',
  sendsMail: true,
  memoryMb: 1024,
} as const satisfies RouteDefinition;

export const resetAdminTokenRoute = {
  id: 'resetAdminToken',
  method: 'POST',
  path: '/bank/companies/{companyCode}/administrator/token/reset',
  handler: 'functions/bank/reset-admin-token.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Reiniciar el {token} del administrador (lo perdió): deberá solicitar e instalar uno nuevo para administrar',
    en: "Reset the administrator's {token} (lost): they must request and install a new one to administer",
  },
  tag: 'bank',
  request: { path: companyPath },
  response: { status: 200 },
  table: 'write',
  sendsMail: true,
} as const satisfies RouteDefinition;

export const listCompaniesRoute = {
  id: 'listCompanies',
  method: 'GET',
  path: '/bank/companies',
  handler: 'functions/bank/list-companies.ts',
  access: 'bank',
  otp: false,
  summary: { es: 'Empresas registradas, por páginas', en: 'Onboarded companies, a page at a time' },
  tag: 'bank',
  request: { query: companyListQuery },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const getCompanyRoute = {
  id: 'getCompany',
  method: 'GET',
  path: '/bank/companies/{companyCode}',
  handler: 'functions/bank/get-company.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Una empresa: cuentas, administrador y suspensión',
    en: 'One company: accounts, administrator and suspension',
  },
  tag: 'bank',
  request: { path: companyPath },
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const addCompanyAccountsRoute = {
  id: 'addCompanyAccounts',
  method: 'POST',
  path: '/bank/companies/{companyCode}/accounts',
  handler: 'functions/bank/add-company-accounts.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Agregar cuentas a la empresa (los usuarios con "Incluir todas" las ven de inmediato)',
    en: 'Add accounts to the company (users granted "all" see them at once)',
  },
  tag: 'bank',
  request: { path: companyPath, body: addAccountsBody },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const removeCompanyAccountRoute = {
  id: 'removeCompanyAccount',
  method: 'DELETE',
  path: '/bank/companies/{companyCode}/accounts/{accountNumber}',
  handler: 'functions/bank/remove-company-account.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Quitar una cuenta de la empresa y de la asignación de cada usuario, en un solo cambio',
    en: "Remove an account from the company and from every user's grant, in one change",
  },
  tag: 'bank',
  request: { path: accountPath },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const changeAdministratorRoute = {
  id: 'changeAdministrator',
  method: 'PATCH',
  path: '/bank/companies/{companyCode}/administrator',
  handler: 'functions/bank/change-administrator.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Cambiar el nombre o el correo del administrador',
    en: "Change the administrator's name or e-mail",
  },
  tag: 'bank',
  request: { path: companyPath, body: administratorBody },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

export const suspendCompanyRoute = {
  id: 'suspendCompany',
  method: 'POST',
  path: '/bank/companies/{companyCode}/suspension',
  handler: 'functions/bank/suspend-company.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Suspender la empresa: nadie ingresa y las sesiones abiertas se rechazan (motivo auditado)',
    en: 'Suspend the company: nobody logs in and live sessions are refused (reason audited)',
  },
  tag: 'bank',
  request: { path: companyPath, body: suspensionBody },
  response: { status: 200 },
  table: 'write',
  sendsMail: true,
} as const satisfies RouteDefinition;

export const reactivateCompanyRoute = {
  id: 'reactivateCompany',
  method: 'POST',
  path: '/bank/companies/{companyCode}/reactivation',
  handler: 'functions/bank/reactivate-company.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Reactivar una empresa suspendida (motivo auditado)',
    en: 'Reactivate a suspended company (reason audited)',
  },
  tag: 'bank',
  request: { path: companyPath, body: suspensionBody },
  response: { status: 200 },
  table: 'write',
  sendsMail: true,
} as const satisfies RouteDefinition;

export const addAdministratorRoute = {
  id: 'addAdministrator',
  method: 'POST',
  path: '/bank/companies/{companyCode}/administrators',
  handler: 'functions/bank/add-administrator.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Agregar un administrador a la empresa; enviar su clave genérica por correo',
    en: 'Add an administrator to the company; e-mail their generic password',
  },
  tag: 'bank',
  request: { path: companyPath, body: administratorInput },
  response: { status: 201 },
  table: 'write',
  sendsMail: true,
  memoryMb: 1024,
} as const satisfies RouteDefinition;

export const removeAdministratorRoute = {
  id: 'removeAdministrator',
  method: 'DELETE',
  path: '/bank/companies/{companyCode}/administrators/{userCode}',
  handler: 'functions/bank/remove-administrator.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Quitar un administrador (nunca el último activo con {token} instalado)',
    en: 'Remove an administrator (never the last active one with an installed {token})',
  },
  tag: 'bank',
  request: { path: administratorPath },
  response: { status: 200 },
  table: 'write',
} as const satisfies RouteDefinition;

/** The bank area's routes (handlers under `functions/bank/`); `shared/routes.ts` assembles every area into the table. */
export const bankRoutes = [
  onboardCompanyRoute,
  reissueAdminPasswordRoute,
  resetAdminTokenRoute,
  listCompaniesRoute,
  getCompanyRoute,
  addCompanyAccountsRoute,
  removeCompanyAccountRoute,
  changeAdministratorRoute,
  suspendCompanyRoute,
  reactivateCompanyRoute,
  addAdministratorRoute,
  removeAdministratorRoute,
] as const;
