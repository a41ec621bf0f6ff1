import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseWholeNumber, wholeNumber, wholeNumbers } from '../src/whole-number';

describe('parseWholeNumber', () => {
  it('takes plain decimal whole numbers within the range', () => {
    expect(parseWholeNumber('--epochs', '5', 1)).toBe(5);
    expect(parseWholeNumber('--seed', '0', 0)).toBe(0);
    expect(parseWholeNumber('--epochs', '10000', 1, 10_000)).toBe(10_000);
    expect(parseWholeNumber('--seed', '4294967295', 0, 2 ** 32 - 1)).toBe(2 ** 32 - 1);
  });

  it('rejects anything else, naming the flag, the minimum and the value', () => {
    for (const value of ['', ' ', 'two', '1.5', '0', '1e3', '0x10', '+5', '5.0', ' 5', '-1']) {
      expect(() => parseWholeNumber('--epochs', value, 1), value).toThrow(InvalidArgumentError);
    }
    expect(() => parseWholeNumber('--epochs', 'two', 1)).toThrow(
      "--epochs takes a whole number of at least 1, got 'two'.",
    );
  });

  it('rejects values past the maximum, naming the range', () => {
    expect(() => parseWholeNumber('--epochs', '1e20', 1, 10_000)).toThrow(
      "--epochs takes a whole number from 1 to 10,000, got '1e20'.",
    );
    expect(() => parseWholeNumber('--epochs', '10001', 1, 10_000)).toThrow(
      "--epochs takes a whole number from 1 to 10,000, got '10001'.",
    );
    expect(() => parseWholeNumber('--batch-size', '1000000000', 1, 65_536)).toThrow(
      "--batch-size takes a whole number from 1 to 65,536, got '1000000000'.",
    );
    // Past what a double holds exactly: refused, not rounded.
    expect(() => parseWholeNumber('--limit', '9007199254740993', 1)).toThrow(InvalidArgumentError);
  });
});

describe('wholeNumber and wholeNumbers', () => {
  it('parse one value, or collect comma lists over repeated flags', () => {
    expect(wholeNumber('--epochs', 1)('3')).toBe(3);
    const parse = wholeNumbers('--index', 0);
    expect(parse('2', parse('0,1', undefined))).toEqual([0, 1, 2]);
    expect(() => parse('0,x', undefined)).toThrow(/--index/);
    expect(() => wholeNumbers('--index', 0, 9)('1,10', undefined)).toThrow(
      "--index takes a whole number from 0 to 9, got '10'.",
    );
  });
});
