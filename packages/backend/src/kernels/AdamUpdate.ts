import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { AdamUpdate, type AdamUpdateAttrs, adamUpdateInputNames } from '../kernel-names';
import { type AdamLoop, adamTailLoop, plainAdamLoop } from './adam-loop';
import { adamSimdLoopFor } from './adam-simd-loop';
import { heapOffset } from './kernel-utils';

/**
 * The kernel function of {@link AdamUpdate}, behind the `adamUpdate` op (`../ops/adam-update.ts`):
 * one Adam step for any number of float32 variables in one kernel call, in Keras's form (or
 * `tf.train.adam`'s, see {@link AdamUpdateAttrs.epsilonMode}):
 *
 *   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g²;  alpha = lr √(1 - b2ᵗ) / (1 - b1ᵗ)
 *   w' = w - alpha m' / (√v' + epsilon)
 *
 * Whole groups of 4 floats run as WebAssembly SIMD (`adam-simd-loop.ts`) where it can, and as its
 * JavaScript twin (`adam-loop.ts`, equal to the bit) where it cannot; a variable's last
 * `length mod 4` values run in one JavaScript loop on either route. Either way the same weights.
 * Moments below the smallest normal float32 are flushed to zero, as TensorFlow's CPU kernels
 * flush subnormals: a moment that stops receiving gradient would otherwise decay into subnormals,
 * on which x86 arithmetic is many times slower (see `../wat/adam-simd-loop.wat`).
 *
 * Outputs are new tensors, three per variable in order w', m', v'; or, with `momentsInPlace`, one
 * per variable, w', the new moments written into the inputs `nextFirstMoments<i>` and
 * `nextSecondMoments<i>` (the loops work element by element, so these may be the moments read).
 * No other input is written: XNNPACK caches packed weights by tensor id, so a weight changed in
 * place would be multiplied with its stale packed copy. Stock TF.js's Adam runs one kernel per
 * arithmetic step of every variable for the same update, each a round trip through the engine.
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
    momentsInPlace,
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
      nm: named[names.nextFirstMoments],
      nv: named[names.nextSecondMoments],
    };
  });
  // Allocate every output first; the loops take byte offsets, which stay valid as the heap grows.
  const written = variables.map(({ w, nm, nv }) => {
    const nw = wasm.makeOutput(w.shape, 'float32');
    if (momentsInPlace) return [nw, nm!, nv!];
    return [nw, wasm.makeOutput(w.shape, 'float32'), wasm.makeOutput(w.shape, 'float32')];
  });
  const module = wasm.wasm as unknown as {
    asm?: { memory?: WebAssembly.Memory };
    HEAPF32: Float32Array;
  };
  const simd = adamSimdLoopFor(module.asm?.memory);
  const heap = () => module.HEAPF32;
  // Whole groups of 4 floats in SIMD, or in its twin where SIMD cannot run; the rest in the tail
  // loop on either route.
  const groups = simd ?? plainAdamLoop(heap);
  const tail = adamTailLoop(heap);
  const hyper = [beta1, 1 - beta1, beta2, 1 - beta2, alpha, epsilon] as const;
  /** `loop` on `size` values of w, g, m, v and their outputs, from value `first` on. */
  const run = (loop: AdamLoop, tensors: TensorInfo[], first: number, size: number) => {
    const [w, g, m, v, nw, nm, nv] = tensors.map((t) => heapOffset(wasm, t) + 4 * first);
    loop(w!, g!, m!, v!, nw!, nm!, nv!, 4 * size, ...hyper);
  };
  variables.forEach(({ w, g, m, v }, i) => {
    const tensors = [w, g, m, v, ...written[i]!];
    const length = util.sizeFromShape(w.shape);
    const whole = length & ~3;
    if (whole > 0) run(groups, tensors, 0, whole);
    if (whole < length) run(tail, tensors, whole, length - whole);
  });
  return momentsInPlace ? written.map(([nw]) => nw!) : written.flat();
};

/** Kernel config of {@link AdamUpdate} for the 'wasm' backend. */
export const adamUpdateConfig: KernelConfig = {
  kernelName: AdamUpdate,
  backendName: 'wasm',
  kernelFunc: adamUpdateKernel,
};
