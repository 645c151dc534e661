// @ts-nocheck
import * as z from 'zod';
import { isKnownCurrency, MAX_MAJOR_AMOUNT } from '../domain/money.ts';
import { currencyCode } from './common.ts';

/**
 * Money inputs shared by the events, budget and vendor schemas. Kept apart from schemas/events.ts so the
 * budget and vendor functions do not bundle the event schemas (and the date library they need).
 */
export const currencyInput = z.string().trim().toUpperCase().pipe(currencyCode).refine(isKnownCurrency, 'Unknown ISO 4217 currency');
export const amountInput = z.number().min(0, 'Must be 0 or more').max(MAX_MAJOR_AMOUNT);
