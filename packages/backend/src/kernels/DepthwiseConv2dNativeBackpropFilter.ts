import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGradientGeometry, forEachDepthwiseTap, readKernelCall } from './gradient-kernel-args';
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
function depthwiseConv2dNativeBackpropFilter(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { wasm, inputs, attrs } = readKernelCall<
    keyof DepthwiseConv2dNativeBackpropFilterInputs,
    DepthwiseConv2dNativeBackpropFilterAttrs
  >(args);
  const { x, dy } = inputs;
  const g = convGradientGeometry(x.shape, attrs.filterShape, attrs, true);
  const { inChannels, outChannels } = g;
  const multiplier = outChannels / inChannels;
  const sums = new Float64Array(g.filterHeight * g.filterWidth * outChannels);
  // Read generically (any dtype); `dW` is float32 like the cpu kernel's.
  const xValues = wasm.typedArrayFromHeap(x);
  const dyValues = wasm.typedArrayFromHeap(dy);
  forEachDepthwiseTap(g, (xStart, dyStart, sumStart) => {
    if (multiplier === 1) {
      for (let c = 0; c < inChannels; c++) {
        const i = sumStart + c;
        sums[i] = sums[i]! + (xValues[xStart + c] as number) * (dyValues[dyStart + c] as number);
      }
      return;
    }
    for (let c = 0, k = 0; c < inChannels; c++) {
      const value = xValues[xStart + c] as number;
      for (let m = 0; m < multiplier; m++, k++) {
        const i = sumStart + k;
        sums[i] = sums[i]! + value * (dyValues[dyStart + k] as number);
      }
    }
  });
  const dW = wasm.makeOutput([...attrs.filterShape], 'float32');
  heapValues(wasm, dW).set(sums);
  return dW;
}

/** Registers {@link depthwiseConv2dNativeBackpropFilter} as 'wasm''s `DepthwiseConv2dNativeBackpropFilter`. */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as KernelFunc,
};
