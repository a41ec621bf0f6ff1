import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseWholeNumber, wholeNumber, wholeNumbers } from '../src/whole-number';

describe('parseWholeNumber', () => {
  it('takes whole numbers from the minimum up', () => {
    expect(parseWholeNumber('--epochs', '5', 1)).toBe(5);
    expect(parseWholeNumber('--seed', '0', 0)).toBe(0);
  });

  it('rejects anything else, naming the flag, the minimum and the value', () => {
    for (const value of ['', ' ', 'two', '1.5', '0']) {
      expect(() => parseWholeNumber('--epochs', value, 1)).toThrow(InvalidArgumentError);
    }
    expect(() => parseWholeNumber('--epochs', 'two', 1)).toThrow(
      "--epochs takes a whole number of at least 1, got 'two'.",
    );
  });
});

describe('wholeNumber and wholeNumbers', () => {
  it('parse one value, or collect comma lists over repeated flags', () => {
    expect(wholeNumber('--epochs', 1)('3')).toBe(3);
    const parse = wholeNumbers('--index', 0);
    expect(parse('2', parse('0,1', undefined))).toEqual([0, 1, 2]);
    expect(() => parse('0,x', undefined)).toThrow(/--index/);
  });
});
