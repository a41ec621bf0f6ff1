// In [6] to [8] and the most confident mistakes: the model on the test set. The true labels are
// named by the data set's classes and the predictions by the model's: after a Load they may be
// different sets (a Fashion-MNIST model on MNIST predicts "Dress" for a 3).

import type { ExampleProbabilities } from '@mnist-wasm/pipeline';
import {
  renderConfusionHeatmap,
  renderDigit,
  renderMisclassified,
  renderProbabilityBars,
} from '@mnist-wasm/report';
import { areDigits, className } from './class-labels';
import { count, format } from './format';
import type { Renderers } from './renderer';

/**
 * x_test[i] with its caption and its probabilities, the predicted one highlighted: the bars and
 * the prediction named by `names` (the model's), the true label by `trueNames` (the data set's).
 */
function probabilityCard(
  item: ExampleProbabilities,
  i: number,
  names: readonly string[],
  trueNames: readonly string[],
): HTMLElement {
  const card = document.createElement('figure');
  card.className = 'probability-card';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-label', `x_test[${i}]`);
  renderDigit(canvas, item.pixels, 3);
  const caption = document.createElement('figcaption');
  const predicted = className(names, item.predicted);
  caption.textContent = `x_test[${i}]: true ${className(trueNames, item.label)}, predicted ${predicted}`;
  if (item.label !== item.predicted) caption.className = 'wrong';
  const bars = document.createElement('div');
  renderProbabilityBars(bars, item.probabilities, {
    highlight: item.predicted,
    testId: `test-probabilities-${i}`,
    classNames: names,
  });
  card.append(canvas, caption, bars);
  return card;
}

export const testCellRenderers = {
  'evaluation-set': (message, { ui, state }) => {
    state.dataClassNames = message.classNames;
    ui.datasetMismatch.hidden = message.mismatch === null;
    ui.datasetMismatch.textContent = message.mismatch === null ? '' : `Note: ${message.mismatch}.`;
  },
  evaluated: (message, { ui }) => {
    ui.evaluationCount.textContent = count(message.count);
    ui.testLoss.textContent = format(message.loss);
    ui.testAccuracy.textContent = format(message.accuracy);
    const { keras } = message;
    ui.kerasQuote.hidden = keras === null;
    ui.kerasQuote.textContent = keras
      ? `(the notebook, 5 epochs on all 60,000: loss ${keras.loss}, accuracy ${keras.accuracy})`
      : '';
  },
  probabilities: (message, { ui, state }) => {
    ui.testProbabilities.replaceChildren(
      ...message.items.map((item, i) =>
        probabilityCard(item, i, state.classNames, state.dataClassNames),
      ),
    );
  },
  confusion: (message, { ui, state }) => {
    renderConfusionHeatmap(
      ui.confusion,
      message.matrix.counts.map((row) => [...row]),
      state.classNames,
      state.dataClassNames,
    );
  },
  misclassified: (message, { ui, state }) => {
    const things = areDigits(state.dataClassNames) ? 'digits' : 'images';
    ui.misclassifiedSummary.textContent =
      `${count(message.total)} test ${things} misclassified; ` +
      `the ${message.items.length} with the highest probability on the wrong class:`;
    renderMisclassified(ui.misclassified, message.items, state.classNames, state.dataClassNames);
  },
} satisfies Partial<Renderers>;
