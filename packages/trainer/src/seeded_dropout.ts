import * as tf from '@tensorflow/tfjs-core';
import type { SeededRandom } from './random';

/**
 * Inverted dropout as Keras applies it in training: each value is kept with probability
 * `1 - rate` and scaled by `1 / (1 - rate)`, otherwise zeroed.
 *
 * The mask comes from the trainer's own PRNG, so it differs every step yet follows the seed
 * (tfjs-layers' Dropout repeats one mask when seeded and uses Math.random otherwise). The mask
 * buffer is reused across steps; the tensor made from it lives only inside one step's tidy.
 */
export class SeededDropout {
  private values = new Float32Array(0);
  private bits = new Uint32Array(0);
  private readonly threshold: number;
  private readonly scale: number;

  constructor(readonly rate: number) {
    // keep <=> uniform >= rate, compared on the PRNG's raw 32-bit output
    this.threshold = Math.ceil(rate * 4294967296);
    this.scale = 1 / (1 - rate);
  }

  /** `x * mask` with a fresh mask drawn from `random`; `x` of any shape, float32. */
  apply(x: tf.Tensor, random: SeededRandom): tf.Tensor {
    return tf.mul(x, this.mask(x, random));
  }

  /** A fresh mask for `x`'s shape: each element `1 / (1 - rate)` or 0, from `random`. */
  mask(x: tf.Tensor, random: SeededRandom): tf.Tensor {
    const size = x.size;
    if (this.values.length < size) {
      this.values = new Float32Array(size);
      this.bits = new Uint32Array(size);
    }
    const mask = this.values.subarray(0, size);
    const bits = this.bits.subarray(0, size);
    random.fillUint32(bits);
    const threshold = this.threshold;
    const scale = this.scale;
    for (let i = 0; i < size; i++) mask[i] = bits[i]! >= threshold ? scale : 0;
    return tf.tensor(mask, x.shape, 'float32');
  }
}
