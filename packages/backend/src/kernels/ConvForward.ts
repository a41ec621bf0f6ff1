import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { ConvForward, type ConvForwardAttrs } from '../kernel-names';
import { convGeometry, listBytes, withConvScratch } from './conv-geometry';
import { convLoopsOf } from './conv-simd-loops';
import { heapOffset, heapValues } from './kernel-utils';
import { maxPoolOutputs } from './PoolForward';

/**
 * The kernel of {@link ConvForward}: a Conv2D layer's training forward pass in one kernel call,
 *
 *   x [n, h, w, c] ⊛ filter [kh, kw, c, f] + bias [f] -> z [n, oh, ow, f];  y = activation(z),
 *
 * stride 1, 'valid' or 'same' padding, on the filter as it is stored, skipping the zeros of x, with
 * the bias and the ReLU applied as each output is written. Also returns whether every z was finite
 * (a float32 scalar, 0 or NaN), which ReLU would otherwise hide; and with `poolSize` > 0 the
 * max-pool of y too (its output and argmax), saving the pool a kernel call of its own. Inputs are
 * never written.
 */
const convForwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, filter, bias } = inputs as Record<string, TensorInfo | undefined>;
  const { activation, padding, poolSize, poolStride } = attrs as unknown as ConvForwardAttrs;
  const geometry = convGeometry(x!.shape, filter!.shape, padding);
  const { n, oh, ow, f } = geometry;
  const y = wasm.makeOutput([n, oh, ow, f], 'float32');
  const check = wasm.makeOutput([], 'float32');
  // No output values (f or n is 0): nothing to compute, and no filter row to find a pair's place.
  const pooled = (outputs: TensorInfo[]) =>
    poolSize > 0 ? [...outputs, ...maxPoolOutputs(wasm, y, poolSize, poolStride)] : outputs;
  if (n * oh * ow * f === 0) {
    heapValues(wasm, check)[0] = 0;
    return pooled([y, check]);
  }
  const at = (t: TensorInfo | undefined) => heapOffset(wasm, t);
  const loops = convLoopsOf(wasm);
  // The loop's scratch: the lists of one example's nonzero x.
  const finite = withConvScratch(wasm, geometry, listBytes(geometry), (g, lists) =>
    loops.forward(at(x), at(filter), at(bias), at(y), g, lists, activation === 'relu' ? 1 : 0),
  );
  // Read the heap only now: the scratch allocation may have grown (and so replaced) it.
  heapValues(wasm, check)[0] = finite;
  return pooled([y, check]);
};

/** Kernel config of {@link ConvForward} for the 'wasm' backend. */
export const convForwardConfig: KernelConfig = {
  kernelName: ConvForward,
  backendName: 'wasm',
  kernelFunc: convForwardKernel,
};
