import * as z from 'zod';
import { isKnownCurrency, MAX_MAJOR_AMOUNT } from '../domain/money.ts';
import { currencyCode } from './common.ts';

/**
 * Money inputs shared by the events, budget and vendor schemas. Kept apart from schemas/events.ts so the
 * budget and vendor functions do not bundle the event schemas (and the date library they need).
 */
export const currencyInput = z.string().trim().toUpperCase().pipe(currencyCode).refine(isKnownCurrency, 'Unknown ISO 4217 currency');

/**
 * A decimal string (`"3500.50"`, as a form or the original spec's DECIMAL columns send it) read as the
 * number it spells exactly; one whose digits a number cannot hold exactly is refused, never rounded, so
 * the currency's decimal rules judge what was sent.
 */
const decimalString = z
  .string()
  .trim()
  .regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'Use a number or a decimal string such as "3500.50"')
  .transform((value, ctx) => {
    const amount = Number(value);
    const spelled = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
    if (String(amount) === spelled) return amount;
    ctx.issues.push({ code: 'custom', message: 'Too many digits to be exact', input: value });
    return z.NEVER;
  });

/** Major units, as a JSON number or a decimal string. */
export const amountInput = z
  .union([z.number(), decimalString], { message: 'Use a number or a decimal string such as "3500.50"' })
  .pipe(z.number().min(0, 'Must be 0 or more').max(MAX_MAJOR_AMOUNT))
  .meta({ description: 'Major units: a number (3500.5) or a decimal string ("3500.50")' });
