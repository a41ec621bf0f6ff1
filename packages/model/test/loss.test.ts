import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMnistMlp, sparseCategoricalCrossentropy, TensorShapeError } from '../src';

useCpuBackend();

const LOGITS = [
  [2, 1, 0.5, -1],
  [0, 0, 0, 0],
  [10, -10, 3, 2],
  [1000, 0, -1000, 5],
];
const LABELS = [0, 3, 2, 1];

/** -log softmax(row)[label] in plain float64 JS, shifted by the row max to stay finite. */
function crossentropyOfRow(row: number[], label: number): number {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((sum, x) => sum + Math.exp(x - max), 0)) + max;
  return logSum - row[label]!;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function lossValue(labels: tf.Tensor, predictions: tf.Tensor, fromLogits = true): number {
  const loss = sparseCategoricalCrossentropy({ fromLogits })(labels, predictions);
  const value = loss.dataSync()[0]!;
  expect(loss.shape).toEqual([]);
  loss.dispose();
  return value;
}

describe('sparseCategoricalCrossentropy', () => {
  it('from logits equals the mean of logSumExp(row) - row[label], also for huge logits', () => {
    const expected = mean(LOGITS.map((row, i) => crossentropyOfRow(row, LABELS[i]!)));
    expect(Number.isFinite(expected)).toBe(true);
    tf.tidy(() => {
      const value = lossValue(tf.tensor1d(LABELS, 'int32'), tf.tensor2d(LOGITS));
      expect(value).toBeCloseTo(expected, 4);
    });
  });

  it('accepts labels as [n, 1] (how compile passes targets) and as float32', () => {
    const expected = mean(LOGITS.map((row, i) => crossentropyOfRow(row, LABELS[i]!)));
    tf.tidy(() => {
      const logits = tf.tensor2d(LOGITS);
      expect(lossValue(tf.tensor2d(LABELS, [4, 1], 'int32'), logits)).toBeCloseTo(expected, 4);
      expect(lossValue(tf.tensor1d(LABELS, 'float32'), logits)).toBeCloseTo(expected, 4);
      expect(lossValue(tf.tensor2d(LABELS, [4, 1], 'float32'), logits)).toBeCloseTo(expected, 4);
    });
  });

  it('has the gradient (softmax - onehot) / n with respect to the logits', () => {
    const rows = LOGITS.slice(0, 3);
    const n = rows.length;
    const expected = rows.map((row, i) => {
      const max = Math.max(...row);
      const exps = row.map((x) => Math.exp(x - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      return exps.map((e, c) => (e / sum - (c === LABELS[i] ? 1 : 0)) / n);
    });
    tf.tidy(() => {
      const labels = tf.tensor1d(LABELS.slice(0, 3), 'int32');
      const loss = sparseCategoricalCrossentropy();
      const gradient = tf.grad((x: tf.Tensor) => loss(labels, x))(tf.tensor2d(rows));
      const actual = gradient.arraySync() as number[][];
      actual.flat().forEach((g, i) => {
        expect(g).toBeCloseTo(expected.flat()[i]!, 5);
      });
    });
  });

  it('gives the model weights the same gradients as tf.losses.softmaxCrossEntropy on one-hot labels', () => {
    const model = createMnistMlp({ seed: 11, hiddenUnits: 8, inputShape: [3, 3], dropoutRate: 0 });
    tf.tidy(() => {
      const images = tf.randomUniform([5, 3, 3], 0, 1, 'float32', 2);
      const labels = tf.tensor1d([0, 3, 9, 3, 1], 'int32');
      const logits = () => model.apply(images, { training: true }) as tf.Tensor;
      const ours = tf.variableGrads(() => sparseCategoricalCrossentropy()(labels, logits()));
      const reference = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), logits()) as tf.Scalar,
      );
      expect(ours.value.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0]!, 5);
      const names = Object.keys(reference.grads);
      expect(names.length).toBe(4);
      for (const name of names) {
        const expected = reference.grads[name]!.dataSync();
        ours.grads[name]!.dataSync().forEach((g, i) => {
          expect(g).toBeCloseTo(expected[i]!, 5);
        });
      }
    });
    model.dispose();
  });

  it('scales its gradient by the upstream gradient', () => {
    tf.tidy(() => {
      const labels = tf.tensor1d([1, 0], 'int32');
      const logits = tf.tensor2d([
        [0.3, -0.2, 1],
        [2, 0, -1],
      ]);
      const loss = sparseCategoricalCrossentropy();
      const once = tf
        .grad((x: tf.Tensor) => loss(labels, x))(logits)
        .dataSync();
      const thrice = tf
        .grad((x: tf.Tensor) => tf.mul(loss(labels, x), 3))(logits)
        .dataSync();
      thrice.forEach((g, i) => {
        expect(g).toBeCloseTo(3 * once[i]!, 6);
      });
    });
  });

  it('from probabilities equals the mean of -log p[label], clipping zeros to 1e-7 as Keras', () => {
    const probabilities = [
      [0.7, 0.2, 0.1],
      [0.25, 0.25, 0.5],
      [0, 1, 0],
    ];
    const labels = [0, 2, 0];
    const epsilon = 1e-7;
    const expected = mean(
      probabilities.map((row, i) => {
        const clipped = row.map((p) => Math.min(Math.max(p, epsilon), 1 - epsilon));
        // Renormalized through the log-softmax, as TensorFlow's Keras does.
        return -Math.log(clipped[labels[i]!]!) + Math.log(clipped.reduce((a, b) => a + b, 0));
      }),
    );
    expect(expected).toBeGreaterThan(5); // the clipped zero dominates: -log(1e-7) / 3 ≈ 5.4
    tf.tidy(() => {
      const value = lossValue(tf.tensor1d(labels, 'int32'), tf.tensor2d(probabilities), false);
      expect(value).toBeCloseTo(expected, 3);
    });
  });

  it('is close to ln 10 for an untrained model on digit-like images', () => {
    // Eight synthetic strokes: each image lights a different vertical bar and a horizontal bar.
    const n = 8;
    const pixels = new Float32Array(n * 28 * 28);
    for (let i = 0; i < n; i++) {
      for (let r = 4; r < 24; r++) pixels[i * 784 + r * 28 + 6 + 2 * i] = 1;
      for (let c = 6; c < 22; c++) pixels[i * 784 + (6 + i) * 28 + c] = 0.8;
    }
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    const images = tf.tensor3d(pixels, [n, 28, 28]);
    const losses = [1, 2, 3].map((seed) => {
      const model = createMnistMlp({ seed });
      const value = tf.tidy(() => lossValue(labels, model.predict(images) as tf.Tensor));
      model.dispose();
      return value;
    });
    for (const loss of losses) expect(Math.abs(loss - Math.LN10)).toBeLessThan(0.5);
    tf.dispose([labels, images]);
  });

  it('rejects labels that do not match the predictions with a typed error', () => {
    tf.tidy(() => {
      const loss = sparseCategoricalCrossentropy();
      const logits = tf.zeros([3, 10]);
      expect(() => loss(tf.tensor1d([1, 2], 'int32'), logits)).toThrow(TensorShapeError);
      expect(() => loss(tf.zeros([3, 10], 'int32'), logits)).toThrow(/labels have shape \[3,10\]/);
      expect(() => loss(tf.tensor1d([1, 2, 3], 'int32'), tf.zeros([3]))).toThrow(/predictions/);
    });
  });

  it('stays within a small kernel budget: forward at most 12 kernels', async () => {
    // Only the forward pass has a budget: the gradient is TF.js's automatic one now. The one
    // hand-written gradient is lossAndGradientFromLogits's (see loss-and-gradient.test.ts).
    const labels = tf.tensor1d([1, 2, 3], 'int32');
    const logits = tf.tensor2d([
      [1, 2, 3, 4],
      [4, 3, 2, 1],
      [0, 0, 0, 0],
    ]);
    const loss = sparseCategoricalCrossentropy();
    // 'unnamed scope' (a custom-gradient wrapper) and Identity (saved copies) are not compute kernels.
    const computeKernels = (info: Awaited<ReturnType<typeof tf.profile>>) => {
      tf.dispose(info.result);
      return info.kernels.filter((k) => k.name !== 'unnamed scope' && k.name !== 'Identity').length;
    };
    const forward = computeKernels(await tf.profile(() => loss(labels, logits)));
    expect(forward).toBeLessThanOrEqual(12);
    tf.dispose([labels, logits]);
  });

  it('leaves no tensors behind, in the forward pass or in a gradient', () => {
    const labels = tf.tensor1d(LABELS, 'int32');
    const logits = tf.tensor2d(LOGITS);
    const loss = sparseCategoricalCrossentropy();
    const before = tf.memory().numTensors;
    loss(labels, logits).dispose();
    tf.grad((x: tf.Tensor) => loss(labels, x))(logits).dispose();
    const probabilities = tf.softmax(logits);
    sparseCategoricalCrossentropy({ fromLogits: false })(labels, probabilities).dispose();
    probabilities.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([labels, logits]);
  });
});
