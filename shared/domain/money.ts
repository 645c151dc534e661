/**
 * Money as integer minor units per ISO 4217 currency (CONVENTIONS: amounts travel as JSON numbers in major
 * units and are stored and summed as integers, so totals are exact). The number of decimals of each
 * currency comes from the runtime's ICU data (Intl), not from a hand-kept table: USD 2, JPY 0, KWD 3.
 */

/** Largest amount in major units any field accepts; keeps every minor-unit value a safe integer. */
export const MAX_MAJOR_AMOUNT = 1_000_000_000_000;

let knownCurrencies: Set<string> | undefined;

/** True for a currency code ICU knows (a made-up `XYZ` is refused, though Intl would format it). */
export function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

/** Decimals of a currency's minor unit per ISO 4217 (JPY 0, USD 2, KWD 3). */
export function currencyDecimals(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Major units to minor units, or null when the amount has more decimals than the currency allows.
 * `minor / 10^d` is the double nearest that decimal, so comparing it with the input tells exactly whether
 * the caller wrote at most `d` decimals (0.29 passes for USD; 0.291 does not) without string parsing.
 */
export function toMinorUnits(amount: number, currency: string): number | null {
  const scale = 10 ** currencyDecimals(currency);
  const minor = Math.round(amount * scale);
  if (!Number.isSafeInteger(minor) || minor / scale !== amount) return null;
  return minor === 0 ? 0 : minor; // no -0 in storage
}

/** Minor units back to a JSON number in major units. */
export function toMajorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyDecimals(currency);
}

/** The reason an amount cannot be stored in a currency, or null when it can. */
export function amountProblem(amount: number, currency: string): string | null {
  if (!isKnownCurrency(currency)) return `Unknown currency ${currency}`;
  if (!Number.isFinite(amount)) return 'Must be a finite number';
  if (Math.abs(amount) > MAX_MAJOR_AMOUNT) return `Must be at most ${MAX_MAJOR_AMOUNT}`;
  if (toMinorUnits(amount, currency) === null) {
    const decimals = currencyDecimals(currency);
    return decimals === 0 ? `${currency} has no decimals` : `${currency} allows at most ${decimals} decimals`;
  }
  return null;
}
