import type { MnistBatch } from '@mnist-wasm/dataset';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { denseBackprop } from './dense-backprop';
import type { SeededRandom } from './random';
import { type BatchStats, softmaxCrossEntropy } from './softmax-cross-entropy';
import { trainingForward } from './training-forward';

/**
 * One optimizer step on one batch: training-mode forward pass, loss, gradients, update.
 * Returns the batch's loss and correct count as they were before the update (Keras semantics).
 * When the loss is not finite the update is skipped and the returned loss says so.
 */
export type TrainStep = (batch: MnistBatch) => BatchStats;

/**
 * Builds the training step of `model` with `optimizer`, dropout masks drawn from `random`.
 *
 * The step is the unit to replace for speed (fused kernels): per batch it uploads the pixels and
 * dropout masks, runs the layers' kernels forward and backward, reads the logits once (the only
 * sync) to compute loss, accuracy and the loss gradient on the host, and lets the optimizer
 * update the model's trainable variables. All tensors it makes are disposed before it returns.
 *
 * Sequential Flatten/Dense/Dropout models (the notebook's) take a hand-written backward pass
 * ({@link denseBackprop}), fed the batch transposed; any other model goes through
 * `tf.variableGrads`.
 */
export function createTrainStep(
  model: LayersModel,
  optimizer: tf.Optimizer,
  random: SeededRandom,
): TrainStep {
  const direct = denseBackprop(model);
  const forward = trainingForward(model);
  const featureShape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = model.outputs[0]!.shape.at(-1) as number;
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);

  let labels: Int32Array = new Int32Array(0);
  let gradient: Float32Array = new Float32Array(0);
  const features = featureShape.reduce((a, b) => a * b, 1);
  let stats: BatchStats = { loss: Number.NaN, correct: 0 };

  const lossFromLogits = tf.customGrad((logits) => {
    const values = (logits as tf.Tensor).dataSync() as Float32Array;
    stats = softmaxCrossEntropy(values, labels, classes, gradient);
    return {
      value: tf.scalar(stats.loss),
      gradFunc: (dy) => tf.mul(dy, tf.tensor(gradient, [labels.length, classes], 'float32')),
    };
  });

  return (batch) => {
    labels = batch.labels;
    const size = batch.size * classes;
    if (gradient.buffer.byteLength < size * 4) gradient = new Float32Array(size);
    gradient = new Float32Array(gradient.buffer, 0, size);
    tf.tidy(() => {
      if (direct !== null) {
        // Transposed once on the backend (faster than on the host), for both big products.
        const x = tf.tensor2d(batch.pixels, [batch.size, features], 'float32');
        const pass = direct(tf.transpose(x), random);
        const logits = pass.output.dataSync() as Float32Array;
        stats = softmaxCrossEntropy(logits, labels, classes, gradient);
        if (!Number.isFinite(stats.loss)) return;
        const dLogits = tf.tensor(gradient, [labels.length, classes], 'float32');
        optimizer.applyGradients(pass.backward(dLogits));
        return;
      }
      const x = tf.tensor(batch.pixels, [batch.size, ...featureShape], 'float32');
      const { grads } = tf.variableGrads(
        () => lossFromLogits(forward(x, random)) as tf.Scalar,
        variables,
      );
      if (Number.isFinite(stats.loss)) optimizer.applyGradients(grads);
    });
    return stats;
  };
}
