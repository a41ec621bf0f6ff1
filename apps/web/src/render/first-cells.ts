// In [1] to [4]: the data, the model, and the untrained model on x_train[:1].
import { renderDigit, renderDigitGrid, renderProbabilityBars } from '@mnist-wasm/report';
import { areDigits, className } from './class-labels';
import { format } from './format';
import type { Renderers } from './renderer';

/** Logits as horizontal bars around zero, with their values. */
function renderLogits(
  container: HTMLElement,
  logits: ArrayLike<number>,
  names: readonly string[],
): void {
  const values = Array.from(logits);
  const largest = Math.max(...values.map(Math.abs), 1e-9);
  container.replaceChildren(
    ...values.map((logit, digit) => {
      const row = document.createElement('div');
      row.className = 'logit-row';
      const label = document.createElement('span');
      label.textContent = className(names, digit);
      const track = document.createElement('span');
      track.className = 'logit-track';
      const bar = document.createElement('span');
      bar.className = logit < 0 ? 'logit-bar negative' : 'logit-bar';
      bar.style.width = `${(Math.abs(logit) / largest) * 50}%`;
      track.append(bar);
      const value = document.createElement('span');
      value.className = 'mono';
      value.textContent = logit.toFixed(3);
      row.append(label, track, value);
      return row;
    }),
  );
}

/** A loss as a meter against `reference`, with its value. */
function lossLine(label: string, value: number, reference: number): HTMLElement {
  const row = document.createElement('div');
  row.className = 'loss-row';
  const name = document.createElement('span');
  name.textContent = label;
  const meter = document.createElement('meter');
  meter.min = 0;
  meter.max = Math.max(value, reference) * 1.25;
  meter.value = value;
  meter.setAttribute('aria-label', label);
  const number = document.createElement('span');
  number.className = 'mono';
  number.textContent = format(value);
  row.append(name, meter, number);
  return row;
}

export const firstCellRenderers = {
  data: (message, { ui, state }) => {
    state.dataClassNames = message.classNames;
    const { train, test } = message;
    const shape = (count: number, dims: number[]) => `(${[count, ...dims].join(', ')})`;
    ui.dataShapes.textContent = [
      `x_train ${shape(train.count, train.shape)} ${train.featuresType}, y_train (${train.count},) ${train.labelsType}`,
      `x_test  ${shape(test.count, test.shape)} ${test.featuresType}, y_test  (${test.count},) ${test.labelsType}`,
      `${message.title}, loaded in ${message.loadMs.toFixed(0)} ms; pixels become x / 255.0 batch by batch`,
      `classes: ${message.classNames.map((name, i) => (name === String(i) ? name : `${i} ${name}`)).join(', ')}`,
    ].join('\n');
    const samples = message.samples.map(({ pixels, label }) => ({
      pixels,
      caption: className(message.classNames, label),
    }));
    renderDigitGrid(ui.dataSamples, samples);
  },
  model: (message, { ui, state }) => {
    ui.modelCode.textContent = `${message.code ?? 'model = tf.loadLayersModel(...)'}; model.summary()`;
    ui.modelSummary.textContent = message.summary;
    state.hasModel = true;
    state.classNames = message.classNames;
    ui.drawModel.textContent =
      message.kind === 'loaded' ? 'the loaded model' : 'the model trained here';
    ui.drawHint.textContent = areDigits(message.classNames)
      ? 'Draw a digit in the box; the model classifies it as you draw.'
      : `Draw in the box; the model names its class (${message.classNames.join(', ')}) as you draw.`;
  },
  untrained: (message, { ui, state }) => {
    renderDigit(ui.untrainedDigit, message.pixels, 4);
    ui.untrainedLabel.textContent = `x_train[0], label ${className(state.classNames, message.label)}`;
    renderLogits(ui.untrainedLogits, message.logits, state.classNames);
    renderProbabilityBars(ui.untrainedProbabilities, message.probabilities, {
      testId: 'untrained-probabilities',
      classNames: state.classNames,
    });
    ui.untrainedLoss.replaceChildren(
      lossLine('untrained loss', message.loss, message.uniformLoss),
      lossLine('−ln(1/10), a uniform guess', message.uniformLoss, message.uniformLoss),
    );
  },
} satisfies Partial<Renderers>;
