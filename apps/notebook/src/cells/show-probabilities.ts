import { sliceExamples } from '@mnist-wasm/dataset';
import { argMaxRows, predictProbabilities } from '@mnist-wasm/evaluator';
import { classifierSignature, withSoftmax } from '@mnist-wasm/model';
import { cellHeading, formatRow } from '../format';
import type { TestCell } from '../notebook-output';

/** How many test test the notebook shows: `x_test[:5]`. */
const EXAMPLES_SHOWN = 5;

/**
 * In [7]: `probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])`: the
 * probabilities of the first test test, with the predicted and the true class.
 */
export async function showProbabilities({ model, test, print }: TestCell): Promise<void> {
  print(
    cellHeading(
      7,
      'probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])',
    ),
  );
  const probabilityModel = withSoftmax(model);
  const { numClasses } = classifierSignature(probabilityModel, 'probability_model');
  const shown = sliceExamples(test, 0, Math.min(EXAMPLES_SHOWN, test.count));
  // The probability model already ends in a softmax.
  const probabilities = await predictProbabilities(probabilityModel, shown, { fromLogits: false });
  const predicted = argMaxRows(probabilities, numClasses);
  predicted.forEach((label, i) => {
    const row = probabilities.subarray(i * numClasses, (i + 1) * numClasses);
    print(`${formatRow(row)}  predicted ${label}, true ${shown.labels[i]}`);
  });
}
