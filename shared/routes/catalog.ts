import { type RouteDefinition, routeLookup } from './definition.ts';

/** The catalog area's routes (handlers under `functions/catalog/`); `shared/routes.ts` assembles every area into the table. */
export const catalogRoutes = [
  {
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
  },
  {
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
  },
] as const satisfies readonly RouteDefinition[];

/** The definition of one catalog route, by id: handlers import this, not the whole table. */
export const route = routeLookup(catalogRoutes);
