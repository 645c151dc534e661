import { type Language, localeOf } from './languages.ts';

/**
 * Dates, times and money as a guest reads them: Intl in the guest's language, in the event's time zone.
 * Intl formatters are costly to build (issue 15: never one per call), so each is built once per
 * language, zone and shape and kept; zones are the validated IANA names events carry, so the cache stays
 * small (4 languages × the zones in use × 3 shapes).
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/** The formatter kept under `key`, built by `build` on first use. */
function kept<Format extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, build: () => Format): Format {
  let format = formatters.get(key) as Format | undefined;
  if (!format) {
    format = build();
    formatters.set(key, format);
  }
  return format;
}

function dateTimeFormat(language: Language, timeZone: string, shape: 'date' | 'time' | 'clock'): Intl.DateTimeFormat {
  return kept(`${shape}|${language}|${timeZone}`, () => {
    const options: Intl.DateTimeFormatOptions =
      shape === 'date' ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : shape === 'time' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }
          : { hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' };
    return new Intl.DateTimeFormat(localeOf[language], { ...options, timeZone });
  });
}

const part = (parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? '';

/** `Sunday, 20 June 2027` / `dimanche 20 juin 2027` / `Sonntag, 20. Juni 2027` / `domingo, 20 de junio de 2027`. */
export const spokenDate = (isoInstant: string, timeZone: string, language: Language): string =>
  dateTimeFormat(language, timeZone, 'date').format(new Date(isoInstant));

/** `Sunday, 20 June 2027, 19:00 (BST)`: the date, the 24-hour time and the zone's short name. */
export function spokenDateTime(isoInstant: string, timeZone: string, language: Language): string {
  const instant = new Date(isoInstant);
  const time = dateTimeFormat(language, timeZone, 'time').formatToParts(instant);
  return `${dateTimeFormat(language, timeZone, 'date').format(instant)}, ${part(time, 'hour')}:${part(time, 'minute')} (${part(time, 'timeZoneName')})`;
}

/** Whether an instant is exactly midnight on the wall clock of the zone. */
export function isLocalMidnight(isoInstant: string, timeZone: string): boolean {
  const parts = dateTimeFormat('en', timeZone, 'clock').formatToParts(new Date(isoInstant));
  return Number(part(parts, 'hour')) % 24 === 0 && Number(part(parts, 'minute')) === 0 && Number(part(parts, 'second')) === 0;
}

/** `1 234,50 €` in French, `€1,234.50` in English: an amount in major units of an ISO 4217 currency. */
export function spokenMoney(amount: number, currency: string, language: Language): string {
  return kept(`money|${language}|${currency}`, () => new Intl.NumberFormat(localeOf[language], { style: 'currency', currency })).format(amount);
}

/**
 * A number a guest gave (a number question's answer) as their page's language writes it: `1,234.5`,
 * `1 234,5`, `1.234,5`, `1234,5` (Spanish groups from five digits). Every digit given is kept (no rounding
 * to three decimals). One formatter per language, built on first use and kept (issue 15).
 */
export function spokenNumber(value: number, language: Language): string {
  return kept(`number|${language}`, () => new Intl.NumberFormat(localeOf[language], { maximumFractionDigits: 20 })).format(value);
}
