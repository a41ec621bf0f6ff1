import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGradientGeometry, forEachDepthwiseTap, readKernelCall } from './gradient-kernel-args';
import { heapValues } from './kernel-utils';

/**
 * The input gradient of `depthwiseConv2d`, which tfjs-backend-wasm 4.22 does not have. For
 * `dy [batch, outHeight, outWidth, inChannels · multiplier]` and the filter `W [filterHeight,
 * filterWidth, inChannels, multiplier]`, the result `dx` has the attribute `inputShape`, `[batch,
 * inHeight, inWidth, inChannels]`, and
 *
 *   dx[b, ih, iw, c] = Σ_{oh, ow, fh, fw : ih = oh·sh + fh·dh - top, iw = ow·sw + fw·dw - left}
 *                        Σ_m dy[b, oh, ow, c·multiplier + m] · W[fh, fw, c, m]
 *
 * (`sh, sw` strides, `dh, dw` dilations; taps in the padding contribute nothing). Computed as a
 * scatter, the transpose of the forward gather: for each output pixel and filter tap, the
 * innermost loop runs along the channels, contiguous in `dy`, `W` and `dx` alike, adding into
 * `dx` on the WASM heap.
 */
function depthwiseConv2dNativeBackpropInput(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { wasm, inputs, attrs } = readKernelCall<
    keyof DepthwiseConv2dNativeBackpropInputInputs,
    DepthwiseConv2dNativeBackpropInputAttrs
  >(args);
  const { dy, filter } = inputs;
  const g = convGradientGeometry(attrs.inputShape, filter.shape, attrs, true);
  const { inChannels, outChannels } = g;
  const multiplier = outChannels / inChannels;
  const out = wasm.makeOutput([...attrs.inputShape], 'float32');
  // Views after the allocation, which may grow (and detach) the heap. Inputs read generically.
  const dx = heapValues(wasm, out);
  dx.fill(0);
  const dyValues = wasm.typedArrayFromHeap(dy);
  const weights = wasm.typedArrayFromHeap(filter);
  forEachDepthwiseTap(g, (dxStart, dyStart, wStart) => {
    if (multiplier === 1) {
      for (let c = 0; c < inChannels; c++) {
        const i = dxStart + c;
        dx[i] = dx[i]! + (dyValues[dyStart + c] as number) * (weights[wStart + c] as number);
      }
      return;
    }
    for (let c = 0, k = 0; c < inChannels; c++) {
      let sum = 0;
      for (let m = 0; m < multiplier; m++, k++) {
        sum += (dyValues[dyStart + k] as number) * (weights[wStart + k] as number);
      }
      const i = dxStart + c;
      dx[i] = dx[i]! + sum;
    }
  });
  return out;
}

/** Registers {@link depthwiseConv2dNativeBackpropInput} as 'wasm''s `DepthwiseConv2dNativeBackpropInput`. */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as KernelFunc,
};
