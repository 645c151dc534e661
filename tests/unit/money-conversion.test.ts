import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertedAmountProblem, convertMinorUnits, currencyDecimals, divideHalfEven, exactRate, toMajorUnits, toMinorUnits } from '../../shared/domain/money.ts';

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
