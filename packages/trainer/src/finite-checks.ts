import * as tf from '@tensorflow/tfjs-core';

/**
 * Whether every value of `values` is finite (no NaN, no ±Infinity). A host loop, for values the
 * step has already read back.
 */
export function allFiniteValues(values: Float32Array): boolean {
  // x - x is 0 for a finite x and NaN for NaN and ±Infinity, so one NaN poisons the sum.
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! - values[i]!;
  return sum === 0;
}

/**
 * A float32 scalar on the device that is 0 when every value of `tensors` is finite and NaN when
 * one is NaN or ±Infinity (`x * 0` is NaN exactly for those, and the sum keeps it). Unlike a plain
 * sum it cannot overflow. Call inside a tidy.
 */
export function finiteProbe(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  const zero = tf.scalar(0);
  return tf.addN(tensors.map((tensor) => tf.sum(tf.mul(tensor, zero)))) as tf.Scalar;
}

/** Backends whose tensors live in host memory, where reading values back costs no device trip. */
const HOST_MEMORY_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Whether every value of `tensors` (e.g. a model's weights) is finite. Where the backend's data
 * lives in host memory, the values are read and checked on the host, which is cheaper than the
 * probe's two kernels per tensor; elsewhere it is one read of {@link finiteProbe}.
 */
export function allFinite(tensors: readonly tf.Tensor[]): boolean {
  if (HOST_MEMORY_BACKENDS.has(tf.getBackend())) {
    return tensors.every(
      (tensor) => tensor.dtype !== 'float32' || allFiniteValues(tensor.dataSync() as Float32Array),
    );
  }
  const probe = tf.tidy(() => finiteProbe(tensors));
  const finite = probe.dataSync()[0] === 0;
  probe.dispose();
  return finite;
}
