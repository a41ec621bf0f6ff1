import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { SeededRandom } from './random';
import { SeededDropout } from './seeded-dropout';

/** One training forward pass, with what its backward pass needs. */
export interface DensePass {
  /** Output of the last layer, `[batch, units]`. */
  output: tf.Tensor;
  /**
   * The pre-activations of the ReLU Dense layers. With the output, they are all finite exactly
   * when every weight is (for finite inputs, short of overflow): a product or sum with a NaN or
   * infinite weight is not finite, and ReLU is the one stage that can hide it (`relu(-Infinity)`
   * is 0).
   */
  checks: tf.Tensor[];
  /**
   * Gradients of the loss with respect to every trainable variable, by variable name, given
   * `dOutput`, the loss gradient with respect to `output`.
   */
  backward(dOutput: tf.Tensor): tf.NamedTensorMap;
}

/**
 * Forward pass of a model that {@link denseBackprop} could plan, on the batch given transposed:
 * `xT` is `[features, batch]` float32 (the flattened inputs as columns). Call inside a tidy.
 */
export type DenseForward = (xT: tf.Tensor2D, random: SeededRandom) => DensePass;

type DenseStage =
  | { kind: 'flatten' }
  | { kind: 'dropout'; dropout: SeededDropout }
  | { kind: 'dense'; kernel: tf.Variable; bias: tf.Variable | null; relu: boolean };

/**
 * A hand-written forward and backward pass for Sequential models made only of `Flatten`,
 * `Dropout` (seeded, see {@link SeededDropout}) and `Dense` layers (linear or ReLU, without
 * regularizers) on rank-2 inputs, such as the notebook's MLP. It computes what `tf.variableGrads`
 * over the layers would, minus the tape's and the layers' bookkeeping: a cost per layer and step
 * that does not shrink with the batch, so it weighs most at small batches such as the default.
 * Returns `null` for any other model, which then goes through `tf.variableGrads`.
 *
 * The first Dense layer (and the Dropout after it) works on transposed activations
 * (`[units, batch]`), starting from the batch transposed once on the backend: its forward product
 * `W1ᵀ · xT` and its kernel gradient `xT · dz` then need no transpose of the batch, and the second
 * Dense layer's gradients come out in the layout they are needed in (no matMul kernel has to
 * transpose the large operands back and forth).
 */
export function denseBackprop(model: LayersModel): DenseForward | null {
  if (model.getClassName() !== 'Sequential') return null;
  const stages: DenseStage[] = [];
  for (const layer of model.layers) {
    const config = layer.getConfig();
    const className = layer.getClassName();
    if (className === 'InputLayer') {
      // Passes the batch on: no stage.
    } else if (className === 'Flatten') {
      stages.push({ kind: 'flatten' });
    } else if (className === 'Dropout') {
      const rate = config.rate;
      if (typeof rate !== 'number' || config.noiseShape != null || !(rate >= 0 && rate < 1)) {
        return null;
      }
      // A rate of 0 drops nothing: no stage.
      if (rate > 0) stages.push({ kind: 'dropout', dropout: new SeededDropout(rate) });
    } else if (className === 'Dense') {
      const activation = config.activation;
      const regularized =
        config.kernelRegularizer != null ||
        config.biasRegularizer != null ||
        config.activityRegularizer != null;
      const inputRank = (layer.input as { shape: unknown[] }).shape.length;
      if ((activation !== 'relu' && activation !== 'linear') || regularized || inputRank !== 2) {
        return null;
      }
      const [kernel, bias] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      if (kernel === undefined || layer.trainableWeights.length !== (config.useBias ? 2 : 1)) {
        return null;
      }
      stages.push({ kind: 'dense', kernel, bias: bias ?? null, relu: activation === 'relu' });
    } else {
      return null;
    }
  }
  if (!stages.some((stage) => stage.kind === 'dense')) return null;

  return (xT, random) => {
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
          : stage.dropout.mask(y, random);
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
        return grads;
      },
    };
  };
}
