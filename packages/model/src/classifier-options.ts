import { type OptionChecks, optionChecks } from '@mnist-wasm/errors';
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

/** Option checks of a model builder (`createMnistMlp`, ...), throwing {@link ModelOptionError}. */
export function modelOptionChecks(caller: string): OptionChecks {
  return optionChecks(ModelOptionError, caller);
}

/** What a positive-integer option (units, filters, sides) takes, with an example. */
export function positiveInteger(example: number | string) {
  return { min: 1, allowed: `a positive integer such as ${example}` };
}

/** Whether `value` is an integer > 0. */
export function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

/**
 * Checks the head options, `dropoutRate` (example `dropoutExample` in the message) and
 * `numClasses`.
 * @throws ModelOptionError naming the first one out of range.
 */
export function checkHead(
  check: OptionChecks,
  dropoutRate: unknown,
  numClasses: unknown,
  dropoutExample: number,
): void {
  check.number('dropoutRate', dropoutRate, {
    min: 0,
    below: 1,
    allowed: `a number in [0, 1) such as ${dropoutExample}`,
  });
  check.integer('numClasses', numClasses, { min: 2, allowed: 'an integer of at least 2' });
}

/** Checks `seed`: a safe integer or undefined. @throws ModelOptionError otherwise. */
export function checkSeed(check: OptionChecks, seed: unknown): void {
  check.require(
    seed === undefined || Number.isSafeInteger(seed),
    'seed',
    seed,
    'a safe integer, or leave it out',
  );
}
