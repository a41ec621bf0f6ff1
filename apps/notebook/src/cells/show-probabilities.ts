import { sliceExamples } from '@mnist-wasm/dataset';
import { predict } from '@mnist-wasm/evaluator';
import { withSoftmax } from '@mnist-wasm/model';
import { cellHeading, formatRow } from '../format';
import type { TestCell } from '../notebook-output';

/** How many test examples the notebook shows: `x_test[:5]`. */
const EXAMPLES_SHOWN = 5;

/**
 * In [7]: `probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])`: the
 * probabilities of the first test examples, with the predicted and the true class.
 */
export async function showProbabilities({ model, test, print }: TestCell): Promise<void> {
  print(
    cellHeading(
      7,
      'probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])',
    ),
  );
  const probabilityModel = withSoftmax(model);
  const shown = sliceExamples(test, 0, Math.min(EXAMPLES_SHOWN, test.count));
  // The probability model already ends in a softmax.
  const predictions = await predict(probabilityModel, shown, { fromLogits: false });
  predictions.forEach(({ predicted, probabilities }, i) => {
    print(`${formatRow(probabilities)}  predicted ${predicted}, true ${shown.labels[i]}`);
  });
}
