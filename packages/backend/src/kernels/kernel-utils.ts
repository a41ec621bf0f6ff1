import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BatchMatMul,
  getKernel,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  Transpose,
  util,
} from '@tensorflow/tfjs-core';

/** Product of the leading (batch) dimensions of a matrix operand: 1 for rank 2. */
export function batchSizeOf(x: TensorInfo): number {
  return util.sizeFromShape(x.shape.slice(0, -2));
}

/** A new tensor holding `x` with its axes permuted by `perm`, computed by the stock wasm Transpose. */
export function transposeAxes(x: TensorInfo, perm: number[], backend: BackendWasm): TensorInfo {
  const transpose = getKernel(Transpose, 'wasm')?.kernelFunc as KernelFunc;
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

/** A new tensor holding `x` with its last two axes swapped, computed by the stock wasm Transpose. */
export function transposeInnerDims(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const rank = x.shape.length;
  return transposeAxes(x, [...Array(rank - 2).keys(), rank - 1, rank - 2], backend);
}

/**
 * `a · b` for rank-3 float32 operands of batch 1, by the registered wasm BatchMatMul (XNNPACK).
 * XNNPACK caches its packed copy of `b` by tensor id alone, not by shape, so `b` must be a tensor
 * the caller made for this product (and disposes): a reshaped view of a longer-lived tensor could
 * later meet a stale packing of another shape.
 */
export function multiply(a: TensorInfo, b: TensorInfo, backend: BackendWasm): TensorInfo {
  const batchMatMul = getKernel(BatchMatMul, 'wasm')?.kernelFunc as KernelFunc;
  const attrs = { transposeA: false, transposeB: false } as unknown as NamedAttrMap;
  return batchMatMul({ inputs: { a, b }, backend, attrs }) as TensorInfo;
}

/** The float32 values of `t`, as a view on the WASM heap. Take views after allocating: growth detaches them. */
export function heapValues(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/**
 * The byte offset of `t`'s data in the backend's heap (0 for no tensor, the loops' "none"). An
 * offset stays valid when the heap grows; only typed-array views of the heap go stale.
 */
export function heapOffset(backend: BackendWasm, t: TensorInfo | undefined): number {
  return t === undefined ? 0 : backend.dataIdMap.get(t.dataId)!.memoryOffset;
}

/** `t` with another shape of the same size: a view sharing its data, as wasm's Reshape makes. */
export function withShape(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Frees intermediate tensors a kernel made for itself (never its inputs or output). */
export function disposeIntermediates(backend: BackendWasm, ...tensors: TensorInfo[]): void {
  for (const t of tensors) backend.disposeData(t.dataId);
}

/** A new `[1, end - start, width]` tensor holding rows `[start, end)` of `t` viewed as `[rows, width]`. */
export function copyRows(
  t: TensorInfo,
  start: number,
  end: number,
  width: number,
  wasm: BackendWasm,
): TensorInfo {
  const out = wasm.makeOutput([1, end - start, width], 'float32');
  heapValues(wasm, out).set(heapValues(wasm, t).subarray(start * width, end * width));
  return out;
}
