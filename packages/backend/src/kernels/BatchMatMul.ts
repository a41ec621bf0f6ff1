import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  BatchMatMulAttrs,
  BatchMatMulInputs,
  KernelFunc,
  NamedAttrMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { batchSizeOf, disposeIntermediates, transposeInnerDims } from './kernel-utils';
import { chooseMatMulOrientation } from './matmul-orientation';

/**
 * Operands XNNPACK has already packed as weights: tfjs-backend-wasm caches a fully-connected
 * operator (with the packed copy of `b`) per `b` tensor, so multiplying by them again is cheap.
 */
const packedOperands = new WeakSet<object>();

/**
 * Wraps the stock wasm BatchMatMul so products run on XNNPACK at the least packing cost. The stock
 * kernel sends any `transposeA`/`transposeB` product, which every Dense layer's backprop makes, to
 * a scalar triple loop far slower than XNNPACK (the README's benchmark has the figures); here the
 * operands are transposed explicitly and the stock kernel is called without flags, in whichever
 * orientation packs fewer weights. An untransposed product is also swapped when that packs less
 * and `b` was never packed before (training's forward `x · W` with freshly updated weights); a `b`
 * seen again (inference with fixed weights) keeps the direct product and XNNPACK's cached packing.
 * Batched products (batch > 1) and non-float32 inputs are left to the stock kernel.
 */
export function createBatchMatMulFix(stock: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as BackendWasm;
    const { a, b } = args.inputs as BatchMatMulInputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    if (
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      batchSizeOf(a) !== 1 ||
      batchSizeOf(b) !== 1
    ) {
      return stock(args);
    }
    const multiply = (left: TensorInfo, right: TensorInfo) =>
      stock({
        inputs: { a: left, b: right },
        backend,
        attrs: { transposeA: false, transposeB: false } as unknown as NamedAttrMap,
      }) as TensorInfo;

    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const m = a.shape[transposeA ? rankA - 1 : rankA - 2] as number;
    const k = a.shape[transposeA ? rankA - 2 : rankA - 1] as number;
    const n = b.shape[transposeB ? rankB - 2 : rankB - 1] as number;

    const orientation = chooseMatMulOrientation(m, k, n, transposeA, transposeB);
    if (!transposeA && !transposeB) {
      const seen = packedOperands.has(b.dataId);
      if (orientation === 'direct' || seen) {
        packedOperands.add(b.dataId);
        return stock(args);
      }
      // Remembered, so that a second product with the same b takes the cached direct path.
      packedOperands.add(b.dataId);
    }
    if (orientation === 'direct') {
      const left = transposeA ? transposeInnerDims(a, backend) : a;
      const right = transposeB ? transposeInnerDims(b, backend) : b;
      const out = multiply(left, right);
      disposeIntermediates(backend, ...[left, right].filter((t) => t !== a && t !== b));
      return out;
    }
    // (op(A) · op(B))ᵀ = op(B)ᵀ · op(A)ᵀ, and op(X)ᵀ is X itself when X was flagged.
    const left = transposeB ? b : transposeInnerDims(b, backend);
    const right = transposeA ? a : transposeInnerDims(a, backend);
    const outTransposed = multiply(left, right);
    const out = transposeInnerDims(outTransposed, backend);
    disposeIntermediates(
      backend,
      outTransposed,
      ...[left, right].filter((t) => t !== a && t !== b),
    );
    return out;
  };
}
