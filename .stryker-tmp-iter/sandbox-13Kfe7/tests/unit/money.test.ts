// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { amountProblem, currencyDecimals, isKnownCurrency, MAX_MAJOR_AMOUNT, toMajorUnits, toMinorUnits } from '../../shared/domain/money.ts';

describe('money in minor units per ISO 4217', () => {
  it.each([['USD', 2], ['EUR', 2], ['JPY', 0], ['KWD', 3], ['BHD', 3], ['GBP', 2]])('%s has %i decimals', (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });

  it.each([
    [1234.5, 'USD', 123450],
    [0.29, 'USD', 29],
    [0.3, 'USD', 30],
    [1000, 'JPY', 1000],
    [12.345, 'KWD', 12345],
    [0, 'USD', 0],
  ])('%d %s is %i minor units', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it.each([[0.291, 'USD'], [1000.5, 'JPY'], [1.0005, 'KWD'], [0.1 + 0.2, 'USD']])('refuses %d %s (too many decimals)', (amount, currency) => {
    expect(toMinorUnits(amount, currency)).toBeNull();
    expect(amountProblem(amount, currency)).toMatch(/decimals/);
  });

  it('converts back to major units exactly', () => {
    expect(toMajorUnits(123450, 'USD')).toBe(1234.5);
    expect(toMajorUnits(1000, 'JPY')).toBe(1000);
    expect(toMajorUnits(12345, 'KWD')).toBe(12.345);
  });

  it('sums in minor units without floating-point drift', () => {
    const cents = [0.1, 0.2].map((amount) => toMinorUnits(amount, 'USD') as number);

    expect(toMajorUnits(cents[0]! + cents[1]!, 'USD')).toBe(0.3);
  });

  it('knows real currencies only', () => {
    expect(isKnownCurrency('USD')).toBe(true);
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(amountProblem(10, 'XYZ')).toMatch(/Unknown currency/);
  });

  it('refuses amounts that are not finite or too large', () => {
    expect(amountProblem(Number.POSITIVE_INFINITY, 'USD')).not.toBeNull();
    expect(amountProblem(1e13, 'USD')).not.toBeNull();
    expect(amountProblem(999_999_999_999.99, 'USD')).toBeNull();
  });
});

describe('the edges of amounts', () => {
  it('names the problem of an amount exactly', () => {
    expect(amountProblem(Number.NaN, 'USD')).toBe('Must be a finite number');
    expect(amountProblem(1e13, 'USD')).toBe('Must be at most 1000000000000');
    expect(amountProblem(1.5, 'JPY')).toBe('JPY has no decimals');
    expect(amountProblem(1.234, 'USD')).toBe('USD allows at most 2 decimals');
    expect(amountProblem(1.23, 'USD')).toBeNull();
  });

  it('bounds negative amounts like positive ones, the limit itself included', () => {
    expect(amountProblem(MAX_MAJOR_AMOUNT, 'USD')).toBeNull();
    expect(amountProblem(-MAX_MAJOR_AMOUNT, 'USD')).toBeNull();
    expect(amountProblem(-(MAX_MAJOR_AMOUNT + 1), 'USD')).toBe('Must be at most 1000000000000');
  });

  it('stores a negative zero as zero and refuses an amount beyond the safe integers', () => {
    expect(Object.is(toMinorUnits(-0, 'USD'), 0)).toBe(true);
    expect(Object.is(toMinorUnits(-0.001, 'USD'), null)).toBe(true);
    expect(toMinorUnits(-12.34, 'USD')).toBe(-1234);
    expect(toMinorUnits(1e17, 'USD')).toBeNull();
  });
});
