import type { Language } from '../core/language.ts';

/**
 * Picks Spanish or English from an Accept-Language header, honouring q-values;
 * Spanish is the default, as in the bank's portal.
 */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'es';
  let best: { lang: Language; q: number } | undefined;
  for (const part of acceptLanguage.slice(0, 256).split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'es' && primary !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? 'es';
}
