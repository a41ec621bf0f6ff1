import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { PoolBackward, type PoolBackwardAttrs } from '../kernel-names';
import { heapOffset } from './kernel-utils';
import { poolLoopsOf } from './pool-simd-loops';

/**
 * The kernel of {@link PoolBackward}: a MaxPooling2D layer's backward pass in one kernel call,
 *
 *   dx [n, h, w, c] = 0;  dx[b, argmax[b, i]] += dy[b, i] for every output i of example b,
 *
 * from the argmax its forward pass saved ({@link PoolForward}), without reading x again. The
 * additions run in output order (overlapping windows share inputs). Inputs are never written.
 */
const poolBackwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, argmax } = inputs as { dy: TensorInfo; argmax: TensorInfo };
  const { inputShape } = attrs as unknown as PoolBackwardAttrs;
  const n = inputShape[0] as number;
  const dx = wasm.makeOutput(inputShape, 'float32');
  const outputs = n === 0 ? 0 : util.sizeFromShape(dy.shape) / n;
  const perExample = n === 0 ? 0 : util.sizeFromShape(inputShape) / n;
  const at = (t: TensorInfo) => heapOffset(wasm, t);
  poolLoopsOf(wasm).backward(at(dy), at(argmax), n, outputs, perExample, at(dx));
  return dx;
};

/** Kernel config of {@link PoolBackward} for the 'wasm' backend. */
export const poolBackwardConfig: KernelConfig = {
  kernelName: PoolBackward,
  backendName: 'wasm',
  kernelFunc: poolBackwardKernel,
};
