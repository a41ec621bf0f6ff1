import { SeededDropout } from '@mnist-wasm/model';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { SeededRandom } from './random';

/** The model's training-mode forward pass: input batch to output (logits), randomness from `random`. */
export type TrainingForward = (x: tf.Tensor, random: SeededRandom) => tf.Tensor;

/** One layer of a walked Sequential model, in training mode. */
type LayerForward = (x: tf.Tensor, random: SeededRandom) => tf.Tensor;

/**
 * Builds the training-mode forward pass of `model`.
 *
 * A Sequential model is walked layer by layer so its `Dropout` layers can use seeded masks that
 * change every step ({@link SeededDropout}); every other layer runs its own `apply` with
 * `training: true`. Any other model falls back to `model.apply(x, {training: true})`, whose
 * random layers then follow `Math.random` rather than the seed.
 */
export function trainingForward(model: LayersModel): TrainingForward {
  if (model.getClassName() !== 'Sequential') {
    return (x) => model.apply(x, { training: true }) as tf.Tensor;
  }
  const stages: LayerForward[] = model.layers.map((layer): LayerForward => {
    const config = layer.getConfig();
    const rate = typeof config.rate === 'number' ? config.rate : 0;
    // An explicit input layer passes the batch on; its apply() refuses any input.
    if (layer.getClassName() === 'InputLayer') return (x) => x;
    if (layer.getClassName() === 'Dropout' && config.noiseShape == null && rate > 0 && rate < 1) {
      const dropout = new SeededDropout(rate);
      return (x, random) => dropout.apply(x, random);
    }
    return (x) => layer.apply(x, { training: true }) as tf.Tensor;
  });
  return (x, random) => {
    let y = x;
    for (const stage of stages) y = stage(y, random);
    return y;
  };
}
