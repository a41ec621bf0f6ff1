import { expectNoNewTensors, useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { lossAndGradientFromLogits, sparseCategoricalCrossentropy, TensorShapeError } from '../src';
import { randomLogits } from './fixtures';

useCpuBackend();

/** A batch of logits and labels for comparing the host loss with the tensor loss. */
interface Batch {
  name: string;
  logits: Float32Array;
  labels: Int32Array;
  classes: number;
}

function batch(name: string, logits: Float32Array, classes: number): Batch {
  const n = logits.length / classes;
  const labels = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % classes);
  return { name, logits, labels, classes };
}

const BATCHES: Batch[] = [
  batch('small logits', randomLogits(32, 10, 1, 1), 10),
  batch('logits around ±10', randomLogits(32, 10, 10, 2), 10),
  batch('logits around ±100', randomLogits(16, 10, 100, 3), 10),
  batch('logits around ±1000', randomLogits(8, 3, 1000, 4), 3),
  batch(
    'huge, equal and spread rows',
    Float32Array.from([2, 1, 0.5, -1, 0, 0, 0, 0, 10, -10, 3, 2, 1000, 0, -1000, 5]),
    4,
  ),
  batch('a single example of two classes', Float32Array.from([0.25, -0.75]), 2),
];

/** The host loss and gradient of a batch. */
function onHost({ logits, labels, classes }: Batch) {
  const gradient = new Float32Array(logits.length).fill(Number.NaN);
  const { loss, correct } = lossAndGradientFromLogits(logits, labels, classes, gradient);
  return { loss, correct, gradient };
}

/** sparseCategoricalCrossentropy's loss of a batch and its tape gradient w.r.t. the logits. */
function onTape({ logits, labels, classes }: Batch) {
  return expectNoNewTensors(() =>
    tf.tidy(() => {
      const x = tf.tensor2d(logits, [labels.length, classes]);
      const y = tf.tensor1d(labels, 'int32');
      const loss = sparseCategoricalCrossentropy();
      const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => loss(y, z))(x);
      return { loss: value.dataSync()[0]!, gradient: grad.dataSync() as Float32Array };
    }),
  );
}

describe('lossAndGradientFromLogits', () => {
  it.each(BATCHES.map((b) => [b.name, b] as const))(
    'gives the loss of sparseCategoricalCrossentropy within 1e-6 relative: %s',
    (_, b) => {
      const host = onHost(b);
      const tape = onTape(b);
      expect(Number.isFinite(host.loss)).toBe(true);
      expect(Math.abs(host.loss - tape.loss)).toBeLessThanOrEqual(1e-6 * Math.abs(tape.loss));
    },
  );

  it.each(BATCHES.map((b) => [b.name, b] as const))(
    'writes the tape gradient of sparseCategoricalCrossentropy w.r.t. the logits: %s',
    (_, b) => {
      const host = onHost(b);
      const tape = onTape(b);
      expect(host.gradient.length).toBe(tape.gradient.length);
      const n = b.labels.length;
      for (let i = 0; i < host.gradient.length; i++) {
        // Gradients lie in [-1/n, 1/n]; float32 rounding of either side stays far below 1e-7.
        expect(Math.abs(host.gradient[i]! - tape.gradient[i]!)).toBeLessThanOrEqual(1e-7);
        expect(Math.abs(host.gradient[i]!)).toBeLessThanOrEqual(1 / n);
      }
    },
  );

  it.each(BATCHES.map((b) => [b.name, b] as const))(
    'counts as correct the examples whose tf.argMax is their label: %s',
    (_, b) => {
      const n = b.labels.length;
      const predicted = expectNoNewTensors(() =>
        tf.tidy(() => tf.argMax(tf.tensor2d(b.logits, [n, b.classes]), 1).dataSync()),
      );
      const expected = b.labels.filter((label, i) => predicted[i] === label).length;
      expect(onHost(b).correct).toBe(expected);
    },
  );

  it('breaks ties as tf.argMax does, towards the lowest class', () => {
    const ties = batch('ties', Float32Array.from([1, 3, 3, 0, 0, 0, 5, 5, 2, 2, 2, 2]), 3);
    const labels = Int32Array.from([1, 0, 0, 2]);
    const predicted = expectNoNewTensors(() =>
      tf.tidy(() => tf.argMax(tf.tensor2d(ties.logits, [4, 3]), 1).dataSync()),
    );
    expect([...predicted]).toEqual([1, 0, 0, 0]);
    expect(onHost({ ...ties, labels }).correct).toBe(3);
  });

  // Ported from the trainer's softmaxCrossEntropy test, the function's previous home.
  it("gives TF.js's softmax cross-entropy, its gradient and the argmax accuracy", () => {
    const n = 6;
    const classes = 4;
    const logits = Float32Array.from({ length: n * classes }, (_, i) => Math.sin(i * 1.7) * 5);
    const labels = Int32Array.from([0, 3, 2, 1, 1, 0]);
    const gradient = new Float32Array(n * classes);
    const stats = lossAndGradientFromLogits(logits, labels, classes, gradient);

    const { expectedLoss, expectedGradient } = expectNoNewTensors(() =>
      tf.tidy(() => {
        const x = tf.tensor2d(logits, [n, classes]);
        const targets = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
        const value = tf.losses.softmaxCrossEntropy(targets, x);
        // d(mean loss)/d(logits) = (softmax - onehot) / n, from TF.js's softmax.
        const grad = tf.div(tf.sub(tf.softmax(x), targets), n);
        return { expectedLoss: value.dataSync()[0]!, expectedGradient: grad.dataSync() };
      }),
    );
    expect(stats.loss).toBeCloseTo(expectedLoss, 5);
    for (let i = 0; i < gradient.length; i++)
      expect(gradient[i]).toBeCloseTo(expectedGradient[i]!, 6);

    const predicted = Array.from({ length: n }, (_, i) => {
      const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
      return row.indexOf(Math.max(...row));
    });
    expect(stats.correct).toBe(predicted.filter((p, i) => p === labels[i]).length);
  });

  it('refuses logits, gradient buffers and labels that do not fit, rather than read past a row', () => {
    const logits = new Float32Array(6);
    const call =
      (labels: number[], classes: number, gradient = new Float32Array(6)) =>
      () =>
        lossAndGradientFromLogits(logits, Int32Array.from(labels), classes, gradient);
    expect(call([0, 1], 3)).not.toThrow();
    expect(call([0, 1, 2], 3)).toThrow(TensorShapeError);
    expect(call([0, 1, 2], 3)).toThrow(
      'lossAndGradientFromLogits: 6 logits do not make 3 rows of 3 classes; pass n * classes logits (classes >= 2) for n labels.',
    );
    expect(call([0, 1, 2, 3, 4, 5], 1)).toThrow(TensorShapeError);
    expect(call([0, 1], 3, new Float32Array(5))).toThrow(
      'lossAndGradientFromLogits: the gradient buffer holds 5 values but 2 rows of 3 classes need 6; pass a buffer as long as the logits.',
    );
    expect(call([0, 3], 3)).toThrow(
      'lossAndGradientFromLogits: labels[1] is 3, outside the 3 classes 0-2; check the labels.',
    );
    expect(call([-1, 0], 3)).toThrow(TensorShapeError);
  });

  it('returns a NaN loss when a logit is NaN', () => {
    const logits = Float32Array.from([0, Number.NaN, 1, 2]);
    const stats = lossAndGradientFromLogits(
      logits,
      Int32Array.from([0, 1]),
      2,
      new Float32Array(4),
    );
    expect(stats.loss).toBeNaN();
  });
});
