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

// Building an Intl.NumberFormat costs ~20 µs: a budget of 500 items asked it 3,146 times per read (issue 15).
const decimalsByCurrency = new Map<string, number>();

/** Decimals of a currency's minor unit per ISO 4217 (JPY 0, USD 2, KWD 3). */
export function currencyDecimals(currency: string): number {
  let decimals = decimalsByCurrency.get(currency);
  if (decimals === undefined) {
    decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    // Only codes ICU knows are kept, so the map cannot grow with whatever callers send.
    if (isKnownCurrency(currency)) decimalsByCurrency.set(currency, decimals);
  }
  return decimals;
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

// ---------------------------------------------------------------------------------------------------
// Exact conversion between currencies (issue 5)

/** Most decimals an exchange rate may carry; enough for any published rate, small enough for BigInt maths. */
export const MAX_RATE_DECIMALS = 10;
const RATE = /^(\d{1,12})(?:\.(\d{1,10}))?$/;

/**
 * A rate as the exact decimal the caller wrote. JSON numbers arrive as doubles; `String(1.08)` is the
 * shortest text that reads back as the same double, i.e. the decimal the caller typed, so parsing that
 * text (never multiplying the double) keeps the rate exact. Null when it is not a positive plain decimal
 * with at most MAX_RATE_DECIMALS decimals (`1e-7` is refused rather than guessed).
 */
export function exactRate(rate: number | string): string | null {
  const text = typeof rate === 'number' ? String(rate) : rate;
  const match = RATE.exec(text);
  if (!match) return null;
  const normalized = `${match[1]}${match[2] ? `.${match[2]}` : ''}`.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return /[1-9]/.test(normalized) ? normalized : null;
}

/** n / d rounded to the nearest integer, ties to the even neighbour (banker's rounding). d must be > 0. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const quotient = n / d; // truncates toward zero
  const remainder = n % d;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  const awayFromZero = n < 0n ? quotient - 1n : quotient + 1n;
  if (twice < d) return quotient;
  if (twice > d) return awayFromZero;
  return quotient % 2n === 0n ? quotient : awayFromZero;
}

/**
 * `minor` units of `from` in minor units of `to`, at `rate` (1 `from` = rate `to`), rounded half-even
 * once. Exact: the rate's decimal and both currencies' scales are applied as integers.
 */
export function convertMinorUnits(minor: number, from: string, to: string, rate: string): number {
  if (from === to) return minor;
  const [whole = '0', fraction = ''] = rate.split('.');
  const rateNumerator = BigInt(`${whole}${fraction}`);
  const numerator = BigInt(minor) * rateNumerator * 10n ** BigInt(currencyDecimals(to));
  const denominator = 10n ** BigInt(fraction.length + currencyDecimals(from));
  const converted = divideHalfEven(numerator, denominator);
  // Callers bound amounts first (convertedAmountProblem); an unsafe result is a bug, never a wrong total.
  if (converted > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('Converted amount exceeds the safe integer range');
  return converted === 0n ? 0 : Number(converted);
}

/** The reason `minor` of `from` cannot be counted in `to` (too large once converted), or null. */
export function convertedAmountProblem(minor: number, from: string, to: string, rate: string): string | null {
  const limit = BigInt(toMinorUnits(MAX_MAJOR_AMOUNT, to) as number);
  const [whole = '0', fraction = ''] = rate.split('.');
  const scaled = BigInt(minor) * BigInt(`${whole}${fraction}`) * 10n ** BigInt(currencyDecimals(to));
  const fits = scaled <= limit * 10n ** BigInt(fraction.length + currencyDecimals(from));
  return fits ? null : `Too large once converted to ${to} (at most ${MAX_MAJOR_AMOUNT})`;
}
