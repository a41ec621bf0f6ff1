import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { PoolForward, type PoolForwardAttrs } from '../kernel-names';
import { heapOffset } from './kernel-utils';
import { poolLoopsOf } from './pool-simd-loops';

/**
 * The kernel of {@link PoolForward}: a MaxPooling2D layer's forward pass in one kernel call,
 *
 *   x [n, h, w, c] -> y [n, oh, ow, c] (the window maxima), argmax [n, oh, ow, c] (int32: where
 *   each maximum is within its example, y·w·c + x·c + channel),
 *
 * with valid padding, the first maximum of a window winning ties, as tfjs-backend-cpu's maxPool.
 * The argmax is what the backward pass needs: it does not read x again. Inputs are never written.
 */
const poolForwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const { size, stride } = attrs as unknown as PoolForwardAttrs;
  return maxPoolOutputs(backend as BackendWasm, x, size, stride);
};

/**
 * The max-pool of `x` [n, h, w, c] (windows of `size`, every `stride` places): its outputs y and
 * argmax, new; for this kernel, and for `ConvForward` when a pool follows the convolution.
 */
export function maxPoolOutputs(
  wasm: BackendWasm,
  x: TensorInfo,
  size: number,
  stride: number,
): [TensorInfo, TensorInfo] {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const shape = [n, Math.floor((h - size) / stride) + 1, Math.floor((w - size) / stride) + 1, c];
  const y = wasm.makeOutput(shape, 'float32');
  const argmax = wasm.makeOutput(shape, 'int32');
  const at = (t: TensorInfo) => heapOffset(wasm, t);
  poolLoopsOf(wasm).forward(at(x), n, h, w, c, size, stride, at(y), at(argmax));
  return [y, argmax];
}

/** Kernel config of {@link PoolForward} for the 'wasm' backend. */
export const poolForwardConfig: KernelConfig = {
  kernelName: PoolForward,
  backendName: 'wasm',
  kernelFunc: poolForwardKernel,
};
