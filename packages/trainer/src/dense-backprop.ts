import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { planDenseStages } from './dense-stages';
import type { SeededRandom } from './random';

/** One training forward pass, with what its backward pass needs. */
export interface DensePass {
  /** Output of the last layer, `[batch, units]`. */
  output: tf.Tensor;
  /**
   * Values that, with the output, are all finite exactly when every weight is (for finite inputs,
   * short of overflow): the pre-activations of the ReLU Dense layers, or checks of them. A product
   * or sum with a NaN or infinite weight is not finite, and ReLU is the one stage that can hide it
   * (`relu(-Infinity)` is 0).
   */
  checks: tf.Tensor[];
  /**
   * Gradients of the loss with respect to every trainable variable, given `dOutput`, the loss
   * gradient with respect to `output`.
   */
  backward(dOutput: tf.Tensor): DenseGradientMap;
}

/** What {@link DensePass.backward} returns. */
export interface DenseGradientMap {
  /** The gradients by variable name. */
  grads: tf.NamedTensorMap;
  /**
   * Values that are all finite when the gradients are (checks computed with them, 0 or NaN), for
   * a path whose forward checks cannot vouch for the gradients; empty otherwise.
   */
  checks: tf.Tensor[];
}

/**
 * Forward pass of a model whose Dense stages could be planned ({@link planDenseStages}), on the
 * flattened batch `x`, `[batch, features]` float32. Call inside a tidy.
 */
export type DenseForward = (x: tf.Tensor2D, random: SeededRandom) => DensePass;

/**
 * A hand-written forward and backward pass for Sequential models made only of `Flatten`,
 * `Dropout` (seeded, see {@link SeededDropout}) and `Dense` layers (linear or ReLU, without
 * regularizers) on rank-2 inputs, such as the notebook's MLP. It computes what `tf.variableGrads`
 * over the layers would, minus the tape's and the layers' bookkeeping: a cost per layer and step
 * that does not shrink with the batch, so it weighs most at small batches such as the default.
 * Returns `null` for any other model, which then goes through `tf.variableGrads`.
 *
 * The plain path, in stock TF.js ops, for any backend; on 'wasm' {@link denseKernelBackprop} runs
 * the same passes on this package's Dense kernels, and is tested against this one.
 *
 * The first Dense layer (and the Dropout after it) works on transposed activations
 * (`[units, batch]`), starting from the batch transposed once on the backend: its forward product
 * `W1ᵀ · xT` and its kernel gradient `xT · dz` then need no transpose of the batch, and the second
 * Dense layer's gradients come out in the layout they are needed in (no matMul kernel has to
 * transpose the large operands back and forth).
 */
export function denseBackprop(model: LayersModel): DenseForward | null {
  const stages = planDenseStages(model);
  if (stages === null) return null;

  return (x, random) => {
    const xT = tf.transpose(x);
    // Forward, keeping each stage's input (and dropout masks, ReLU outputs) for the backward pass.
    // Activations stay transposed ([units, batch]) up to the second Dense layer.
    const inputs: tf.Tensor[] = [];
    const saved: Array<tf.Tensor | null> = [];
    const inputTransposed: boolean[] = [];
    const checks: tf.Tensor[] = [];
    let y: tf.Tensor = xT;
    let transposed = true;
    let denseSeen = false;
    for (const stage of stages) {
      inputs.push(y);
      inputTransposed.push(transposed);
      if (stage.kind === 'flatten') {
        // A transposed activation is already rank 2.
        if (!transposed) y = tf.reshape(y, [y.shape[0] as number, -1]);
        saved.push(null);
      } else if (stage.kind === 'dropout') {
        const mask = transposed
          ? stage.dropout.transposedMask(y, random)
          : stage.dropout.mask(y.shape, random);
        y = tf.mul(y, mask);
        saved.push(mask);
      } else {
        let z: tf.Tensor;
        if (!denseSeen) {
          // zT = W1ᵀ · xT, with the bias as a column.
          z = tf.matMul(stage.kernel, y, true, false);
          if (stage.bias) z = tf.add(z, tf.reshape(stage.bias, [-1, 1]));
        } else {
          z = tf.matMul(y, stage.kernel, transposed, false);
          if (stage.bias) z = tf.add(z, stage.bias);
          transposed = false;
        }
        denseSeen = true;
        if (stage.relu) checks.push(z);
        y = stage.relu ? tf.relu(z) : z;
        saved.push(stage.relu ? y : null);
      }
    }
    // The output comes back untransposed, unless the model has only one Dense layer.
    const output = transposed ? tf.transpose(y) : y;
    return {
      output,
      checks,
      backward(dOutput) {
        const grads: tf.NamedTensorMap = {};
        let dy = transposed ? tf.transpose(dOutput) : dOutput;
        const first = stages.findIndex((stage) => stage.kind === 'dense');
        for (let i = stages.length - 1; i >= first; i--) {
          const stage = stages[i]!;
          const input = inputs[i]!;
          if (stage.kind === 'flatten') {
            if (!inputTransposed[i]) dy = tf.reshape(dy, input.shape);
          } else if (stage.kind === 'dropout') {
            dy = tf.mul(dy, saved[i]!);
          } else {
            // ReLU's gradient passes where its output is positive, as tf.relu's gradient does.
            if (stage.relu) dy = tf.mul(dy, tf.step(saved[i]!));
            if (i === first) {
              // dy is dzT here: dW1 = xT · dz, db1 sums over the batch (columns).
              grads[stage.kernel.name] = tf.matMul(input, dy, false, true);
              if (stage.bias) grads[stage.bias.name] = tf.sum(dy, 1);
            } else if (inputTransposed[i]) {
              // Input hT [k, batch]: dW = hT · dz, and the input gradient is wanted transposed too.
              grads[stage.kernel.name] = tf.matMul(input, dy);
              if (stage.bias) grads[stage.bias.name] = tf.sum(dy, 0);
              dy = tf.matMul(stage.kernel, dy, false, true);
            } else {
              grads[stage.kernel.name] = tf.matMul(input, dy, true, false);
              if (stage.bias) grads[stage.bias.name] = tf.sum(dy, 0);
              dy = tf.matMul(dy, stage.kernel, false, true);
            }
          }
        }
        // Finite weights and logits give finite gradients here: every product is a full one.
        return { grads, checks: [] };
      },
    };
  };
}
