// @ts-nocheck
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertedAmountProblem, convertMinorUnits, currencyDecimals, divideHalfEven, exactRate, MAX_MAJOR_AMOUNT, toMajorUnits, toMinorUnits } from '../../shared/domain/money.ts';

describe('half-even division', () => {
  it.each([[5n, 2n, 2n], [7n, 2n, 4n], [-5n, 2n, -2n], [-7n, 2n, -4n], [1n, 3n, 0n], [2n, 3n, 1n], [-2n, 3n, -1n]])('%i / %i = %i', (n, d, expected) => {
    expect(divideHalfEven(n, d)).toBe(expected);
  });

  it('is never more than half a unit from the exact quotient, and a tie goes to the even neighbour', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
      const q = divideHalfEven(n, d);
      const error = 2n * (n - q * d); // twice the remainder against q, in units of 1/d
      expect(error <= d && error >= -d).toBe(true);
      if (error === d || error === -d) expect(q % 2n).toBe(0n);
    }));
  });
});

describe('exact rates', () => {
  it.each([[1.08, '1.08'], [0.0067, '0.0067'], ['2.50', '2.5'], [3, '3']])('%s reads as %s', (rate, text) => {
    expect(exactRate(rate)).toBe(text);
  });

  it.each([[0], [-1], [1e-11], ['abc']])('refuses %s', (rate) => {
    expect(exactRate(rate)).toBeNull();
  });
});

describe('converting between currencies', () => {
  it('matches exact rational arithmetic rounded half-even, across decimals (JPY 0, USD 2, KWD 3)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10 ** 12 }),
      fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'),
      fc.constantFrom('USD', 'JPY', 'KWD', 'EUR'),
      fc.integer({ min: 1, max: 10 ** 8 }),
      (minor, from, to, rateUnits) => {
        const rate = exactRate(rateUnits / 10_000) as string;
        fc.pre(convertedAmountProblem(minor, from, to, rate) === null);
        const converted = convertMinorUnits(minor, from, to, rate);
        // exact value in minor units of `to`, times the common denominator
        const numerator = BigInt(minor) * BigInt(rateUnits) * 10n ** BigInt(currencyDecimals(to));
        const denominator = 10_000n * 10n ** BigInt(currencyDecimals(from));
        const twiceError = 2n * (numerator - BigInt(converted) * denominator);
        expect(from === to ? converted === minor : twiceError <= denominator && twiceError >= -denominator).toBe(true);
      },
    ));
  });

  it('flags an amount too large once converted instead of counting it wrongly', () => {
    expect(convertedAmountProblem(98130313045, 'USD', 'KWD', '9178.905')).toMatch(/Too large/);
    expect(() => convertMinorUnits(98130313045, 'USD', 'KWD', '9178.905')).toThrow(RangeError);
    expect(convertedAmountProblem(100, 'USD', 'KWD', '9178.905')).toBeNull();
  });

  it('never loses a cent when summing: totals are sums of integers, exact back in major units', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 ** 9 }), { maxLength: 200 }), (cents) => {
      const total = cents.reduce((sum, value) => sum + value, 0);
      const asMajor = cents.map((value) => toMajorUnits(value, 'USD'));

      expect(asMajor.map((amount) => toMinorUnits(amount, 'USD'))).toEqual(cents);
      expect(toMinorUnits(toMajorUnits(total, 'USD'), 'USD')).toBe(total);
    }));
  });
});

describe('the edges of conversion', () => {
  it.each([['007.50', '7.5'], ['1.000', '1'], ['10', '10'], ['100.0', '100'], ['0.05', '0.05'], [0.1, '0.1']])('%s reads as %s', (rate, text) => {
    expect(exactRate(rate)).toBe(text);
  });

  it.each([['0.0'], ['00'], ['1.'], ['.5'], [' 1'], ['1 '], ['1.12345678901'], ['1234567890123']])('refuses %j', (rate) => {
    expect(exactRate(rate)).toBeNull();
  });

  it('keeps an amount in its own currency whatever the rate says, and rounds to zero without a sign', () => {
    expect(convertMinorUnits(1234, 'EUR', 'EUR', '2')).toBe(1234);
    expect(Object.is(convertMinorUnits(-1, 'USD', 'JPY', '0.001'), 0)).toBe(true);
    expect(convertMinorUnits(-250, 'USD', 'USD', '1')).toBe(-250);
  });

  it('applies both currencies\' decimals and the rate\'s own decimals', () => {
    expect(convertMinorUnits(100, 'USD', 'JPY', '150.25')).toBe(150);
    expect(convertMinorUnits(1000, 'JPY', 'USD', '0.0067')).toBe(670);
    expect(convertMinorUnits(1000, 'USD', 'KWD', '0.3')).toBe(3000);
    expect(convertMinorUnits(12345, 'KWD', 'USD', '3.2549')).toBe(4018);
    expect(convertMinorUnits(5, 'USD', 'EUR', '0.5')).toBe(2);
    expect(convertMinorUnits(7, 'USD', 'EUR', '0.5')).toBe(4);
  });

  it('accepts a converted amount up to the limit and no further', () => {
    const limitMinor = MAX_MAJOR_AMOUNT * 100;

    expect(convertedAmountProblem(limitMinor, 'EUR', 'USD', '1')).toBeNull();
    expect(convertedAmountProblem(limitMinor + 1, 'EUR', 'USD', '1')).toBe(`Too large once converted to USD (at most ${MAX_MAJOR_AMOUNT})`);
    expect(convertedAmountProblem(limitMinor / 2, 'EUR', 'USD', '2.0')).toBeNull();
    expect(convertedAmountProblem(limitMinor / 2 + 1, 'EUR', 'USD', '2.0')).not.toBeNull();
    expect(convertedAmountProblem(MAX_MAJOR_AMOUNT * 10, 'JPY', 'USD', '0.1')).toBeNull();
    expect(convertedAmountProblem(MAX_MAJOR_AMOUNT * 10 + 1, 'JPY', 'USD', '0.1')).not.toBeNull();
    expect(convertedAmountProblem(MAX_MAJOR_AMOUNT * 1000, 'KWD', 'USD', '1')).toBeNull();
    expect(convertedAmountProblem(MAX_MAJOR_AMOUNT * 1000 + 10, 'KWD', 'USD', '1')).not.toBeNull();
  });
});
