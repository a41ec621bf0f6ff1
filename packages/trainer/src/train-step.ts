import { denseKernelsUseSimd, tensorFromByteRows } from '@mnist-wasm/backend';
import type { ExampleBatch } from '@mnist-wasm/dataset';
import { exampleSize } from '@mnist-wasm/dataset';
import {
  type BatchLoss,
  type ClassifierSignature,
  lossAndGradientFromLogits,
} from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type DenseForward, denseBackprop } from './dense-backprop';
import { denseKernelBackprop } from './dense-kernel-backprop';
import { allFinite, allFiniteValues, finiteProbe } from './finite-checks';
import type { SeededRandom } from './random';
import { trainingForward } from './training-forward';

/**
 * One optimizer step on one batch: training-mode forward pass, loss, gradients, update. Returns
 * the batch's loss and correct count as they were before the update (Keras semantics). When the
 * loss, the logits, or the weights the pass ran with are not finite, the returned loss is not
 * finite (NaN when only the logits or weights were) and the update is skipped: a non-finite loss
 * at one step means the previous step's update diverged. Every tensor the step makes is disposed
 * before it returns.
 */
export type TrainStep = ((batch: StepBatch) => BatchLoss) & {
  /**
   * Whether the step can take a batch of uint8 examples as {@link StepBatch.byteRows}, ungathered:
   * it then makes the float batch itself, in the backend's memory.
   */
  readonly takesByteRows: boolean;
};

/**
 * A batch for a {@link TrainStep}: gathered as float32 features, or, for a step that
 * {@link TrainStep.takesByteRows}, as rows of uint8 examples still in the data (`features` then
 * empty), scaled by 1/255 when the step makes its input tensor (`tensorFromByteRows` of
 * `@mnist-wasm/backend`, which does it in the WASM heap with SIMD).
 */
export interface StepBatch extends ExampleBatch {
  byteRows?: { bytes: Uint8Array; indices: ArrayLike<number> };
}

/** What a training step is built with, whichever path it takes. */
export interface StepContext {
  /** Updates the model's trainable variables. */
  optimizer: tf.Optimizer;
  /** Draws the dropout masks. */
  random: SeededRandom;
  /** The model's input shape (a batch's shape) and number of classes. */
  signature: ClassifierSignature;
  /** Called just before each update is applied, so that it can be undone (see `UpdateRollback`). */
  beforeUpdate?: () => void;
}

/**
 * The training step of `model`: the Dense fast path ({@link denseStep}) for the Sequential
 * Flatten/Dense/Dropout models it can plan (the notebook's), on the Dense kernels where they run
 * as WebAssembly SIMD ({@link denseKernelBackprop}) and in stock ops elsewhere
 * ({@link denseBackprop}); the tape ({@link tapeStep}) for any other model.
 */
export function createTrainStep(model: LayersModel, context: StepContext): TrainStep {
  const dense = denseKernelsUseSimd() ? denseKernelBackprop(model) : denseBackprop(model);
  if (dense === null) return Object.assign(tapeStep(model, context), { takesByteRows: false });
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return Object.assign(denseStep(dense, context, variables), { takesByteRows: true });
}

/**
 * The Dense fast path: a hand-written forward and backward pass. The logits are read once,
 * for the loss, the accuracy and the loss gradient, computed together on the host. The weights
 * are checked once before the first step; after that, without a kernel of their own: the logits
 * and the pass's checks (of the ReLU layers' pre-activations, and on the kernel path of the
 * gradients; read from the backend's memory, which on 'wasm' and 'cpu' is no device round trip)
 * are finite when they are.
 */
function denseStep(
  forward: DenseForward,
  context: StepContext,
  variables: tf.Variable[],
): (batch: StepBatch) => BatchLoss {
  const { optimizer, random, beforeUpdate } = context;
  const { inputShape, numClasses } = context.signature;
  const features = exampleSize(inputShape);
  const finite = (checks: tf.Tensor[]) =>
    checks.every((check) => allFiniteValues(check.dataSync() as Float32Array));
  // The weights are checked once, before the first step: the passes' checks then vouch for them.
  let weightsChecked = false;
  return (batch) =>
    tf.tidy(() => {
      const x = (
        batch.byteRows
          ? tensorFromByteRows(batch.byteRows.bytes, batch.byteRows.indices, features)
          : tf.tensor2d(batch.features, [batch.size, features], 'float32')
      ) as tf.Tensor2D;
      const pass = forward(x, random);
      const logits = pass.output.dataSync() as Float32Array;
      const dLogits = new Float32Array(batch.size * numClasses);
      const stats = lossAndGradientFromLogits(logits, batch.labels, numClasses, dLogits);
      if (!Number.isFinite(stats.loss)) return stats;
      if (!weightsChecked && !allFinite(variables)) return { ...stats, loss: Number.NaN };
      weightsChecked = true;
      if (!allFiniteValues(logits) || !finite(pass.checks)) return { ...stats, loss: Number.NaN };
      const { grads, checks } = pass.backward(tf.tensor2d(dLogits, [batch.size, numClasses]));
      if (!finite(checks)) return { ...stats, loss: Number.NaN };
      beforeUpdate?.();
      optimizer.applyGradients(grads);
      return stats;
    });
}

/**
 * The generic path, for any model: `tf.variableGrads` over the training-mode forward pass. The
 * loss gradient still comes from the host: the tape differentiates `sum(logits * dLogits)`, whose
 * gradient with respect to the logits is exactly `dLogits`, plus the model's regularization
 * losses (weight penalties), which the reported loss includes as Keras's does. The weights are
 * checked by adding their {@link finiteProbe} (0, or NaN when one is not finite) to the logits
 * that are read anyway: any layer may hide a non-finite weight from the logits.
 */
function tapeStep(model: LayersModel, context: StepContext): (batch: StepBatch) => BatchLoss {
  const forward = trainingForward(model);
  const { optimizer, random, beforeUpdate } = context;
  const { inputShape, numClasses } = context.signature;
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  return (batch) =>
    tf.tidy(() => {
      const x = tf.tensor(batch.features, [batch.size, ...inputShape], 'float32');
      const dLogits = new Float32Array(batch.size * numClasses);
      let stats: BatchLoss = { loss: Number.NaN, correct: 0 };
      let values: Float32Array = new Float32Array(0);
      const probe = finiteProbe(variables);
      const { grads } = tf.variableGrads(() => {
        const logits = forward(x, random);
        values = tf.add(logits, probe).dataSync() as Float32Array;
        stats = lossAndGradientFromLogits(values, batch.labels, numClasses, dLogits);
        const surrogate = tf.sum(tf.mul(logits, tf.tensor(dLogits, logits.shape, 'float32')));
        // Per layer: a Sequential model's own calculateLosses() lists none before compile().
        const penalties = model.layers.flatMap((layer) => layer.calculateLosses());
        if (penalties.length === 0) return surrogate as tf.Scalar;
        const penalty = tf.addN(penalties);
        stats = { ...stats, loss: stats.loss + penalty.dataSync()[0]! };
        return tf.add(surrogate, penalty) as tf.Scalar;
      }, variables);
      if (!Number.isFinite(stats.loss)) return stats;
      if (!allFiniteValues(values)) return { ...stats, loss: Number.NaN };
      beforeUpdate?.();
      optimizer.applyGradients(grads);
      return stats;
    });
}
