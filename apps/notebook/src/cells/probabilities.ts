import type { ExampleProbabilities } from '@mnist-wasm/pipeline';
import { cellHeading, formatRow } from '../format';

/** In [7]'s heading, printed before the probabilities are computed. */
export const PROBABILITIES_HEADING = cellHeading(
  7,
  'probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])',
);

/**
 * In [7]: the probabilities of the first test examples, with the predicted and the true class,
 * named by `classNames` when given (`predicted Sneaker, true Sneaker`), else by index.
 */
export function renderProbabilities(
  items: readonly ExampleProbabilities[],
  classNames?: readonly string[],
): string {
  const name = (index: number) => classNames?.[index] ?? String(index);
  return items
    .map(
      ({ probabilities, predicted, label }) =>
        `${formatRow(probabilities)}  predicted ${name(predicted)}, true ${name(label)}`,
    )
    .join('\n');
}
