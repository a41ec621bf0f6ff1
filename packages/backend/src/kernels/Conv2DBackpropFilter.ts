import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  type backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { writeTransposedPatches } from './conv-patches';
import {
  convGradientGeometry,
  isChannelsFirst,
  patchChunks,
  readKernelCall,
  stockConv2D,
} from './gradient-kernel-args';
import {
  copyRows,
  disposeIntermediates,
  heapValues,
  multiply,
  transposeAxes,
  withShape,
} from './kernel-utils';

/**
 * The filter gradient of `conv2d`, which tfjs-backend-wasm 4.22 does not have (so no convnet trains
 * on 'wasm' without it):
 *
 *   dW[fh, fw, ci, co] = Σ_{b, oh, ow} x[b, oh·sh + fh - top, ow·sw + fw - left, ci] · dy[b, oh, ow, co]
 *
 * Itself a convolution, of `x` with `dy` as the filter and the batch as the channels summed over,
 * so it runs as one XNNPACK convolution ({@link filterGradientByConvolution}) where the padding
 * allows; otherwise as the matrix product `dW [patchSize, co] = patchesᵀ [patchSize, rows] · dy
 * [rows, co]` over the im2col patches of `x` ({@link filterGradientByPatches}). NCHW operands are
 * transposed to NHWC first.
 */
function conv2DBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { wasm, inputs, attrs } = readKernelCall<
    keyof Conv2DBackpropFilterInputs,
    Conv2DBackpropFilterAttrs
  >(args);
  const channelsFirst = isChannelsFirst(attrs);
  const xLast = channelsFirst ? transposeAxes(inputs.x, [0, 2, 3, 1], wasm) : inputs.x;
  const dyLast = channelsFirst ? transposeAxes(inputs.dy, [0, 2, 3, 1], wasm) : inputs.dy;
  const g = convGradientGeometry(xLast.shape, attrs.filterShape, attrs);
  const dW =
    filterGradientByConvolution(xLast, dyLast, g, wasm) ??
    filterGradientByPatches(xLast, dyLast, g, wasm);
  if (channelsFirst) disposeIntermediates(wasm, xLast, dyLast);
  return withShape(dW, [...attrs.filterShape]);
}

/**
 * `dW` as the stock (XNNPACK) Conv2D of `x` transposed to `[ci, h, w, b]` with `dy` transposed to a
 * filter `[oh, ow, b, co]`, dilated by the stride: output `[ci, fh, fw, co]`, transposed to `dW`'s
 * layout. The convolution's output must come out exactly `fh x fw`, which takes non-negative
 * bottom and right padding; `undefined` when it would need cropping instead.
 */
function filterGradientByConvolution(
  x: TensorInfo,
  dy: TensorInfo,
  g: backend_util.Conv2DInfo,
  wasm: BackendWasm,
): TensorInfo | undefined {
  const { top, left } = g.padInfo;
  const bottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - top;
  const right = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - left;
  if (bottom < 0 || right < 0) return undefined;
  const xT = transposeAxes(x, [3, 1, 2, 0], wasm);
  const dyT = transposeAxes(dy, [1, 2, 0, 3], wasm);
  const dilations: [number, number] = [g.strideHeight, g.strideWidth];
  const gradient = stockConv2D(xT, dyT, [top, bottom, left, right], dilations, wasm);
  const dW = transposeAxes(gradient, [1, 2, 0, 3], wasm);
  disposeIntermediates(wasm, xT, dyT, gradient);
  return dW;
}

/**
 * `dW = patchesᵀ · dy` over the im2col patches of `x`, on XNNPACK. Large inputs are done in chunks
 * of patch rows, summed, so the patch matrix stays bounded.
 */
function filterGradientByPatches(
  x: TensorInfo,
  dy: TensorInfo,
  g: backend_util.Conv2DInfo,
  wasm: BackendWasm,
): TensorInfo {
  const { size, chunks } = patchChunks(g);
  let dW: TensorInfo | undefined;
  for (const [start, end] of chunks) {
    // A copy of dy's rows even when they are all of dy: `multiply` needs a fresh right operand.
    const dyRows = copyRows(dy, start, end, g.outChannels, wasm);
    const patchesT = wasm.makeOutput([1, size, end - start], 'float32');
    writeTransposedPatches(heapValues(wasm, x), g, start, end, heapValues(wasm, patchesT));
    const product = multiply(patchesT, dyRows, wasm);
    disposeIntermediates(wasm, patchesT, dyRows);
    if (dW === undefined) {
      dW = product;
    } else {
      const sum = heapValues(wasm, dW);
      const part = heapValues(wasm, product);
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (part[i] as number);
      disposeIntermediates(wasm, product);
    }
  }
  return dW as TensorInfo;
}

/** Registers {@link conv2DBackpropFilter} as 'wasm''s `Conv2DBackpropFilter`. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as KernelFunc,
};
