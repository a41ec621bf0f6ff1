import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  getKernel,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  util,
} from '@tensorflow/tfjs-core';

/** Product of the leading (batch) dimensions of a matrix operand: 1 for rank 2. */
export function batchSizeOf(x: TensorInfo): number {
  return util.sizeFromShape(x.shape.slice(0, -2));
}

/** A new tensor holding `x` with its last two axes swapped, computed by the stock wasm Transpose. */
export function transposeInnerDims(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const transpose = getKernel(Transpose, 'wasm')?.kernelFunc as KernelFunc;
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

/** Frees intermediate tensors a kernel made for itself (never its inputs or output). */
export function disposeIntermediates(backend: BackendWasm, ...tensors: TensorInfo[]): void {
  for (const t of tensors) backend.disposeData(t.dataId);
}
