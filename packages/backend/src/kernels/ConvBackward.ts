import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { ConvBackward, type ConvBackwardAttrs } from '../kernel-names';
import { backwardBytes, convGeometry, withConvScratch } from './conv-geometry';
import { convLoopsOf } from './conv-simd-loops';
import { heapOffset, heapValues } from './kernel-utils';

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
 */
const convBackwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, filter, y, dy } = inputs as Record<string, TensorInfo | undefined>;
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
  const finite = withConvScratch(wasm, geometry, scratchBytes, (g, scratch) =>
    loops.backward(
      at(x),
      at(dy),
      relu ? at(y) : 0,
      at(filter),
      at(dFilter),
      at(dBias),
      at(dx),
      g,
      scratch,
    ),
  );
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
