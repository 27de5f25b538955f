import { companyPath, onboardCompanyBody, reissueQuery } from '../contracts/bank.ts';
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
    es: 'Reemitir la clave genérica del administrador (también lo desbloquea); con resetToken=true reinicia además su BOP Token',
    en: "Re-issue the administrator's generic password (also unlocks it); with resetToken=true also resets their BOP Token",
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
    es: 'Reiniciar el BOP Token del administrador (lo perdió): deberá solicitar e instalar uno nuevo para administrar',
    en: "Reset the administrator's BOP Token (lost): they must request and install a new one to administer",
  },
  tag: 'bank',
  request: { path: companyPath },
  response: { status: 200 },
  table: 'write',
  sendsMail: true,
} as const satisfies RouteDefinition;

/** The bank area's routes (handlers under `functions/bank/`); `shared/routes.ts` assembles every area into the table. */
export const bankRoutes = [onboardCompanyRoute, reissueAdminPasswordRoute, resetAdminTokenRoute] as const;
