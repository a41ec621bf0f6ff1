import { isIntegerIn, type OptionChecks, optionChecks } from '@mnist-wasm/errors';
import { ModelOptionError } from './errors';

/** The options the MLP and the convnet share: their head and their seed. */
export interface ClassifierOptions {
  /**
   * Fraction of hidden activations dropped while training: a number in [0, 1). Default: the
   * model's (0.2 for the MLP, 0.5 for the convnet).
   */
  dropoutRate?: number;
  /** Number of classes, the width of the logits: an integer >= 2. Default 10. */
  numClasses?: number;
  /**
   * Seed of the kernel initializers: a safe integer. The same seed gives identical initial weights,
   * different seeds different ones. Default: none (a fresh random initialization each call).
   */
  seed?: number;
}

/**
 * `options` with every field that is undefined (or left out) taken from `defaults`, as a
 * destructuring with defaults would: the values a builder then checks.
 */
export function withDefaults<O extends object, D extends object>(
  options: O,
  defaults: D,
): Omit<O, keyof D> & { [K in keyof D]-?: Exclude<O[K & keyof O], undefined> | D[K] } {
  const filled = { ...options } as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults)) {
    if (filled[key] === undefined) filled[key] = value;
  }
  return filled as Omit<O, keyof D> & {
    [K in keyof D]-?: Exclude<O[K & keyof O], undefined> | D[K];
  };
}

/** The checks of a model builder's options (see {@link builderChecks}). */
export interface BuilderChecks extends OptionChecks {
  /** `value` when it is an integer > 0; the message gives `example`. */
  positiveInteger(option: string, value: unknown, example: number): number;
  /**
   * Refuses `value` unless it is an array of integers > 0 whose length passes `lengthOk`.
   * @throws ModelOptionError naming `option` and `allowed`.
   */
  positiveIntegers(
    option: string,
    value: unknown,
    lengthOk: (length: number) => boolean,
    allowed: string,
  ): void;
  /** `dropoutRate` in [0, 1) (the message gives `dropoutExample`) and `numClasses` >= 2. */
  head(dropoutRate: unknown, numClasses: unknown, dropoutExample: number): void;
  /** `seed`: a safe integer or undefined. */
  seed(seed: unknown): void;
}

/**
 * The option checks of model builder `caller` (`createMnistMlp`, ...), each throwing
 * {@link ModelOptionError} naming the option, the value and what is allowed.
 */
export function builderChecks(caller: string): BuilderChecks {
  const check = optionChecks(ModelOptionError, caller);
  return {
    ...check,
    positiveInteger: (option, value, example) =>
      check.integer(option, value, { min: 1, allowed: `a positive integer such as ${example}` }),
    positiveIntegers(option, value, lengthOk, allowed) {
      check.require(
        Array.isArray(value) && lengthOk(value.length) && value.every((v) => isIntegerIn(v, 1)),
        option,
        value,
        allowed,
      );
    },
    head(dropoutRate, numClasses, dropoutExample) {
      check.number('dropoutRate', dropoutRate, {
        min: 0,
        below: 1,
        allowed: `a number in [0, 1) such as ${dropoutExample}`,
      });
      check.integer('numClasses', numClasses, { min: 2, allowed: 'an integer of at least 2' });
    },
    seed(seed) {
      check.require(
        seed === undefined || Number.isSafeInteger(seed),
        'seed',
        seed,
        'a safe integer, or leave it out',
      );
    },
  };
}
