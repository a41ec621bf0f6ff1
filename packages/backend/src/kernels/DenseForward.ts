import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DenseForward, type DenseForwardAttrs } from '../kernel-names';
import { denseLoopsOf } from './dense-simd-loops';
import { heapOffset } from './kernel-utils';

/**
 * The kernel of {@link DenseForward}: a Dense layer's training forward pass in one kernel call,
 *
 *   x [rows, k] · kernel [k, n] + bias [n] -> z [rows, n];  y = activation(z) · mask,
 *
 * on the kernel as it is stored (row-major; nothing packed or transposed per call), skipping the
 * zeros of x. Also returns whether every z was finite (a float32 scalar, 0 or NaN), which ReLU
 * would otherwise hide. Inputs are never written.
 */
const denseForwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, kernel, bias, mask } = inputs as Record<string, TensorInfo | undefined>;
  const { activation } = attrs as unknown as DenseForwardAttrs;
  const [rows, k] = x!.shape as [number, number];
  const n = kernel!.shape[1] as number;
  const y = wasm.makeOutput([rows, n], 'float32');
  const check = wasm.makeOutput([], 'float32');
  // Scratch for the list of one row's nonzero x: k (offset, value) pairs.
  const list = wasm.makeOutput([2 * k], 'float32');
  const at = (t: TensorInfo | undefined) => heapOffset(wasm, t);
  const loops = denseLoopsOf(wasm);
  const finite = loops.forward(at(x), rows, k, at(kernel), n, at(bias), at(y), at(list));
  loops.activate(at(y), rows * n, activation === 'relu' ? 1 : 0, at(mask));
  (wasm.typedArrayFromHeap(check) as Float32Array)[0] = finite;
  wasm.disposeData(list.dataId);
  return [y, check];
};

/** Kernel config of {@link DenseForward} for the 'wasm' backend. */
export const denseForwardConfig: KernelConfig = {
  kernelName: DenseForward,
  backendName: 'wasm',
  kernelFunc: denseForwardKernel,
};
