import { describeIntegerRange, isIntegerIn } from '@mnist-wasm/errors';
import { InvalidArgumentError } from 'commander';

/** Plain decimal digits only: no sign, exponent, fraction, hex prefix or spaces. */
const DECIMAL_DIGITS = /^[0-9]+$/;

/**
 * Parses the value of a command-line flag that must be a whole number from `min` to `max`, written
 * as plain decimal digits (`'1e3'`, `'0x10'`, `'+5'`, `'5.0'` and `' 5'` are refused, so a
 * value means what it looks like).
 *
 * @param flag - The flag, as the message names it, e.g. `'--epochs'`.
 * @param value - The text given on the command line.
 * @param min - The smallest value accepted.
 * @param max - The largest value accepted; default `Number.MAX_SAFE_INTEGER`.
 * @returns The number.
 * @throws InvalidArgumentError (commander's, so commander reports it against the flag) naming the
 *   flag, the range and the value given.
 */
export function parseWholeNumber(
  flag: string,
  value: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const parsed = Number(value);
  if (!DECIMAL_DIGITS.test(value) || !isIntegerIn(parsed, min, max)) {
    throw new InvalidArgumentError(`${flag} takes ${describeRange(min, max)}, got '${value}'.`);
  }
  return parsed;
}

/** `a whole number from 1 to 10,000`, or `of at least 1` when there is no real maximum. */
export function describeRange(min: number, max: number = Number.MAX_SAFE_INTEGER): string {
  return describeIntegerRange(min, max, 'a whole number');
}

/** A commander `argParser` for a flag whose value is a whole number from `min` to `max`. */
export function wholeNumber(
  flag: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): (value: string) => number {
  return (value) => parseWholeNumber(flag, value, min, max);
}

/**
 * A commander `argParser` for a repeatable flag of comma-separated whole numbers from `min` to
 * `max` (`--index 0,1 --index 2`), collected into one list. Not variadic, so file operands may
 * follow the flag.
 */
export function wholeNumbers(
  flag: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): (value: string, previous: number[] | undefined) => number[] {
  const parse = wholeNumber(flag, min, max);
  return (value, previous = []) => [...previous, ...value.split(',').map(parse)];
}
