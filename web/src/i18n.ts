import type { ErrorCode } from '../../shared/core/errors.ts';
import { fillTemplate } from '../../shared/core/template.ts';
import { errorCatalog } from '../../shared/http/messages.ts';
import type { Lang } from './format.ts';
import { en } from './messages/en.ts';
import { es, type MessageKey } from './messages/es.ts';
import { bank, tenantParams } from './tenant.ts';

export type { Lang } from './format.ts';
export {
  formatAmount,
  formatCountdown,
  formatDateTime,
  formatListDate,
  formatMoney,
  parseAmount,
} from './format.ts';
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { es, en };
const STORAGE_KEY = 'bop.language';

/** Whether the user chose a language in this browser ("Idioma"). */
export function hasRememberedLanguage(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== null;
  } catch {
    return false;
  }
}

/** The language chosen before ("Idioma", remembered in this browser), else Spanish. */
export function rememberedLanguage(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if ((stored === 'es' || stored === 'en') && bank().languages.offered.includes(stored)) return stored;
  } catch {
    // Storage may be disabled; the bank's default then.
  }
  return bank().languages.default;
}

export function rememberLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered, but still applied.
  }
}

/** A text of the catalog in `lang`, with `{name}` placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, unknown>): string {
  const text: string | undefined = catalogs[lang][key];
  return text === undefined ? key : fillTemplate(text, { ...tenantParams(lang), ...params });
}

/** The API's error catalog entry for a code, in `lang`, when the portal knows the code. */
export function errorText(lang: Lang, code: string): { title: string; detail: string } | undefined {
  const entry = (errorCatalog as Record<string, (typeof errorCatalog)[ErrorCode]>)[code];
  if (!entry) return undefined;
  // The API's catalog names the token `{token}`: the bank's product.
  const params = tenantParams(lang);
  return { title: fillTemplate(entry[lang].title, params), detail: fillTemplate(entry[lang].detail, params) };
}
