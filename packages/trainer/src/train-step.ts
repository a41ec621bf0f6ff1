import { tensorFromByteRows } from '@mnist-wasm/backend';
import type { ExampleBatch } from '@mnist-wasm/dataset';
import { exampleSize } from '@mnist-wasm/dataset';
import {
  type BatchLoss,
  type ClassifierSignature,
  lossAndGradientFromLogits,
  type ModelPlan,
  planBackward,
  planForward,
  planModel,
} from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { allFinite, allFiniteValues, finiteProbe } from './finite-checks';
import type { SeededRandom } from './random';
import { trainingForward } from './training-forward';

/**
 * One optimizer step on one batch: training-mode forward pass, loss, gradients, update.
 * {@link TrainStep.run} returns the batch's loss and correct count as they were before the update
 * (Keras semantics). When the loss, the logits, or the weights the pass ran with are not finite,
 * the returned loss is not finite (NaN when only the logits or weights were) and the update is
 * skipped: a non-finite loss at one step means the previous step's update diverged. Every tensor
 * the step makes is disposed before it returns.
 */
export interface TrainStep {
  /**
   * `'plan'`: the model's plan (`planModel` of `@mnist-wasm/model`), each layer's forward and
   * backward on this project's kernels; `'tape'`: `tf.variableGrads` over the model's layers.
   */
  readonly kind: 'plan' | 'tape';
  /** Why the model has no plan, for a `'tape'` step; null for a `'plan'` one. */
  readonly refusal: string | null;
  /**
   * A `'plan'` step also takes a batch of uint8 examples as {@link StepBatch.byteRows},
   * ungathered: it then makes the float batch itself, in the backend's memory.
   */
  run(batch: StepBatch): BatchLoss;
}

/**
 * A batch for a {@link TrainStep}: gathered as float32 features, or, for a `'plan'` step, as rows of uint8 examples still in the data (`features` then
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
 * The training step of `model`, chosen once: the plan's ({@link planStep}) for the models
 * `planModel` covers on a backend with their kernels, the tape's ({@link tapeStep}) for any other.
 */
export function createTrainStep(model: LayersModel, context: StepContext): TrainStep {
  const { plan, refusal } = planModel(model);
  if (plan === null) {
    return { kind: 'tape', refusal, run: tapeStep(model, context) };
  }
  return { kind: 'plan', refusal: null, run: planStep(plan, context) };
}

/**
 * The step over the plan: batch -> forward -> loss and its gradient (on the host, from the logits
 * read once) -> backward -> update. The weights are checked once before the first step; after
 * that, without a kernel of their own: the logits and the passes' checks (of the ReLU layers'
 * pre-activations, and of the gradients of kernels that skip zeros; read from the backend's
 * memory, which on 'wasm' and 'cpu' is no device round trip) are finite when they are.
 */
function planStep(plan: ModelPlan, context: StepContext): (batch: StepBatch) => BatchLoss {
  const { optimizer, random, beforeUpdate } = context;
  const { inputShape, numClasses } = context.signature;
  const features = exampleSize(inputShape);
  const finite = (checks: tf.Tensor[]) =>
    checks.every((check) => allFiniteValues(check.dataSync() as Float32Array));
  const batchTensor = (batch: StepBatch) => {
    const shape = [batch.size, ...inputShape];
    return batch.byteRows
      ? tensorFromByteRows(batch.byteRows.bytes, batch.byteRows.indices, features, { shape })
      : tf.tensor(batch.features, shape, 'float32');
  };
  // The weights are checked once, before the first step: the passes' checks then vouch for them.
  let weightsChecked = false;
  // Reused across steps: the tensor made from it holds a copy on 'wasm', and on any backend lives
  // only inside one step's tidy.
  let dLogitsBuffer = new Float32Array(0);
  return (batch) =>
    tf.tidy(() => {
      const pass = planForward(plan, batchTensor(batch), { training: true, random });
      const logits = pass.output.dataSync() as Float32Array;
      if (dLogitsBuffer.length < batch.size * numClasses) {
        dLogitsBuffer = new Float32Array(batch.size * numClasses);
      }
      const dLogits = dLogitsBuffer.subarray(0, batch.size * numClasses);
      const stats = lossAndGradientFromLogits(logits, batch.labels, numClasses, dLogits);
      if (!Number.isFinite(stats.loss)) return stats;
      if (!weightsChecked && !allFinite(plan.variables)) return { ...stats, loss: Number.NaN };
      weightsChecked = true;
      if (!allFiniteValues(logits) || !finite(pass.checks)) return { ...stats, loss: Number.NaN };
      const { grads, checks } = planBackward(pass, tf.tensor2d(dLogits, [batch.size, numClasses]));
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
