import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { AdamUpdate, type AdamUpdateAttrs, adamUpdateInputNames } from '../kernel-names';
import { adamSimdLoopFor } from './adam-simd-loop';

/**
 * The kernel function of {@link AdamUpdate}, behind the `adamUpdate` op (`../ops/adam-update.ts`):
 * one Adam step for any number of float32 variables in one kernel call, in Keras's form (or
 * `tf.train.adam`'s, see {@link AdamUpdateAttrs.epsilonMode}):
 *
 *   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g²;  alpha = lr √(1 - b2ᵗ) / (1 - b1ᵗ)
 *   w' = w - alpha m' / (√v' + epsilon)
 *
 * Moments below the smallest normal float32 are flushed to zero, as TensorFlow's CPU kernels
 * flush subnormals: a moment that stops receiving gradient would otherwise decay into subnormals,
 * on which x86 arithmetic is many times slower (see `../wat/adam-simd-loop.wat`).
 *
 * Outputs are new tensors, three per variable in order w', m', v'. Inputs are never written:
 * XNNPACK caches packed weights by tensor id, so a weight changed in place would be multiplied
 * with its stale packed copy. Stock TF.js's Adam runs one kernel per arithmetic step of every
 * variable for the same update, each a round trip through the engine.
 */
const adamUpdateKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const {
    learningRate,
    beta1,
    beta2,
    step,
    count,
    epsilonMode,
    epsilon: given,
  } = attrs as unknown as AdamUpdateAttrs;
  const alpha = (learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  const epsilon = epsilonMode === 'tfjs' ? given * Math.sqrt(1 - beta2 ** step) : given;
  const named = inputs as Record<string, TensorInfo>;
  const variables = Array.from({ length: count }, (_, i) => {
    const names = adamUpdateInputNames(i);
    return {
      w: named[names.weights] as TensorInfo,
      g: named[names.gradients] as TensorInfo,
      m: named[names.firstMoments] as TensorInfo,
      v: named[names.secondMoments] as TensorInfo,
    };
  });
  // Allocate every output before taking heap views: an allocation can grow (and detach) the heap.
  const outputs = variables.flatMap(({ w }) =>
    [0, 1, 2].map(() => wasm.makeOutput(w.shape, 'float32')),
  );
  const memory = (wasm.wasm as unknown as { asm?: { memory?: WebAssembly.Memory } }).asm?.memory;
  const simd = adamSimdLoopFor(memory);
  variables.forEach(({ w, g, m, v }, i) => {
    const weights = wasm.typedArrayFromHeap(w) as Float32Array;
    const gradients = wasm.typedArrayFromHeap(g) as Float32Array;
    const first = wasm.typedArrayFromHeap(m) as Float32Array;
    const second = wasm.typedArrayFromHeap(v) as Float32Array;
    const newWeights = wasm.typedArrayFromHeap(outputs[3 * i] as TensorInfo) as Float32Array;
    const newFirst = wasm.typedArrayFromHeap(outputs[3 * i + 1] as TensorInfo) as Float32Array;
    const newSecond = wasm.typedArrayFromHeap(outputs[3 * i + 2] as TensorInfo) as Float32Array;
    // SIMD for whole groups of 4 floats, this loop for the rest (and where SIMD is unavailable).
    const simdLength = simd === null ? 0 : weights.length & ~3;
    if (simdLength > 0) {
      simd!(
        weights.byteOffset,
        gradients.byteOffset,
        first.byteOffset,
        second.byteOffset,
        newWeights.byteOffset,
        newFirst.byteOffset,
        newSecond.byteOffset,
        simdLength * 4,
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
        alpha,
        epsilon,
      );
    }
    for (let j = simdLength; j < weights.length; j++) {
      const gradient = gradients[j] as number;
      const mj = flushSubnormal(beta1 * (first[j] as number) + (1 - beta1) * gradient);
      const vj = flushSubnormal(beta2 * (second[j] as number) + (1 - beta2) * gradient * gradient);
      newFirst[j] = mj;
      newSecond[j] = vj;
      newWeights[j] = (weights[j] as number) - (alpha * mj) / (Math.sqrt(vj) + epsilon);
    }
  });
  return outputs;
};

/** The smallest normal float32, 2^-126. */
const SMALLEST_NORMAL = 2 ** -126;

/** 0 for a value smaller in size than the smallest normal float32; the value otherwise (NaN too). */
function flushSubnormal(value: number): number {
  return Math.abs(value) < SMALLEST_NORMAL ? 0 : value;
}

/** Kernel config of {@link AdamUpdate} for the 'wasm' backend. */
export const adamUpdateConfig: KernelConfig = {
  kernelName: AdamUpdate,
  backendName: 'wasm',
  kernelFunc: adamUpdateKernel,
};
