import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  _FusedMatMulAttrs,
  _FusedMatMulInputs,
  KernelFunc,
  NamedAttrMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { allFloat32, readKernelCall } from './gradient-kernel-args';
import { batchSizeOf, disposeIntermediates, transposeInnerDims } from './kernel-utils';

/**
 * Wraps the stock wasm _FusedMatMul (matMul + bias + activation, rank-3 operands) so that, with a
 * batch of 1, every product runs on XNNPACK:
 * - transposed operands are transposed explicitly (the stock kernel sends `transposeA`/`transposeB`
 *   to a slow scalar loop, which also adds the bias wrongly: every row after the first gets the
 *   last bias element);
 * - a one-element bias is broadcast to N elements (XNNPACK would read N elements past it).
 * The orientation is never swapped, since the bias belongs to the output columns. Batched products
 * (batch > 1) and non-float32 inputs are left to the stock kernel.
 */
export function createFusedMatMulFix(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { wasm: backend, inputs, attrs } = readKernelCall<'a' | 'b', _FusedMatMulAttrs>(args);
    const { a, b } = inputs;
    // Optional inputs: the bias, and PReLU weights passed on as they are.
    const bias = (inputs as _FusedMatMulInputs).bias as TensorInfo | undefined;
    const { transposeA, transposeB } = attrs;
    const n = b.shape[transposeB ? 1 : 2] as number;
    const biasNeedsBroadcast =
      bias != null && bias.shape.length === 1 && bias.shape[0] === 1 && n > 1;
    if (
      (!transposeA && !transposeB && !biasNeedsBroadcast) ||
      !allFloat32(a, b) ||
      batchSizeOf(a) !== 1 ||
      batchSizeOf(b) !== 1
    ) {
      return stock(args);
    }
    const left = transposeA ? transposeInnerDims(a, backend) : a;
    const right = transposeB ? transposeInnerDims(b, backend) : b;
    const fullBias = biasNeedsBroadcast ? broadcastScalarBias(bias, n, backend) : bias;
    const out = stock({
      inputs: { ...inputs, a: left, b: right, ...(fullBias ? { bias: fullBias } : {}) },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as NamedAttrMap,
    }) as TensorInfo;
    disposeIntermediates(
      backend,
      ...[left, right, fullBias].filter(
        (t): t is TensorInfo => t != null && t !== a && t !== b && t !== bias,
      ),
    );
    return out;
  };
}

/** A new rank-1 tensor of `n` copies of the one-element `bias`. */
function broadcastScalarBias(bias: TensorInfo, n: number, backend: BackendWasm): TensorInfo {
  const out = backend.makeOutput([n], 'float32');
  const value = (backend.typedArrayFromHeap(bias) as Float32Array)[0] as number;
  (backend.typedArrayFromHeap(out) as Float32Array).fill(value);
  return out;
}
