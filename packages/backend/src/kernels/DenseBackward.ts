import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DenseBackward, type DenseBackwardAttrs } from '../kernel-names';
import { denseLoopsOf } from './dense-simd-loops';
import { heapOffset } from './kernel-utils';

/**
 * The kernel of {@link DenseBackward}: a Dense layer's backward pass in one kernel call, the
 * gradients of `y = activation(x · kernel + bias) · mask` given `dy`:
 *
 *   dz = dy · mask · (y > 0 for ReLU)   [rows, n]
 *   dKernel = xᵀ · dz                   [k, n]
 *   dBias   = Σ over rows of dz         [n]       (when attrs.bias)
 *   dx      = dz · kernelᵀ              [rows, k] (when attrs.inputGradient)
 *
 * and a float32 scalar checking the kernel and bias gradients: 0 when all are finite, NaN
 * otherwise (the last output).
 * on the operands as they are stored (no transposed copy), skipping the zeros of x.
 */
const denseBackwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, x, kernel, y, mask } = inputs as Record<string, TensorInfo | undefined>;
  const { activation, bias, inputGradient } = attrs as unknown as DenseBackwardAttrs;
  const [rows, k] = x!.shape as [number, number];
  const n = kernel!.shape[1] as number;
  const relu = activation === 'relu';
  const gated = relu || mask !== undefined;
  const dKernel = wasm.makeOutput([k, n], 'float32');
  const dBias = bias ? wasm.makeOutput([n], 'float32') : undefined;
  const dx = inputGradient ? wasm.makeOutput([rows, k], 'float32') : undefined;
  const dz = gated ? wasm.makeOutput([rows, n], 'float32') : dy!;
  const check = wasm.makeOutput([], 'float32');
  // Scratch: the lists of nonzero values (rows pairs down a column of x, n pairs along a row of
  // dz), and kernelᵀ for the input gradient.
  const listFloats = 2 * Math.max(rows, n);
  const scratch = wasm.makeOutput([listFloats + (inputGradient ? k * n : 0)], 'float32');
  const at = (t: TensorInfo | undefined) => heapOffset(wasm, t);
  const loops = denseLoopsOf(wasm);
  const list = at(scratch);
  if (gated) loops.gate(at(dy), at(y), at(mask), rows * n, relu ? 1 : 0, at(dz));
  let finite = loops.kernelGradient(at(x), rows, k, at(dz), n, at(dKernel), list);
  if (dBias !== undefined) finite += loops.columnSums(at(dz), rows, n, at(dBias));
  if (dx !== undefined) {
    loops.inputGradient(at(dz), rows, n, at(kernel), k, at(dx), list + 4 * listFloats, list);
  }
  (wasm.typedArrayFromHeap(check) as Float32Array)[0] = finite;
  if (gated) wasm.disposeData(dz.dataId);
  wasm.disposeData(scratch.dataId);
  return [dKernel, dBias, dx, check].filter((t): t is TensorInfo => t !== undefined);
};

/** Kernel config of {@link DenseBackward} for the 'wasm' backend. */
export const denseBackwardConfig: KernelConfig = {
  kernelName: DenseBackward,
  backendName: 'wasm',
  kernelFunc: denseBackwardKernel,
};
