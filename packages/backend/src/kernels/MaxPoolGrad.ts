import {
  backend_util,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
} from '@tensorflow/tfjs-core';
import { allFloat32, readKernelCall } from './gradient-kernel-args';
import { heapValues } from './kernel-utils';

/**
 * Replaces the stock wasm `MaxPoolGrad` (the gradient of `maxPool`), a slow scalar loop, by one
 * pass over the pooling windows:
 *
 *   dx[b, ih, iw, c] = Σ over windows (oh, ow) whose maximum for channel c is at (ih, iw) of dy[b, oh, ow, c]
 *
 * The maximum of a window is its first largest value in row-major order, as in tfjs-backend-cpu, so
 * ties and NaNs get the same gradient there and here. (The stock kernel breaks ties otherwise, and
 * after a ReLU windows of zeros are common.) Non-float32 operands go to the stock kernel.
 */
export function createMaxPoolGradFix(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { wasm, inputs, attrs } = readKernelCall<keyof MaxPoolGradInputs, MaxPoolGradAttrs>(args);
    const { dy, input } = inputs;
    if (!allFloat32(dy, input)) return stock(args);
    const { filterSize, strides, pad, dimRoundingMode } = attrs;
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
    const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
    const out = wasm.makeOutput(input.shape, 'float32');
    const dx = heapValues(wasm, out);
    const x = heapValues(wasm, input);
    const gradient = heapValues(wasm, dy);
    dx.fill(0);
    const { top, left } = info.padInfo;
    let dyAt = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const ihLow = Math.max(0, oh * strideHeight - top);
        const ihHigh = Math.min(inHeight, oh * strideHeight - top + filterHeight);
        for (let ow = 0; ow < outWidth; ow++, dyAt += inChannels) {
          const iwLow = Math.max(0, ow * strideWidth - left);
          const iwHigh = Math.min(inWidth, ow * strideWidth - left + filterWidth);
          for (let c = 0; c < inChannels; c++) {
            let best = Number.NEGATIVE_INFINITY;
            let bestAt = -1;
            for (let ih = ihLow; ih < ihHigh; ih++) {
              let at = ((b * inHeight + ih) * inWidth + iwLow) * inChannels + c;
              for (let iw = iwLow; iw < iwHigh; iw++, at += inChannels) {
                const value = x[at] as number;
                if (value > best) {
                  best = value;
                  bestAt = at;
                }
              }
            }
            if (bestAt >= 0) dx[bestAt] = (dx[bestAt] as number) + (gradient[dyAt + c] as number);
          }
        }
      }
    }
    return out;
  };
}
