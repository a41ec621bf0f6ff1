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

export {
  describeIntegerRange,
  type IntegerRule,
  isIntegerIn,
  isNumberIn,
  type NumberRange,
  type NumberRule,
  type OptionChecks,
  optionChecks,
} from './checks';
