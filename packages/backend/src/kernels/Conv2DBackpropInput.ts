import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  backend_util,
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { addPatchesToImage } from './conv-patches';
import {
  allFloat32,
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
 * Replaces the stock wasm `Conv2DBackpropInput` (the input gradient of `conv2d`), a scalar loop
 * over every input pixel and filter tap. With stride 1 the input gradient is itself a convolution,
 * of `dy` with the filter flipped and its channels swapped, run on XNNPACK
 * ({@link inputGradientByConvolution}); otherwise one XNNPACK product and a col2im
 * ({@link inputGradientByPatches}). NCHW operands are transposed to NHWC and back. Non-float32
 * operands are left to the stock kernel.
 */
export function createConv2DBackpropInputFix(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { wasm, inputs, attrs } = readKernelCall<
      keyof Conv2DBackpropInputInputs,
      Conv2DBackpropInputAttrs
    >(args);
    const { dy, filter } = inputs;
    if (!allFloat32(dy, filter)) return stock(args);
    const channelsFirst = isChannelsFirst(attrs);
    const [batch, d1, d2, d3] = attrs.inputShape;
    const shapeLast = channelsFirst ? [batch, d2, d3, d1] : [batch, d1, d2, d3];
    const g = convGradientGeometry(shapeLast, filter.shape, attrs);
    const dyLast = channelsFirst ? transposeAxes(dy, [0, 2, 3, 1], wasm) : dy;
    const dx =
      inputGradientByConvolution(dyLast, filter, g, wasm) ??
      inputGradientByPatches(dyLast, filter, g, wasm);
    if (!channelsFirst) return dx;
    const dxFirst = transposeAxes(dx, [0, 3, 1, 2], wasm);
    disposeIntermediates(wasm, dx, dyLast);
    return dxFirst;
  };
}

/**
 * `dx` as the stock (XNNPACK) Conv2D of `dy`, padded by `filter - 1 - pad` on each side, with the
 * filter rotated by 180° and its channels swapped, `W'[i, j, co, ci] = W[fh-1-i, fw-1-j, ci, co]`:
 * the "full" correlation that undoes a stride-1 convolution. `undefined` for other strides, and
 * for a padding wider than the filter, which this cannot express.
 */
function inputGradientByConvolution(
  dy: TensorInfo,
  filter: TensorInfo,
  g: backend_util.Conv2DInfo,
  wasm: BackendWasm,
): TensorInfo | undefined {
  const { filterHeight: fh, filterWidth: fw, inChannels, outChannels } = g;
  const { top, bottom, left, right } = g.padInfo;
  const padding = [fh - 1 - top, fh - 1 - bottom, fw - 1 - left, fw - 1 - right] as const;
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || padding.some((p) => p < 0)) return undefined;
  const rotated = wasm.makeOutput([fh, fw, outChannels, inChannels], 'float32');
  const w = heapValues(wasm, filter);
  const out = heapValues(wasm, rotated);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const from = ((fh - 1 - i) * fw + (fw - 1 - j)) * inChannels * outChannels;
      const to = (i * fw + j) * outChannels * inChannels;
      for (let ci = 0; ci < inChannels; ci++) {
        for (let co = 0; co < outChannels; co++) {
          out[to + co * inChannels + ci] = w[from + ci * outChannels + co] as number;
        }
      }
    }
  }
  const dx = stockConv2D(dy, rotated, padding, 1, wasm);
  disposeIntermediates(wasm, rotated);
  return dx;
}

/**
 * `dx = col2im(dy · Wᵀ)`: `columns [rows, patchSize] = dy [rows, co] · Wᵀ [co, patchSize]` on
 * XNNPACK, where `W` is the filter viewed as `[patchSize, co]` (see `conv-patches.ts`), added back
 * onto the image. Large inputs go in chunks of patch rows, so the column matrix stays bounded.
 */
function inputGradientByPatches(
  dy: TensorInfo,
  filter: TensorInfo,
  g: backend_util.Conv2DInfo,
  wasm: BackendWasm,
): TensorInfo {
  const { size, chunks } = patchChunks(g);
  const rows = chunks.at(-1)?.[1] ?? 0;
  const { outChannels } = g;
  // Wᵀ [co, patchSize]: filter [fh, fw, ci, co] with co moved first. A fresh tensor, as `multiply`
  // needs of its right operand.
  const filterT = withShape(transposeAxes(filter, [3, 0, 1, 2], wasm), [1, outChannels, size]);
  const dx = wasm.makeOutput([g.batchSize, g.inHeight, g.inWidth, g.inChannels], 'float32');
  heapValues(wasm, dx).fill(0);
  for (const [start, end] of chunks) {
    const dyRows =
      start === 0 && end === rows
        ? withShape(dy, [1, rows, outChannels])
        : copyRows(dy, start, end, outChannels, wasm);
    const columns = multiply(dyRows, filterT, wasm);
    addPatchesToImage(heapValues(wasm, columns), g, start, end, heapValues(wasm, dx));
    disposeIntermediates(wasm, columns, ...(dyRows.dataId === dy.dataId ? [] : [dyRows]));
  }
  disposeIntermediates(wasm, filterT);
  return dx;
}
