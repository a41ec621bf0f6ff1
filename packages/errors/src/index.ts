/**
 * Base of each package's base error: an `Error` whose `name` is the name of the class thrown
 * (`'TrainerOptionError'`, not `'Error'`), so logs and `String(error)` say what went wrong.
 */
export class NamedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** What every option error carries: where, which option, the value given and what is accepted. */
export interface OptionProblem {
  /** The function that was called, e.g. `'train'`. */
  readonly caller: string;
  /** The option or argument, e.g. `'batchSize'`. */
  readonly option: string;
  /** The value that was given. */
  readonly value: unknown;
  /** What is accepted, e.g. `'a positive integer'`. */
  readonly allowed: string;
}

/** The constructor of an option error: `new (caller, option, value, allowed)`. */
export type OptionErrorClass<E extends Error> = new (
  caller: string,
  option: string,
  value: unknown,
  allowed: string,
) => E & OptionProblem;

/**
 * An option error class for a package whose errors extend `Base`, so that every package words
 * option errors alike: `train: batchSize is 0; use a positive integer.`
 *
 * @example
 * ```ts
 * export class TrainerError extends NamedError {}
 * export class TrainerOptionError extends optionErrorClass(TrainerError) {}
 * ```
 */
export function optionErrorClass<E extends Error>(
  Base: new (message: string) => E,
): OptionErrorClass<E> {
  const ErrorBase = Base as new (message: string) => Error;
  return class OptionError extends ErrorBase implements OptionProblem {
    constructor(
      readonly caller: string,
      readonly option: string,
      readonly value: unknown,
      readonly allowed: string,
    ) {
      super(`${caller}: ${option} is ${describeValue(value)}; use ${allowed}.`);
    }
  } as unknown as OptionErrorClass<E>;
}

/**
 * A value as an error message shows it: strings quoted, short arrays listed, other arrays, typed
 * arrays and objects by their type (`an Int32Array`, `an Array(1000000)`), so a message stays one
 * short line whatever was passed.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value) && value.length <= 8) return `[${value.map(describeValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const type = Array.isArray(value)
      ? `Array(${value.length})`
      : (value.constructor?.name ?? 'Object');
    return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
  }
  return String(value);
}

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
