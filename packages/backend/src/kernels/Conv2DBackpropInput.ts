import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { addPatchesToImage, patchRows, patchSize, rowsPerChunk } from './conv-patches';
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
 * over every input pixel and filter tap, by one matrix product on XNNPACK and a col2im:
 *
 *   columns [rows, patchSize] = dy [rows, co] · Wᵀ [co, patchSize];   dx = col2im(columns)
 *
 * where `W` is the filter viewed as `[patchSize, co]` (see `conv-patches.ts`). Large inputs go in
 * chunks of patch rows, so the column matrix stays bounded. NCHW operands are transposed to NHWC
 * and back. Non-float32 operands are left to the stock kernel.
 */
export function createConv2DBackpropInputFix(stock: KernelFunc): KernelFunc {
  return (args) => {
    const wasm = args.backend as BackendWasm;
    const { dy, filter } = args.inputs as Conv2DBackpropInputInputs as {
      dy: TensorInfo;
      filter: TensorInfo;
    };
    if (dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock(args);
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      args.attrs as unknown as Conv2DBackpropInputAttrs;
    const channelsFirst = backend_util.convertConv2DDataFormat(dataFormat) === 'channelsFirst';
    const [batch, d1, d2, d3] = inputShape;
    const shapeLast = channelsFirst ? [batch, d2, d3, d1] : [batch, d1, d2, d3];
    const g = backend_util.computeConv2DInfo(
      shapeLast as [number, number, number, number],
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const rows = patchRows(g);
    const size = patchSize(g);
    const { outChannels } = g;
    const chunk = rowsPerChunk(g);

    const dyLast = channelsFirst ? transposeAxes(dy, [0, 2, 3, 1], wasm) : dy;
    // Wᵀ [co, patchSize]: filter [fh, fw, ci, co] with co moved first. A fresh tensor, as `multiply`
    // needs of its right operand.
    const filterT = withShape(transposeAxes(filter, [3, 0, 1, 2], wasm), [1, outChannels, size]);
    const dx = wasm.makeOutput(shapeLast as number[], 'float32');
    heapValues(wasm, dx).fill(0);
    for (let start = 0; start < rows; start += chunk) {
      const end = Math.min(rows, start + chunk);
      const dyRows =
        start === 0 && end === rows
          ? withShape(dyLast, [1, rows, outChannels])
          : copyRows(dyLast, start, end, outChannels, wasm);
      const columns = multiply(dyRows, filterT, wasm);
      addPatchesToImage(heapValues(wasm, columns), g, start, end, heapValues(wasm, dx));
      disposeIntermediates(wasm, columns, ...(dyRows.dataId === dyLast.dataId ? [] : [dyRows]));
    }
    disposeIntermediates(wasm, filterT, ...(channelsFirst ? [dyLast] : []));
    if (!channelsFirst) return dx;
    const dxFirst = transposeAxes(dx, [0, 3, 1, 2], wasm);
    disposeIntermediates(wasm, dx);
    return dxFirst;
  };
}
