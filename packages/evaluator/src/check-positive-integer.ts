import { describeIntegerRange, optionChecks } from '@mnist-wasm/errors';
import { EvaluatorOptionError } from './errors';

/**
 * The largest batch size `evaluate`, `predict`, `predictProbabilities` and `predictClasses` take
 * (2^16): a batch becomes one float32 buffer and one tensor, and a batch size far beyond any
 * dataset would ask for more than an engine can allocate. Equal to the trainer's limit.
 */
export const maxBatchSize = 65_536;

/**
 * Checks that option `name` of `caller` is an integer from 1 to `max`; `example` goes in the
 * message.
 * @throws EvaluatorOptionError naming the option, its value and the range.
 */
export function checkPositiveInteger(
  value: number,
  name: string,
  caller: string,
  example: number,
  max: number,
): number {
  return optionChecks(EvaluatorOptionError, caller).integer(name, value, {
    min: 1,
    max,
    allowed: `${describeIntegerRange(1, max)}, such as ${example}`,
  });
}
