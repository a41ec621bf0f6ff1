import * as tf from '@tensorflow/tfjs-core';
import type { LayerBackward, LayerForward, MaskRandom, PassMode, PlanLayer } from './layer';
import { noGradients } from './layer';

/**
 * Inverted dropout's masks as Keras applies them in training: each value kept with probability
 * `1 - rate` and scaled by `1 / (1 - rate)`, otherwise zeroed.
 *
 * The mask comes from the caller's PRNG, so it differs every step yet follows the seed
 * (tfjs-layers' Dropout repeats one mask when seeded and uses Math.random otherwise). The mask
 * buffer is reused across steps; the tensor made from it lives only inside one step's tidy.
 */
export class SeededDropout {
  private values = new Float32Array(0);
  /** The draws as signed int32 (the same bits): compared as small integers, not doubles. */
  private bits = new Int32Array(0);
  private readonly threshold: number;
  private readonly scale: number;

  /** @param rate - The fraction dropped, in `[0, 1)`. */
  constructor(readonly rate: number) {
    // keep <=> uniform >= rate, compared on the PRNG's raw 32-bit output
    this.threshold = Math.ceil(rate * 4294967296);
    this.scale = 1 / (1 - rate);
  }

  /** `x * mask` with a fresh mask drawn from `random`; `x` of any shape, float32. */
  apply(x: tf.Tensor, random: MaskRandom): tf.Tensor {
    return tf.mul(x, this.mask(x.shape, random));
  }

  /** A fresh mask of `shape`: each element `1 / (1 - rate)` or 0, from `random`. */
  mask(shape: readonly number[], random: MaskRandom): tf.Tensor {
    const mask = this.draw(tf.util.sizeFromShape(shape as number[]), random);
    return tf.tensor(mask, shape as number[], 'float32');
  }

  /** `size` mask values in draw order, in the reused buffer. */
  private draw(size: number, random: MaskRandom): Float32Array {
    if (this.values.length < size) {
      this.values = new Float32Array(size);
      this.bits = new Int32Array(size);
    }
    const mask = this.values.subarray(0, size);
    const bits = this.bits.subarray(0, size);
    random.fillUint32(bits);
    // A rate within 2^-32 of 1 drops everything: no 32-bit draw reaches 2^32.
    if (this.threshold > 0xffffffff) return mask.fill(0);
    // bits >= threshold as unsigned, compared as signed: flipping the top bit of both keeps order.
    const threshold = (this.threshold ^ 0x80000000) | 0;
    const scale = this.scale;
    // Without a branch, which half the draws would mispredict: the difference d is an exact
    // integer in (-2^32, 2^32), so d / 2^33 + 1 is exact and truncates to 1 when d >= 0, else 0.
    for (let i = 0; i < size; i++) {
      const kept = (((bits[i]! ^ 0x80000000) - threshold) / 8589934592 + 1) | 0;
      mask[i] = kept * scale;
    }
    return mask;
  }
}

/** What {@link dropoutLayer}'s backward needs: the mask (null at inference). */
export interface DropoutSaved {
  mask: tf.Tensor | null;
}

/**
 * A Dropout layer on its own (one that follows a Dense layer joins that layer's kernel call
 * instead, see `denseLayer`): `x * mask` in training, `x` at inference.
 */
export function dropoutLayer(dropout: SeededDropout): PlanLayer<DropoutSaved> {
  return {
    kind: 'dropout',
    variables: [],
    // [n, ...] -> [n, ...], the same shape
    forward(x: tf.Tensor, mode: PassMode): LayerForward<DropoutSaved> {
      if (!mode.training) return { output: x, saved: { mask: null }, finiteCheck: null };
      const mask = dropout.mask(x.shape, mode.random);
      return { output: tf.mul(x, mask), saved: { mask }, finiteCheck: null };
    },
    // d[n, ...] -> d[n, ...]: the gradient passes where the value was kept, scaled as it was
    backward(dOutput, saved, inputGradient): LayerBackward {
      if (!inputGradient) return noGradients(null);
      return noGradients(saved.mask === null ? dOutput : tf.mul(dOutput, saved.mask));
    },
  };
}
