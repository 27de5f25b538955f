/**
 * The bank this portal serves, read once at start-up from `/config.json` (the stack writes it next
 * to the portal; the local server serves it): one built portal serves every bank. Nothing of a
 * bank is in the portal's source or catalogs; their `{bank…}`, `{token}`, `{phone}`… placeholders
 * are filled from here.
 */
import type { Language as Lang } from '../../shared/core/language.ts';

type Localized = { es: string; en: string };

export interface PortalTenant {
  id: string;
  legalName: string;
  name: string;
  shortName: string;
  country: Localized;
  slogan: Localized;
  /** A `data:` URL (SVG or PNG), or '' for none. */
  logo: string;
  colors: { primary: string; primaryDark: string; accent: string; focus: string };
  customerService: { phone: string; email: string; lines: Localized };
  token: { name: string; guideUrl: string };
  /** The IANA time zone of dates, and its name in each language ("hora de Panamá"). */
  timeZone: string;
  timeZoneLabel: Localized;
  /** The currency amounts are in (ISO 4217), shown before each amount. */
  currency: { code: string; locales: Localized };
  languages: { offered: Lang[]; default: Lang };
}

/** Before (or without) a configuration: no bank's name, the product's own words. */
const neutral: PortalTenant = {
  id: '',
  legalName: '',
  name: '',
  shortName: '',
  country: { es: '', en: '' },
  slogan: { es: '', en: '' },
  logo: '',
  colors: { primary: '#003b71', primaryDark: '#002a52', accent: '#0b6e36', focus: '#b3540b' },
  customerService: { phone: '', email: '', lines: { es: '', en: '' } },
  token: { name: 'Token', guideUrl: '' },
  timeZone: '',
  timeZoneLabel: { es: '', en: '' },
  currency: { code: 'USD', locales: { es: '', en: '' } },
  languages: { offered: ['es', 'en'], default: 'es' },
};

let current: PortalTenant = neutral;

const isText = (v: unknown, max = 400): v is string => typeof v === 'string' && v.length <= max;
const isLocalized = (v: unknown): v is Localized =>
  typeof v === 'object' && v !== null && isText((v as Localized).es) && isText((v as Localized).en);
const isColour = (v: unknown): v is string => typeof v === 'string' && /^#[0-9a-fA-F]{6}$/.test(v);
const isLang = (v: unknown): v is Lang => v === 'es' || v === 'en';

/** A tenant from `/config.json`, checked field by field (the stack validated it; this guards the page). */
export function parseTenant(value: unknown): PortalTenant | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = value as PortalTenant;
  const ok =
    isText(t.id, 8) &&
    isText(t.legalName) &&
    isText(t.name) &&
    isText(t.shortName) &&
    isLocalized(t.country) &&
    isLocalized(t.slogan) &&
    isText(t.logo, 40_000) &&
    (t.logo === '' || /^data:image\/(svg\+xml|png);base64,/.test(t.logo)) &&
    typeof t.colors === 'object' &&
    [t.colors?.primary, t.colors?.primaryDark, t.colors?.accent, t.colors?.focus].every(isColour) &&
    isText(t.customerService?.phone) &&
    isText(t.customerService?.email) &&
    isLocalized(t.customerService?.lines) &&
    isText(t.token?.name) &&
    isText(t.token?.guideUrl) &&
    /^https:\/\//.test(t.token.guideUrl) &&
    isText(t.timeZone, 64) &&
    isLocalized(t.timeZoneLabel) &&
    typeof t.currency?.code === 'string' &&
    /^[A-Z]{3}$/.test(t.currency.code) &&
    Array.isArray(t.languages?.offered) &&
    t.languages.offered.length > 0 &&
    t.languages.offered.every(isLang) &&
    isLang(t.languages.default);
  return ok ? t : undefined;
}

/** The bank of this portal. */
export const bank = (): PortalTenant => current;

/** Sets the bank whose texts the catalogs' placeholders take. */
export function setTenant(tenant: PortalTenant): void {
  current = tenant;
}

/** The catalogs' bank placeholders in a language. */
export function tenantParams(lang: Lang): Record<string, string> {
  const t = current;
  return {
    bank: t.name,
    bankShortName: t.shortName,
    bankLegalName: t.legalName,
    country: t.country[lang],
    slogan: t.slogan[lang],
    phone: t.customerService.phone,
    serviceEmail: t.customerService.email,
    serviceLines: t.customerService.lines[lang],
    token: t.token.name,
    tokenHyphenated: t.token.name.replace(/\s+/g, '-'),
    tokenUpper: t.token.name.toUpperCase(),
    timeZoneLabel: t.timeZoneLabel[lang],
    currency: t.currency.code,
  };
}
