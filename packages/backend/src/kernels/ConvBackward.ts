import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { ConvBackward, type ConvBackwardAttrs } from '../kernel-names';
import { backwardBytes, convGeometry, oneChannelBackward, withConvScratch } from './conv-geometry';
import { convLoopsOf } from './conv-simd-loops';
import { heapOffset, heapValues } from './kernel-utils';
import { poolLoopsOf } from './pool-simd-loops';

/**
 * The kernel of {@link ConvBackward}: a Conv2D layer's backward pass in one kernel call, the
 * gradients of `y = activation(x ⊛ filter + bias)` (stride 1) given `dy`:
 *
 *   dz      = dy · (y > 0 for ReLU), a row at a time               [n, oh, ow, f]
 *   dFilter[ky, kx, ci, :] = Σ x[b, oy+ky-top, ox+kx-left, ci] dz[b, oy, ox, :]   [kh, kw, c, f]
 *   dBias   = Σ over positions of dz, in the same pass            [f]       (when attrs.bias)
 *   dx      = dz ⊛ᵀ filter (the transposed convolution)           [n, h, w, c] (when attrs.inputGradient)
 *
 * in one pass over the positions, skipping the zeros of dz (three in four after a max-pool's
 * gradient, more after ReLU), and a float32 scalar checking the filter and bias gradients: 0 when all are finite, NaN otherwise
 * (the last output).
 *
 * With `argmax` and `pooled` inputs the layer is followed by a max-pool (`pooled` its output)
 * and `dy` is the gradient of the pool's output: the pool's backward runs first, in this call,
 * into scratch (on the one-channel route, `oneChannelBackward`, one example at a time inside the
 * loop, gated by `pooled` instead of `y`), with the same results as `PoolBackward` followed by
 * this kernel.
 */
const convBackwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, filter, y, dy, argmax, pooled: py } = inputs as Record<string, TensorInfo | undefined>;
  const { activation, padding, bias, inputGradient } = attrs as unknown as ConvBackwardAttrs;
  const geometry = convGeometry(x!.shape, filter!.shape, padding);
  const relu = activation === 'relu';
  const dFilter = wasm.makeOutput([...filter!.shape], 'float32');
  const dBias = bias ? wasm.makeOutput([geometry.f], 'float32') : undefined;
  const dx = inputGradient ? wasm.makeOutput([...x!.shape], 'float32') : undefined;
  const check = wasm.makeOutput([], 'float32');
  const at = (t: TensorInfo | undefined) => heapOffset(wasm, t);
  const loops = convLoopsOf(wasm);
  const scratchBytes = backwardBytes(geometry, inputGradient);
  const { n, oh, ow, f } = geometry;
  const pooled = argmax === undefined || n === 0 ? 0 : util.sizeFromShape(argmax.shape) / n;
  let finite: number;
  if (argmax !== undefined && oneChannelBackward(geometry, inputGradient)) {
    finite = withConvScratch(wasm, geometry, scratchBytes, (g, scratch) =>
      loops.backwardPooled(
        at(x),
        at(dy),
        at(py),
        at(argmax),
        pooled,
        relu ? 1 : 0,
        at(dFilter),
        at(dBias),
        g,
        scratch,
      ),
    );
  } else {
    // After a max-pool on the other routes: the pool's backward into scratch, then the loop.
    const dz = argmax === undefined ? undefined : wasm.makeOutput([n, oh, ow, f], 'float32');
    try {
      if (dz !== undefined) {
        poolLoopsOf(wasm).backward(at(dy), at(argmax), n, pooled, oh * ow * f, at(dz));
      }
      finite = withConvScratch(wasm, geometry, scratchBytes, (g, scratch) =>
        loops.backward(
          at(x),
          at(dz ?? dy),
          relu ? at(y) : 0,
          at(filter),
          at(dFilter),
          at(dBias),
          at(dx),
          g,
          scratch,
        ),
      );
    } finally {
      if (dz !== undefined) wasm.disposeData(dz.dataId);
    }
  }
  // Read the heap only now: the scratch allocation may have grown (and so replaced) it.
  heapValues(wasm, check)[0] = finite;
  return [dFilter, dBias, dx, check].filter((t): t is TensorInfo => t !== undefined);
};

/** Kernel config of {@link ConvBackward} for the 'wasm' backend. */
export const convBackwardConfig: KernelConfig = {
  kernelName: ConvBackward,
  backendName: 'wasm',
  kernelFunc: convBackwardKernel,
};
