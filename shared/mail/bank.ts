import type { Language } from '../core/language.ts';
import { type ServerTenant, tenant } from '../core/tenant.ts';

/**
 * What every e-mail template of the bank takes from the tenant (tenants/<id>.json): its name for
 * the subject and signature, its customer-service contact, and its time zone for dates. Templates
 * call {@link mailBank} rather than naming a bank.
 */
export interface MailBank {
  /** The bank's name as customers know it. */
  readonly name: string;
  readonly legalName: string;
  /** "+507 263 8144 · servicio@banco.example". */
  readonly contact: string;
  /** A date and time in the bank's time zone, in the language, with the zone's name: "… (hora de Panamá)". */
  readonly dateTime: (instant: Date, language: Language) => string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The bank of this deployment, for e-mail templates. */
export function mailBank(t: ServerTenant = tenant()): MailBank {
  return {
    name: t.name,
    legalName: t.legalName,
    contact: `${t.customerService.phone} · ${t.customerService.email}`,
    dateTime: (instant, language) => {
      const locale = t.locales[language];
      const key = `${locale} ${t.timeZone}`;
      let format = formats.get(key);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, {
          dateStyle: 'long',
          timeStyle: 'short',
          timeZone: t.timeZone,
        });
        formats.set(key, format);
      }
      return `${format.format(instant)} (${t.timeZoneLabel[language]})`;
    },
  };
}
