import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { columnsInImage } from './conv-patches';
import { heapValues } from './kernel-utils';

/**
 * The filter gradient of `depthwiseConv2d`, which tfjs-backend-wasm 4.22 does not have (so no
 * depthwise or separable convolution layer trains on 'wasm' without it). For `x [batch, inHeight,
 * inWidth, inChannels]`, `dy [batch, outHeight, outWidth, inChannels · multiplier]` and the filter
 * `[filterHeight, filterWidth, inChannels, multiplier]`, output channel `c · multiplier + m` reads
 * input channel `c` through tap `W[fh, fw, c, m]`, so
 *
 *   dW[fh, fw, c, m] = Σ_{b, oh, ow} x[b, oh·sh + fh·dh - top, ow·sw + fw·dw - left, c]
 *                                    · dy[b, oh, ow, c·multiplier + m]
 *
 * with taps in the padding reading zero (`sh, sw` strides, `dh, dw` dilations). One pass over
 * `dy`: for each output pixel and filter tap, the innermost loop runs along the channels, which
 * are contiguous in `x`, `dy` and `dW` alike. Sums are kept in float64 and rounded once.
 */
function depthwiseConv2dNativeBackpropFilter({
  inputs,
  backend,
  attrs,
}: Parameters<KernelFunc>[0]): TensorInfo {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as DepthwiseConv2dNativeBackpropFilterInputs as {
    x: TensorInfo;
    dy: TensorInfo;
  };
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const g = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = g;
  const { top, left } = g.padInfo;
  const multiplier = outChannels / inChannels;
  const inside = columnsInImage(g);

  const sums = new Float64Array(filterHeight * filterWidth * outChannels);
  // Read generically (any dtype); `dW` is float32 like the cpu kernel's.
  const xValues = wasm.typedArrayFromHeap(x);
  const dyValues = wasm.typedArrayFromHeap(dy);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let fh = 0; fh < filterHeight; fh++) {
        const ih = oh * strideHeight + fh * dilationHeight - top;
        if (ih < 0 || ih >= inHeight) continue;
        const xRow = (b * inHeight + ih) * inWidth;
        const dyRow = (b * outHeight + oh) * outWidth;
        for (let fw = 0; fw < filterWidth; fw++) {
          const offset = fw * dilationWidth - left;
          const owStart = inside.start[fw] as number;
          const owEnd = inside.end[fw] as number;
          const sumStart = (fh * filterWidth + fw) * outChannels;
          for (let ow = owStart; ow < owEnd; ow++) {
            const xStart = (xRow + ow * strideWidth + offset) * inChannels;
            const dyStart = (dyRow + ow) * outChannels;
            if (multiplier === 1) {
              for (let c = 0; c < inChannels; c++) {
                const i = sumStart + c;
                sums[i] =
                  (sums[i] as number) +
                  (xValues[xStart + c] as number) * (dyValues[dyStart + c] as number);
              }
            } else {
              for (let c = 0, k = 0; c < inChannels; c++) {
                const value = xValues[xStart + c] as number;
                for (let m = 0; m < multiplier; m++, k++) {
                  const i = sumStart + k;
                  sums[i] = (sums[i] as number) + value * (dyValues[dyStart + k] as number);
                }
              }
            }
          }
        }
      }
    }
  }
  const dW = wasm.makeOutput([...filterShape], 'float32');
  heapValues(wasm, dW).set(sums);
  return dW;
}

/** Registers {@link depthwiseConv2dNativeBackpropFilter} as 'wasm''s `DepthwiseConv2dNativeBackpropFilter`. */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as KernelFunc,
};
