import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { type ServerTenant, serverPartOf } from '../../shared/core/tenant.ts';
import { describeIssue } from './issues.ts';

/** Where tenant files live: one `<id>.json` per bank, with its logo beside it. */
export const tenantsDir = path.resolve(import.meta.dirname, '..', '..', 'tenants');

/** The guide's bank, Banco de Occidente (Panamá): the tenant of `npm start` and of a synth without `-c tenant=…`. */
export const defaultTenantFile = path.join(tenantsDir, 'bop.json');

const localized = (max: number) =>
  z.strictObject({
    es: z.string().check(z.minLength(1), z.maxLength(max)),
    en: z.string().check(z.minLength(1), z.maxLength(max)),
  });

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const hexColour = z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'not a #rrggbb colour'));

const hostname = z
  .string()
  .check(
    z.regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a lower-case DNS name'),
  );

const timeZone = z.string().check(
  z.refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone' },
  ),
);

const locale = z.string().check(
  z.refine(
    (tag) => {
      try {
        return Intl.NumberFormat.supportedLocalesOf([tag]).length === 1;
      } catch {
        return false;
      }
    },
    { message: 'not a supported locale (e.g. es-PA)' },
  ),
);

const currencyCode = z.string().check(
  z.refine((code) => /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf('currency').includes(code), {
    message: 'not an ISO 4217 currency code',
  }),
);

/** A logo the portal shows in its header: an SVG or PNG data URL of at most 24 KB (CSP allows `data:` images). */
const logoDataUrl = z
  .string()
  .check(
    z.regex(/^data:image\/(svg\+xml|png);base64,[A-Za-z0-9+/]+={0,2}$/, 'not an SVG or PNG data URL'),
    z.maxLength(32_768, 'larger than 24 KB'),
  );

const languageCode = z.enum(['es', 'en']);

/** A phone number as customers dial it: `+`, digits, spaces, parentheses, dashes. */
const phone = z
  .string()
  .check(z.regex(/^\+[\d ()-]{6,24}$/, 'not an international phone number (+1 555 0100)'));

const https = z.string().check(z.regex(/^https:\/\/[^\s"'<>]+$/, 'not an https URL'));

/**
 * One bank's configuration: everything that names or presents the bank. Nothing secret belongs
 * here (keys live in Secrets Manager); accounts come from the pipeline's environments.
 */
export const tenantSchema = z.strictObject({
  /** Lower-case letters and digits, 2 to 8: carried by every stack, export, log group, alarm and WAF name. */
  id: z.string().check(z.regex(/^[a-z][a-z0-9]{1,7}$/, 'not 2 to 8 lower-case letters and digits')),
  legalName: text(120),
  name: text(80),
  shortName: text(40),
  country: localized(40),
  slogan: localized(120),
  logo: logoDataUrl,
  /** The portal's colours; each must keep WCAG AA contrast (checked below). */
  colors: z.strictObject({
    /** Headings, links and the header's background (white text on it). */
    primary: hexColour,
    /** Hovered links and buttons. */
    primaryDark: hexColour,
    /** Secondary accents (success, the slogan's bar). */
    accent: hexColour,
    /** The focus ring, on white and on the header. */
    focus: hexColour,
  }),
  /** The notice of the guide's steps 4 and 8 and the portal's footer. */
  customerService: z.strictObject({
    phone,
    email: z.email(),
    lines: localized(240),
  }),
  mail: z.strictObject({
    /** The display name of the From header. */
    senderName: text(80),
    /** The SES identity of the production stage (the dev stage uses `dev.<identityDomain>`). */
    identityDomain: hostname,
    /** The From address in production; must belong to `identityDomain`. */
    fromAddress: z.email(),
    /** The From address of the local stack (`npm start`). */
    localFromAddress: z.email(),
  }),
  /** The soft-token product and the guide the bank publishes for it (guide step 9). */
  token: z.strictObject({ name: text(40), guideUrl: https }),
  /** The locale of dates and texts, per language (es-PA, en-US). */
  locales: z.strictObject({ es: locale, en: locale }),
  timeZone,
  timeZoneLabel: localized(40),
  /** The currency, and the locale whose separators write amounts, per language. */
  currency: z.strictObject({ code: currencyCode, locales: z.strictObject({ es: locale, en: locale }) }),
  languages: z.strictObject({
    offered: z.array(languageCode).check(z.minLength(1)),
    default: languageCode,
  }),
  /** The labels of menu options that name the bank, by option id. */
  optionLabels: z.record(z.string().check(z.regex(/^[a-z]+\.[A-Za-z]+$/)), localized(80)),
  /** Lower-case words of the bank that no password may be (its name, short forms), beside the common ones. */
  passwordBlocklist: z.array(
    z.string().check(z.regex(/^[a-z0-9]{4,40}$/, 'not a lower-case word of 4 to 40 letters and digits')),
  ),
  /** The password profile and lockout settings of the bank's stages (see infra/config/stages.ts). */
  security: z.strictObject({
    passwordProfile: z.enum(['bank', 'hardened']),
    lockoutThreshold: z.number().check(z.int(), z.gte(1), z.lte(10)),
    lockoutMinutes: z.number().check(z.int(), z.gte(15), z.lte(1440)),
    lockoutPermanentAfter: z.number().check(z.int(), z.gte(1), z.lte(10)),
    genericPasswordTtlHours: z.number().check(z.int(), z.gte(1), z.lte(720)),
  }),
  /** The AWS region of the bank's stages. */
  region: z.string().check(z.regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'not an AWS region name')),
});

/** A validated tenant. */
export type TenantConfig = z.infer<typeof tenantSchema>;

/** The relative luminance of an sRGB colour (WCAG 2.x). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The portal's fixed surfaces (web/src/styles.css): white cards and the light grey page. */
const WHITE = '#ffffff';
const PAGE = '#f2f4f7';
const HEADER_FOCUS = '#ffd08a';

/** The contrast each tenant colour must keep: text 4.5:1 (WCAG 1.4.3), focus rings 3:1 (1.4.11). */
function contrastProblems(t: TenantConfig): string[] {
  const rules: [string, string, string, number][] = [
    ['colors.primary', t.colors.primary, WHITE, 4.5],
    ['colors.primary', t.colors.primary, PAGE, 4.5],
    ['colors.primaryDark', t.colors.primaryDark, WHITE, 4.5],
    ['colors.accent', t.colors.accent, WHITE, 4.5],
    ['colors.focus', t.colors.focus, WHITE, 3],
    // The header's focus ring (#ffd08a, web/src/styles.css) on the header's background.
    ['colors.primary', HEADER_FOCUS, t.colors.primary, 3],
  ];
  return rules
    .filter(([, fg, bg, min]) => contrastRatio(fg, bg) < min)
    .map(
      ([field, fg, bg, min]) =>
        `${field}: ${fg} and ${bg} has contrast ${contrastRatio(fg, bg).toFixed(2)}:1, below ${min}:1 (WCAG AA)`,
    );
}

/** Rules that relate fields of a tenant, each `field: problem`. */
export function tenantCrossFieldProblems(t: TenantConfig): string[] {
  const problems = contrastProblems(t);
  if (!t.mail.fromAddress.endsWith(`@${t.mail.identityDomain}`)) {
    problems.push(`mail.fromAddress: must be an address of ${t.mail.identityDomain}`);
  }
  if (!t.languages.offered.includes(t.languages.default)) {
    problems.push(`languages.default: ${t.languages.default} is not one of languages.offered`);
  }
  if (new Set(t.languages.offered).size !== t.languages.offered.length) {
    problems.push('languages.offered: a language is listed twice');
  }
  return problems;
}

/** Field names that would mean a secret was put in a tenant file: refused, the file is public. */
const SECRET_FIELD = /(secret|password|passphrase|private|token.?key|api.?key|credential)s?$/i;

function secretFields(value: unknown, at: string[] = []): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = [...at, key];
    const own = SECRET_FIELD.test(key) && typeof inner !== 'object' ? [here.join('.')] : [];
    return [...own, ...secretFields(inner, here)];
  });
}

/**
 * Validates a tenant (its logo already a data URL); throws naming every wrong field, so a bad
 * value stops `cdk synth` and `npm start` before anything is built.
 */
export function parseTenantConfig(input: unknown, source = 'tenant'): TenantConfig {
  const secrets = secretFields(input);
  if (secrets.length > 0) {
    throw new Error(
      `Invalid tenant configuration (${source}): ${secrets.map((f) => `${f}: no secrets in a tenant file`).join('; ')}`,
    );
  }
  const parsed = tenantSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `Invalid tenant configuration (${source}): ${parsed.error.issues.map(describeIssue).join('; ')}`,
    );
  }
  const problems = tenantCrossFieldProblems(parsed.data);
  if (problems.length > 0)
    throw new Error(`Invalid tenant configuration (${source}): ${problems.join('; ')}`);
  return parsed.data;
}

/** The logo file named by a tenant file, as a data URL; a missing or foreign file names `logo`. */
function logoAsDataUrl(file: string, logo: unknown): unknown {
  if (typeof logo !== 'string' || logo.startsWith('data:')) return logo;
  const logoPath = path.resolve(path.dirname(file), logo);
  const type = logoPath.endsWith('.svg')
    ? 'image/svg+xml'
    : logoPath.endsWith('.png')
      ? 'image/png'
      : undefined;
  if (!type || !existsSync(logoPath) || !statSync(logoPath).isFile()) {
    throw new Error(
      `Invalid tenant configuration (${file}): logo: no SVG or PNG file ${logo} beside the tenant file`,
    );
  }
  const bytes = readFileSync(logoPath);
  if (type === 'image/svg+xml' && /<script|\son\w+=|javascript:/i.test(bytes.toString('utf8'))) {
    throw new Error(`Invalid tenant configuration (${file}): logo: an SVG logo must hold no script`);
  }
  return `data:${type};base64,${bytes.toString('base64')}`;
}

/** Reads and validates a tenant file (`tenants/<id>.json`), its logo inlined. */
export function loadTenant(file: string = defaultTenantFile): TenantConfig {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new Error(`Invalid tenant configuration: no tenant file ${file}`);
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (error) {
    throw new Error(`Invalid tenant configuration (${file}): not JSON (${(error as Error).message})`);
  }
  if (typeof input === 'object' && input !== null && 'logo' in input) {
    (input as { logo: unknown }).logo = logoAsDataUrl(resolved, (input as { logo: unknown }).logo);
  }
  const tenant = parseTenantConfig(input, path.relative(process.cwd(), resolved) || file);
  if (path.basename(resolved) !== `${tenant.id}.json`) {
    throw new Error(
      `Invalid tenant configuration (${file}): id: must match the file name (${tenant.id}.json)`,
    );
  }
  return tenant;
}

/** The tenant of a name (`bop`) or a path to its file. */
export function tenantByName(nameOrFile: string): TenantConfig {
  const file = /^[a-z][a-z0-9]{1,7}$/.test(nameOrFile)
    ? path.join(tenantsDir, `${nameOrFile}.json`)
    : nameOrFile;
  return loadTenant(file);
}

/** The tenant files of the repository, by id (the pipeline deploys each). */
export function tenantIds(): string[] {
  return readdirSync(tenantsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.basename(f, '.json'))
    .sort();
}

/** The `TENANT` variable of the functions: the server's part only (no logo, colours, or limits). */
export const serverTenant = (t: TenantConfig): ServerTenant => serverPartOf(t);

/** What the portal reads from `/config.json` besides the API's URL: its brand and texts. */
export interface PortalTenant {
  readonly id: string;
  readonly legalName: string;
  readonly name: string;
  readonly shortName: string;
  readonly country: { es: string; en: string };
  readonly slogan: { es: string; en: string };
  readonly logo: string;
  readonly colors: TenantConfig['colors'];
  readonly customerService: TenantConfig['customerService'];
  readonly token: TenantConfig['token'];
  readonly timeZone: string;
  readonly timeZoneLabel: TenantConfig['timeZoneLabel'];
  readonly currency: TenantConfig['currency'];
  readonly languages: TenantConfig['languages'];
}

/** The portal's part of a tenant (`tenant` of config.json). */
export function portalTenant(t: TenantConfig): PortalTenant {
  return {
    id: t.id,
    legalName: t.legalName,
    name: t.name,
    shortName: t.shortName,
    country: t.country,
    slogan: t.slogan,
    logo: t.logo,
    colors: t.colors,
    customerService: t.customerService,
    token: t.token,
    timeZone: t.timeZone,
    timeZoneLabel: t.timeZoneLabel,
    currency: t.currency,
    languages: t.languages,
  };
}
