// One fused Adam step with the Keras notebook's settings, on tensors laid out as the benches make
// them: `n` weights, then their first moments, second moments and gradients in any order given.
import { adamUpdate } from '../dist/index.js';

/** Adam's defaults in Keras: learning rate 0.001, betas 0.9 / 0.999, epsilon 1e-7; the first step. */
export const KERAS_ADAM = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1 };

/**
 * Runs `adamUpdate` once over `weights.length` slots; each slot takes the i-th tensor of each list.
 * Returns every updated tensor (weights and moments), flattened, for the caller to read or dispose.
 */
export function kerasAdamStep({ weights, gradients, firstMoments, secondMoments }) {
  const slots = weights.map((w, i) => ({
    weights: w,
    gradients: gradients[i],
    firstMoments: firstMoments[i],
    secondMoments: secondMoments[i],
  }));
  return adamUpdate(slots, KERAS_ADAM).flatMap((update) => Object.values(update));
}
