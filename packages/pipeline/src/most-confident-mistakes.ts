import type { Examples } from '@mnist-wasm/dataset';
import { predict } from '@mnist-wasm/evaluator';
import type * as tfl from '@tensorflow/tfjs-layers';
import { digitPixels } from './digit-pixels';

/** A misclassified test example. */
export interface Mistake {
  /** Its index in the test split. */
  index: number;
  /** Its pixels, 0-255 (784 for MNIST). */
  pixels: Uint8Array;
  /** The true class. */
  label: number;
  /** The class the model chose. */
  predicted: number;
  /** The probability the model gave `predicted`, in [0, 1]. */
  probability: number;
}

/** What {@link mostConfidentMistakes} returns. */
export interface Mistakes {
  /** How many test examples the model misclassifies in all. */
  total: number;
  /** Up to `count` of them, the most confident first (ties in test order). */
  items: Mistake[];
}

/**
 * The test examples the model gets wrong with the highest probability on the wrong class: the
 * digits to look at first (ambiguous writing, or labels in doubt).
 *
 * @param model - A classifier with `[batch, classes]` logits out.
 * @param test - Labelled examples the model takes: MNIST's test split, `[10000, 28, 28]` uint8.
 * @param count - How many mistakes to return, at most (default 12).
 * @param options.batchSize - Examples per forward pass (the evaluator's default when absent).
 * @throws The evaluator's errors for examples that do not fit the model or non-finite weights.
 *
 * @example
 * ```ts
 * const { total, items } = await mostConfidentMistakes(model, test, 12);
 * total; // e.g. 240
 * items[0]; // { index: 1014, pixels: Uint8Array(784), label: 6, predicted: 5, probability: 0.99 }
 * ```
 */
export async function mostConfidentMistakes(
  model: tfl.LayersModel,
  test: Examples,
  count = 12,
  options: { batchSize?: number } = {},
): Promise<Mistakes> {
  const predictions = await predict(model, test, options);
  const wrong = predictions
    .map(({ predicted, probability }, index) => ({ index, predicted, probability }))
    .filter(({ index, predicted }) => predicted !== test.labels[index])
    .sort((a, b) => b.probability - a.probability);
  return {
    total: wrong.length,
    items: wrong.slice(0, count).map(({ index, predicted, probability }) => ({
      index,
      pixels: digitPixels(test, index),
      label: test.labels[index] as number,
      predicted,
      probability,
    })),
  };
}
