import { InvalidArgumentError } from 'commander';

/**
 * Parses the value of a command-line flag that must be a whole number of at least `min`.
 *
 * @throws InvalidArgumentError (commander's, so commander reports it against the flag) naming the
 *   flag, the minimum and the value given.
 */
export function parseWholeNumber(flag: string, value: string, min: number): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min) {
    throw new InvalidArgumentError(
      `${flag} takes a whole number of at least ${min}, got '${value}'.`,
    );
  }
  return parsed;
}

/** A commander `argParser` for a flag whose value is a whole number of at least `min`. */
export function wholeNumber(flag: string, min: number): (value: string) => number {
  return (value) => parseWholeNumber(flag, value, min);
}

/**
 * A commander `argParser` for a repeatable flag of comma-separated whole numbers
 * (`--index 0,1 --index 2`), collected into one list. Not variadic, so file operands may follow
 * the flag.
 */
export function wholeNumbers(
  flag: string,
  min: number,
): (value: string, previous: number[] | undefined) => number[] {
  const parse = wholeNumber(flag, min);
  return (value, previous = []) => [...previous, ...value.split(',').map(parse)];
}
