import type { OptionErrorClass } from './index';

/**
 * A range of numbers: `min` and `max` inclusive (default unbounded), `above` and `below`
 * exclusive. `{ min: 0, below: 1 }` is `[0, 1)`.
 */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly below?: number;
}

/**
 * Whether `value` is a number in `range` (NaN never is). `Infinity` is in a range with no `max`
 * or `below`; ask for `{ max: Number.MAX_VALUE }` to allow finite numbers only.
 */
export function isNumberIn(value: unknown, range: NumberRange = {}): value is number {
  const { min = -Infinity, max = Infinity, above, below } = range;
  return (
    typeof value === 'number' &&
    value >= min &&
    value <= max &&
    (above === undefined || value > above) &&
    (below === undefined || value < below)
  );
}

/** Whether `value` is an integer (a number with no fraction) from `min` to `max`. */
export function isIntegerIn(value: unknown, min = -Infinity, max = Infinity): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/**
 * A range of integers as messages word it, with thousands separators: `an integer from 1 to
 * 65,536`, or `an integer of at least 2` when `max` is `Number.MAX_SAFE_INTEGER` or more. `noun`
 * replaces `an integer` (e.g. `'a whole number'`).
 */
export function describeIntegerRange(min: number, max = Infinity, noun = 'an integer'): string {
  const format = (n: number) => n.toLocaleString('en-US');
  return max >= Number.MAX_SAFE_INTEGER
    ? `${noun} of at least ${format(min)}`
    : `${noun} from ${format(min)} to ${format(max)}`;
}

/** An integer option's bounds (default unbounded) and what a message says is allowed. */
export interface IntegerRule {
  readonly min?: number;
  readonly max?: number;
  /** What the message asks for. Default {@link describeIntegerRange} of `min` and `max`. */
  readonly allowed?: string;
}

/** A number option's range and what a message says is allowed. */
export interface NumberRule extends NumberRange {
  readonly allowed: string;
}

/** The checks {@link optionChecks} makes for one function's options. */
export interface OptionChecks {
  /**
   * `value` when it is an integer in the rule's range.
   * @throws the package's option error naming `option`, `value` and `rule.allowed`.
   */
  integer(option: string, value: unknown, rule?: IntegerRule): number;
  /**
   * `value` when it is a number in the rule's range.
   * @throws the package's option error naming `option`, `value` and `rule.allowed`.
   */
  number(option: string, value: unknown, rule: NumberRule): number;
  /**
   * Throws the package's option error naming `option`, `value` and `allowed` unless `ok`.
   */
  require(ok: boolean, option: string, value: unknown, allowed: string): void;
}

/**
 * Range checks of the options of `caller` that throw `ErrorClass`, a package's option error (see
 * `optionErrorClass`), so every package checks alike and words its messages alike:
 * `train: epochs is -1; use an integer from 0 to 1,000,000.`
 *
 * @example
 * ```ts
 * const check = optionChecks(TrainerOptionError, 'train');
 * const epochs = check.integer('epochs', options.epochs ?? 5, { min: 0, max: maxEpochs });
 * const rate = check.number('learningRate', 0.001, { above: 0, max: Number.MAX_VALUE,
 *   allowed: 'a finite number greater than 0' });
 * ```
 */
export function optionChecks<E extends Error>(
  ErrorClass: OptionErrorClass<E>,
  caller: string,
): OptionChecks {
  const require = (ok: boolean, option: string, value: unknown, allowed: string) => {
    if (!ok) throw new ErrorClass(caller, option, value, allowed);
  };
  return {
    integer(option, value, { min = -Infinity, max = Infinity, allowed } = {}) {
      require(isIntegerIn(value, min, max), option, value, allowed ??
        describeIntegerRange(min, max));
      return value as number;
    },
    number(option, value, rule) {
      require(isNumberIn(value, rule), option, value, rule.allowed);
      return value as number;
    },
    require,
  };
}
