import { KERAS_NOTEBOOK_RESULT, type SplitDescription } from '@mnist-wasm/pipeline';
import { describe, expect, it } from 'vitest';
import { DATA_HEADING, dataHeading, renderData } from '../src/cells/describe-data';
import { renderEvaluation } from '../src/cells/evaluate-model';
import { drawFitEvents } from '../src/cells/fit-model';
import { renderProbabilities } from '../src/cells/probabilities';
import { renderSaved } from '../src/cells/save-trained-model';
import { renderUntrained } from '../src/cells/untrained-cells';

describe("the cells' text", () => {
  it('shows the splits as numpy does', () => {
    const split = { shape: [28, 28], featuresType: 'uint8', labelsType: 'uint8' } satisfies Omit<
      SplitDescription,
      'count'
    >;
    const text = renderData(
      { train: { count: 60000, ...split }, test: { count: 10000, ...split }, samples: [] },
      374.4,
    );
    expect(text).toBe(
      'x_train (60000, 28, 28) uint8, y_train (60000,) uint8\n' +
        'x_test  (10000, 28, 28) uint8, y_test  (10000,) uint8\n' +
        'loaded in 374 ms; pixels become x / 255.0 batch by batch',
    );
  });

  it('shows the untrained logits, probabilities and loss under In [3] and In [4]', () => {
    const text = renderUntrained({
      pixels: new Uint8Array(784),
      label: 5,
      logits: Float32Array.of(0.5, -0.25),
      probabilities: Float32Array.of(0.679, 0.321),
      loss: 1.1364,
      uniformLoss: Math.log(2),
    });
    expect(text).toBe(
      '\nIn [3]: predictions = model(x_train[:1]); tf.nn.softmax(predictions)\n' +
        'logits        [ 0.5000 -0.2500]\n' +
        'probabilities [ 0.6790  0.3210]\n' +
        '\nIn [4]: loss_fn(y_train[:1], predictions)\n' +
        '1.1364  (an untrained model guesses: -ln(1/2) = 0.6931)',
    );
  });

  it("quotes the Keras notebook's result only when the pipeline gives it", () => {
    const result = { loss: 0.07701, accuracy: 0.976, count: 10000, ms: 1 };
    expect(renderEvaluation({ ...result, keras: KERAS_NOTEBOOK_RESULT })).toBe(
      '10000 examples - loss: 0.0770 - accuracy: 0.9760  (the notebook: loss 0.0733, accuracy 0.9768)',
    );
    expect(renderEvaluation({ ...result, keras: null })).toBe(
      '10000 examples - loss: 0.0770 - accuracy: 0.9760',
    );
  });

  it('shows one row of probabilities per example', () => {
    const item = { pixels: new Uint8Array(4), probabilities: Float32Array.of(0.25, 0.75) };
    expect(
      renderProbabilities([
        { ...item, label: 1, predicted: 1 },
        { ...item, label: 0, predicted: 1 },
      ]),
    ).toBe('[ 0.2500  0.7500]  predicted 1, true 1\n[ 0.2500  0.7500]  predicted 1, true 0');
  });

  it('names the predicted and the true class when the classes have names', () => {
    const item = { pixels: new Uint8Array(4), probabilities: Float32Array.of(0.25, 0.75) };
    expect(renderProbabilities([{ ...item, label: 0, predicted: 1 }], ['Bag', 'つ (tsu)'])).toBe(
      '[ 0.2500  0.7500]  predicted つ (tsu), true Bag',
    );
  });

  it("heads the data cell with the data set's loader", () => {
    expect(dataHeading('fashion-mnist')).toBe(
      '\nIn [1]: (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()',
    );
    expect(dataHeading()).toBe(DATA_HEADING);
  });

  it('says where the model was saved and how to use it', () => {
    expect(renderSaved({ dir: 'm', weightBytes: 407080 })).toBe(
      'saved to m: model.json + weights.bin (407080 bytes); classify with: mnist-notebook predict --model m --index 0',
    );
  });

  it("draws fitModel's events as one bar per epoch, ending on the epoch's last batch", () => {
    const calls: string[] = [];
    const draw = drawFitEvents({
      start: (epoch, epochs, steps) => calls.push(`start ${epoch}/${epochs} ${steps}`),
      update: (batch) => calls.push(`update ${batch.step}`),
      stop: (batch, ms) => calls.push(`stop ${batch.step} ${ms}`),
    });
    const batch = {
      type: 'batch',
      epoch: 0,
      steps: 2,
      size: 32,
      loss: 1,
      accuracy: 0.5,
      epochLoss: 1,
      epochAccuracy: 0.5,
      msPerStep: 1,
    } as const;
    draw({ type: 'epoch-begin', epoch: 0, epochs: 1, steps: 2 });
    draw({ ...batch, step: 0 });
    draw({ ...batch, step: 1 });
    draw({ type: 'epoch-end', epoch: 0, logs: { loss: 1, accuracy: 0.5 }, ms: 20 });
    expect(calls).toEqual(['start 0/1 2', 'update 0', 'update 1', 'stop 1 20']);
  });
});
