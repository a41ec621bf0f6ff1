import { planForward, planModel } from '@mnist-wasm/model';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A model's inference pass. */
export interface InferenceForward {
  /** A batch `[n, ...inputShape]` to the model's outputs `[n, classes]`. Call inside a tidy. */
  run(x: tf.Tensor): tf.Tensor2D;
  /**
   * `'plan'`: the forwards of the model's plan (`planModel` of `@mnist-wasm/model`, whose outputs
   * live in the backend's memory); `'layers'`: the model's own layers.
   */
  kind: 'plan' | 'layers';
}

/**
 * The inference pass of `model`: the forwards of its plan in inference mode (no dropout) for the
 * models `planModel` covers on a backend with their kernels (the notebook's MLP and convnet on
 * 'wasm'), on the weights as stored and skipping the zeros of the input; for any other model or
 * backend, `model.apply(x, { training: false })`. Both compute the same outputs up to float
 * rounding.
 */
export function inferenceForward(model: tfl.LayersModel): InferenceForward {
  const { plan } = planModel(model);
  if (plan === null) {
    return { run: (x) => model.apply(x, { training: false }) as tf.Tensor2D, kind: 'layers' };
  }
  return {
    run: (x) => planForward(plan, x, { training: false }).output as tf.Tensor2D,
    kind: 'plan',
  };
}
