/**
 * The languages guests read their pages and emails in, and how one is chosen for a guest: their own
 * `language` (set by a planner or a CSV column), else the event's `default_language`, else (on the page
 * only: an email has no browser) the first of the browser's Accept-Language that we speak, else English.
 */
export const languages = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof languages)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** The Intl locale each language is formatted in (English as spoken in the UK: 24-hour clock, day first). */
export const localeOf: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (languages as readonly string[]).includes(value);

/**
 * The languages of an Accept-Language header that we speak, best first (RFC 9110 §12.5.4: q-values,
 * `q=0` refuses; a region like `fr-CA` counts as its language; `*` says nothing we can use). Ties keep the
 * header's order. Malformed parts are skipped, never an error: the header is the browser's, not the guest's.
 */
export function acceptedLanguages(header: string | undefined): Language[] {
  if (!header) return [];
  const ranked = header
    .slice(0, 1_000)
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const weight = params.find((param) => /^\s*q\s*=/i.test(param));
      // A weight that is not RFC 9110's qvalue (0 to 1, three decimals at most) drops its range.
      const q = weight === undefined ? 1 : /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.test(weight) ? Number(weight.split('=')[1]) : Number.NaN;
      return { language: range.trim().toLowerCase().split('-')[0] ?? '', q, index };
    })
    .filter((entry): entry is { language: Language; q: number; index: number } => isLanguage(entry.language) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return [...new Set(ranked.map((entry) => entry.language))];
}

export function chooseLanguage(choice: { guest?: string | undefined; event?: string | undefined; acceptLanguage?: string | undefined }): Language {
  if (isLanguage(choice.guest)) return choice.guest;
  if (isLanguage(choice.event)) return choice.event;
  return acceptedLanguages(choice.acceptLanguage)[0] ?? DEFAULT_LANGUAGE;
}
