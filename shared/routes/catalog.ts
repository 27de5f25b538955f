import type { RouteDefinition } from './definition.ts';

export const optionsCatalogRoute = {
  id: 'optionsCatalog',
  method: 'GET',
  path: '/catalog/options',
  handler: 'functions/catalog/options.ts',
  access: 'session',
  otp: false,
  summary: { es: 'Catálogo de opciones del menú', en: 'Menu options catalog' },
  tag: 'catalog',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

export const companyAccountsRoute = {
  id: 'companyAccounts',
  method: 'GET',
  path: '/company/accounts',
  handler: 'functions/catalog/accounts.ts',
  access: 'companyAdmin',
  otp: false,
  summary: { es: 'Cuentas de la empresa', en: "The company's accounts" },
  tag: 'catalog',
  request: {},
  response: { status: 200 },
  table: 'read',
} as const satisfies RouteDefinition;

/** The catalog area's routes (handlers under `functions/catalog/`); `shared/routes.ts` assembles every area into the table. */
export const catalogRoutes = [optionsCatalogRoute, companyAccountsRoute] as const;
