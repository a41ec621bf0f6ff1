import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { columnsInImage } from './conv-patches';
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
function depthwiseConv2dNativeBackpropInput({
  inputs,
  backend,
  attrs,
}: Parameters<KernelFunc>[0]): TensorInfo {
  const wasm = backend as BackendWasm;
  const { dy, filter } = inputs as DepthwiseConv2dNativeBackpropInputInputs as {
    dy: TensorInfo;
    filter: TensorInfo;
  };
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const g = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
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

  const out = wasm.makeOutput([...inputShape], 'float32');
  // Views after the allocation, which may grow (and detach) the heap. Inputs read generically.
  const dx = heapValues(wasm, out);
  dx.fill(0);
  const dyValues = wasm.typedArrayFromHeap(dy);
  const weights = wasm.typedArrayFromHeap(filter);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let fh = 0; fh < filterHeight; fh++) {
        const ih = oh * strideHeight + fh * dilationHeight - top;
        if (ih < 0 || ih >= inHeight) continue;
        const dxRow = (b * inHeight + ih) * inWidth;
        const dyRow = (b * outHeight + oh) * outWidth;
        for (let fw = 0; fw < filterWidth; fw++) {
          const offset = fw * dilationWidth - left;
          const owStart = inside.start[fw] as number;
          const owEnd = inside.end[fw] as number;
          const wStart = (fh * filterWidth + fw) * outChannels;
          for (let ow = owStart; ow < owEnd; ow++) {
            const dxStart = (dxRow + ow * strideWidth + offset) * inChannels;
            const dyStart = (dyRow + ow) * outChannels;
            if (multiplier === 1) {
              for (let c = 0; c < inChannels; c++) {
                const i = dxStart + c;
                dx[i] =
                  (dx[i] as number) +
                  (dyValues[dyStart + c] as number) * (weights[wStart + c] as number);
              }
            } else {
              for (let c = 0, k = 0; c < inChannels; c++) {
                let sum = 0;
                for (let m = 0; m < multiplier; m++, k++) {
                  sum += (dyValues[dyStart + k] as number) * (weights[wStart + k] as number);
                }
                const i = dxStart + c;
                dx[i] = (dx[i] as number) + sum;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** Registers {@link depthwiseConv2dNativeBackpropInput} as 'wasm''s `DepthwiseConv2dNativeBackpropInput`. */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as KernelFunc,
};
