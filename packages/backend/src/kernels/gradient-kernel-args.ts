import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  backend_util,
  Conv2D,
  type Conv2DBackpropFilterAttrs,
  getKernel,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { columnsInImage, patchRows, patchSize, rowsPerChunk } from './conv-patches';

type Shape4 = [number, number, number, number];

/** A kernel call as the gradient kernels read it: the wasm backend, named inputs, typed attrs. */
export interface KernelCall<Names extends string, Attrs> {
  readonly wasm: BackendWasm;
  readonly inputs: { readonly [name in Names]: TensorInfo };
  readonly attrs: Attrs;
}

/**
 * A kernel's arguments with the backend as `BackendWasm`, the inputs by name and the attributes as
 * the kernel's `Attrs` type (tfjs types them loosely: `NamedTensorInfoMap`, `NamedAttrMap`).
 */
export function readKernelCall<Names extends string, Attrs>(
  args: Parameters<KernelFunc>[0],
): KernelCall<Names, Attrs> {
  return {
    wasm: args.backend as BackendWasm,
    inputs: args.inputs as unknown as KernelCall<Names, Attrs>['inputs'],
    attrs: args.attrs as unknown as Attrs,
  };
}

/** Whether every tensor is float32: the fixes hand other dtypes to the stock kernel. */
export function allFloat32(...tensors: readonly TensorInfo[]): boolean {
  return tensors.every((tensor) => tensor.dtype === 'float32');
}

/** The attributes every conv gradient kernel (plain or depthwise) has. */
export interface ConvGradientAttrs
  extends Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dimRoundingMode'> {
  /** Depthwise kernels only; 1 for the others. */
  readonly dilations?: [number, number] | number;
  /** `'NHWC'` (default) or `'NCHW'`; depthwise kernels have only NHWC. */
  readonly dataFormat?: Conv2DBackpropFilterAttrs['dataFormat'];
}

/** Whether `dataFormat` puts channels first (NCHW), which the kernels transpose to NHWC. */
export function isChannelsFirst(attrs: ConvGradientAttrs): boolean {
  return backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC') === 'channelsFirst';
}

/**
 * The geometry of the convolution whose gradient a kernel computes, for NHWC `xShape` and
 * `filterShape` (`[fh, fw, ci, co]`, or `[fh, fw, ci, multiplier]` when `depthwise`).
 */
export function convGradientGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvGradientAttrs,
  depthwise = false,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
    'channelsLast',
  );
}

/**
 * The im2col patch matrix of `g` as the patch-product gradients walk it: `rows` patch rows of
 * `size` values each, done in `[start, end)` chunks of rows so the matrix stays bounded.
 */
export function patchChunks(g: backend_util.Conv2DInfo): {
  size: number;
  chunks: [start: number, end: number][];
} {
  const rows = patchRows(g);
  const chunk = rowsPerChunk(g);
  const chunks: [number, number][] = [];
  for (let start = 0; start < rows; start += chunk)
    chunks.push([start, Math.min(rows, start + chunk)]);
  return { size: patchSize(g), chunks };
}

/**
 * Walks a depthwise convolution's taps as the gradient kernels scatter and gather along them:
 * for every example, output pixel and filter tap that reads inside the image, calls `visit` with
 * the start (in values) of the input pixel's channels, of the output pixel's channels and of the
 * tap's `[inChannels · multiplier]` weights. Channels are contiguous at each start.
 */
export function forEachDepthwiseTap(
  g: backend_util.Conv2DInfo,
  visit: (inAt: number, outAt: number, tapAt: number) => void,
): void {
  const inside = columnsInImage(g);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = g;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = g;
  const { top, left } = g.padInfo;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let fh = 0; fh < filterHeight; fh++) {
        const ih = oh * strideHeight + fh * dilationHeight - top;
        if (ih < 0 || ih >= inHeight) continue;
        const inRow = (b * inHeight + ih) * inWidth;
        const outRow = (b * outHeight + oh) * outWidth;
        for (let fw = 0; fw < filterWidth; fw++) {
          const offset = fw * dilationWidth - left;
          const tapAt = (fh * filterWidth + fw) * outChannels;
          for (let ow = inside.start[fw]!; ow < inside.end[fw]!; ow++) {
            visit(
              (inRow + ow * strideWidth + offset) * inChannels,
              (outRow + ow) * outChannels,
              tapAt,
            );
          }
        }
      }
    }
  }
}

/**
 * The stock (XNNPACK) NHWC Conv2D of `x` with `filter`, stride 1, padded by `[top, bottom, left,
 * right]` and dilated by `dilations`: what the gradients that are themselves convolutions run on.
 */
export function stockConv2D(
  x: TensorInfo,
  filter: TensorInfo,
  [top, bottom, left, right]: readonly [number, number, number, number],
  dilations: [number, number] | 1,
  wasm: BackendWasm,
): TensorInfo {
  const conv2D = getKernel(Conv2D, 'wasm')?.kernelFunc as KernelFunc;
  const attrs = {
    strides: 1,
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dilations,
    dataFormat: 'NHWC',
  } as unknown as NamedAttrMap;
  return conv2D({ inputs: { x, filter }, backend: wasm, attrs }) as TensorInfo;
}
