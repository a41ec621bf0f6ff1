import { describe, expect, it } from 'vitest';
import {
  describeIntegerRange,
  isIntegerIn,
  isNumberIn,
  NamedError,
  optionChecks,
  optionErrorClass,
} from '../src';

class PackageError extends NamedError {}
class PackageOptionError extends optionErrorClass(PackageError) {}

describe('isIntegerIn and isNumberIn', () => {
  it('take integers in the inclusive range only', () => {
    expect(isIntegerIn(3, 1, 3)).toBe(true);
    expect(isIntegerIn(0, 1, 3)).toBe(false);
    expect(isIntegerIn(4, 1, 3)).toBe(false);
    expect(isIntegerIn(1.5, 1, 3)).toBe(false);
    expect(isIntegerIn('2', 1, 3)).toBe(false);
    expect(isIntegerIn(Number.NaN)).toBe(false);
    expect(isIntegerIn(2 ** 60)).toBe(true);
  });

  it('take numbers in inclusive and exclusive bounds, never NaN or a string', () => {
    const unit = { min: 0, below: 1 };
    expect(isNumberIn(0, unit)).toBe(true);
    expect(isNumberIn(0.999, unit)).toBe(true);
    expect(isNumberIn(1, unit)).toBe(false);
    expect(isNumberIn(-0.1, unit)).toBe(false);
    expect(isNumberIn(Number.NaN, unit)).toBe(false);
    expect(isNumberIn('0.5', unit)).toBe(false);
    expect(isNumberIn(Number.POSITIVE_INFINITY, { min: 0 })).toBe(true);
    expect(isNumberIn(Number.POSITIVE_INFINITY, { min: 0, max: Number.MAX_VALUE })).toBe(false);
    expect(isNumberIn(0, { above: 0 })).toBe(false);
  });
});

describe('describeIntegerRange', () => {
  it('words a range with separators, an open one as "of at least"', () => {
    expect(describeIntegerRange(1, 65_536)).toBe('an integer from 1 to 65,536');
    expect(describeIntegerRange(2)).toBe('an integer of at least 2');
    expect(describeIntegerRange(1, Number.MAX_SAFE_INTEGER, 'a whole number')).toBe(
      'a whole number of at least 1',
    );
  });
});

describe('optionChecks', () => {
  const check = optionChecks(PackageOptionError, 'train');

  it('returns values in range', () => {
    expect(check.integer('epochs', 5, { min: 0, max: 10 })).toBe(5);
    expect(check.number('rate', 0.5, { above: 0, allowed: 'a number > 0' })).toBe(0.5);
    expect(() => check.require(true, 'x', 1, 'anything')).not.toThrow();
  });

  it("throws the package's option error, with the range or the given wording", () => {
    expect(() => check.integer('epochs', -1, { min: 0, max: 1_000_000 })).toThrow(
      new PackageOptionError('train', 'epochs', -1, 'an integer from 0 to 1,000,000'),
    );
    try {
      check.number('rate', 0, { above: 0, allowed: 'a number greater than 0' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PackageOptionError);
      expect((error as Error).message).toBe('train: rate is 0; use a number greater than 0.');
    }
    expect(() => check.require(false, 'mode', 'x', "'a' or 'b'")).toThrow(
      "train: mode is \"x\"; use 'a' or 'b'.",
    );
  });
});
