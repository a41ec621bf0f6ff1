import { denseForward, denseKernelsUseSimd } from '@mnist-wasm/backend';
import { denseStages } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A model's inference pass. */
export interface InferenceForward {
  /** A batch `[n, ...inputShape]` to the model's outputs `[n, classes]`. Call inside a tidy. */
  run(x: tf.Tensor): tf.Tensor2D;
  /** Whether it runs on the Dense kernels (their outputs live in the WASM heap). */
  onDenseKernels: boolean;
}

/**
 * The inference pass of `model`. For the Sequential Flatten/Dense/Dropout models `denseStages`
 * plans (the notebook's MLP), where the Dense kernels of `@mnist-wasm/backend` run as WebAssembly
 * SIMD, it is one `denseForward` per Dense layer on the weights as stored (dropout is the identity
 * at inference), skipping the zeros of the input; for any other model or backend,
 * `model.apply(x, { training: false })`. Both compute the same outputs up to float rounding.
 */
export function inferenceForward(model: tfl.LayersModel): InferenceForward {
  const stages = denseKernelsUseSimd() ? denseStages(model) : null;
  if (stages === null) {
    return {
      run: (x) => model.apply(x, { training: false }) as tf.Tensor2D,
      onDenseKernels: false,
    };
  }
  const layers = stages.flatMap((stage) => (stage.kind === 'dense' ? [stage] : []));
  const run = (x: tf.Tensor) => {
    let y = tf.reshape(x, [x.shape[0] as number, -1]);
    for (const layer of layers) {
      y = denseForward(y, layer.kernel, {
        bias: layer.bias ?? undefined,
        activation: layer.relu ? 'relu' : 'linear',
      }).output;
    }
    return y as tf.Tensor2D;
  };
  return { run, onDenseKernels: true };
}
