import { EvaluatorOptionError } from './errors';

/** Checks that option `name` of `caller` is a positive integer; `example` goes in the message. */
export function checkPositiveInteger(
  value: number,
  name: string,
  caller: string,
  example: number,
): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new EvaluatorOptionError(caller, name, value, `a positive integer such as ${example}`);
  }
  return value;
}
