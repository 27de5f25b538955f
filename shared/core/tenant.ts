/**
 * The bank this deployment serves (its tenant): every bank-specific fact the server uses, from
 * the tenant's configuration file (`tenants/<id>.json`), never from the code. The stack passes
 * the server's part as the `TENANT` variable (JSON, see `serverTenant` in infra/config/tenant.ts);
 * without it (tests, tools), the guide's bank, `tenants/bop.json`.
 */
import defaultTenantFile from '../../tenants/bop.json' with { type: 'json' };

type Localized = { readonly es: string; readonly en: string };

/** What the server needs of the tenant: names, contact, mail sender, token, time and money formats. */
export interface ServerTenant {
  /** Lower-case id carried by every resource name (`bop`). */
  readonly id: string;
  readonly legalName: string;
  /** The name customers know: e-mail signatures, the authenticator app's issuer, the audit's bank actor. */
  readonly name: string;
  readonly shortName: string;
  readonly customerService: { readonly phone: string; readonly email: string };
  /** The display name of the From header of the bank's e-mails. */
  readonly mail: { readonly senderName: string };
  readonly token: { readonly name: string; readonly guideUrl: string };
  /** The locale of dates, per language (es-PA, en-US). */
  readonly locales: Localized;
  /** The IANA time zone every date of e-mails and exports is shown in. */
  readonly timeZone: string;
  readonly timeZoneLabel: Localized;
  /** The currency and the locale whose separators write its amounts, per language. */
  readonly currency: { readonly code: string; readonly locales: Localized };
  readonly optionLabels: Readonly<Record<string, Localized>>;
  /** Lower-case words of the bank that no password may be (its name and short forms). */
  readonly passwordBlocklist: readonly string[];
}

/** The server's part of a tenant file (anything else in it is the portal's or the stack's). */
export function serverPartOf(file: ServerTenant): ServerTenant {
  return {
    id: file.id,
    legalName: file.legalName,
    name: file.name,
    shortName: file.shortName,
    customerService: { phone: file.customerService.phone, email: file.customerService.email },
    mail: { senderName: file.mail.senderName },
    token: { name: file.token.name, guideUrl: file.token.guideUrl },
    locales: file.locales,
    timeZone: file.timeZone,
    timeZoneLabel: file.timeZoneLabel,
    currency: file.currency,
    optionLabels: file.optionLabels,
    passwordBlocklist: file.passwordBlocklist,
  };
}

let cached: { source: string | undefined; tenant: ServerTenant } | undefined;

/**
 * The tenant of this process, read once from `TENANT` (the stack validated it at synth time);
 * the guide's bank when unset. A value that is no JSON object of a tenant fails fast, naming it.
 */
export function tenant(env: NodeJS.ProcessEnv = process.env): ServerTenant {
  const source = env.TENANT;
  if (cached && cached.source === source) return cached.tenant;
  let value: ServerTenant;
  if (source === undefined || source === '') {
    value = serverPartOf(defaultTenantFile as ServerTenant);
  } else {
    try {
      value = JSON.parse(source) as ServerTenant;
    } catch {
      throw new Error('Invalid configuration: TENANT');
    }
    if (
      typeof value?.name !== 'string' ||
      typeof value.token?.name !== 'string' ||
      typeof value.timeZone !== 'string' ||
      typeof value.mail?.senderName !== 'string'
    ) {
      throw new Error('Invalid configuration: TENANT');
    }
  }
  cached = { source, tenant: value };
  return value;
}

/**
 * The `{bank}`, `{bankLegalName}`, `{token}`, `{phone}`, `{serviceEmail}` placeholders of the
 * message catalogs, filled from the tenant.
 */
export function tenantPlaceholders(
  t: ServerTenant = tenant(),
  language?: 'es' | 'en',
): Record<string, string> {
  return {
    ...(language ? { timeZoneLabel: t.timeZoneLabel[language] } : {}),
    bank: t.name,
    bankShortName: t.shortName,
    bankLegalName: t.legalName,
    token: t.token.name,
    tokenHyphenated: t.token.name.replace(/\s+/g, '-'),
    phone: t.customerService.phone,
    serviceEmail: t.customerService.email,
  };
}

/**
 * `"Bank name" <address>`: the From header of the bank's e-mails. A display name with non-ASCII
 * letters is MIME-encoded (RFC 2047), as SES requires; an ASCII one is a quoted string.
 */
export function mailFrom(address: string, t: ServerTenant = tenant()): string {
  const name = t.mail.senderName;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
}
