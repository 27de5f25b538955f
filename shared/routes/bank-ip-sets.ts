import { ipSetBody, ipSetPath } from '../contracts/controls.ts';
import type { RouteDefinition } from './definition.ts';

export const getBankIpSetRoute = {
  id: 'getBankIpSet',
  method: 'GET',
  path: '/bank/ip-sets/{ipSet}',
  handler: 'functions/bank/get-ip-set.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Direcciones IP bloqueadas o permitidas en todo el banco (WAF)',
    en: 'Bank-wide blocked or allowed IP addresses (WAF)',
  },
  tag: 'bank',
  request: { path: ipSetPath },
  response: { status: 200 },
  table: 'read',
  wafIpSets: 'read',
} as const satisfies RouteDefinition;

export const replaceBankIpSetRoute = {
  id: 'replaceBankIpSet',
  method: 'PUT',
  path: '/bank/ip-sets/{ipSet}',
  handler: 'functions/bank/replace-ip-set.ts',
  access: 'bank',
  otp: false,
  summary: {
    es: 'Reemplazar las direcciones IP bloqueadas o permitidas en todo el banco (WAF)',
    en: 'Replace the bank-wide blocked or allowed IP addresses (WAF)',
  },
  tag: 'bank',
  request: { path: ipSetPath, body: ipSetBody },
  response: { status: 200 },
  table: 'write',
  wafIpSets: 'write',
} as const satisfies RouteDefinition;

/**
 * The bank's IP-set routes (`functions/bank/*-ip-set.ts`), apart from the other bank routes so
 * the onboarding functions do not carry the IP-set schemas and parsing.
 */
export const bankIpSetRoutes = [getBankIpSetRoute, replaceBankIpSetRoute] as const;
