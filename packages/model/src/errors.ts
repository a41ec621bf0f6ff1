/** Base class of every error thrown by `@mnist-wasm/model`, so callers can catch them as one kind. */
export class MnistModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An option of {@link createMnistMlp} has a value outside what the model accepts. */
export class InvalidModelOptionError extends MnistModelError {
  /**
   * @param option - The option's name, e.g. `'dropoutRate'`.
   * @param value - The value that was given.
   * @param allowed - What the option accepts, e.g. `'a number in [0, 1)'`.
   */
  constructor(
    readonly option: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`createMnistMlp: option '${option}' is ${describe(value)}; use ${allowed}.`);
  }
}

/** Labels and predictions given to a loss or metric do not fit together (rank, count or dtype). */
export class TensorShapeError extends MnistModelError {}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}
