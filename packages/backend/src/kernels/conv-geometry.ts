import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backend_util } from '@tensorflow/tfjs-core';
import type { ConvPadding } from '../kernel-names';
import { heapOffset, heapValues } from './kernel-utils';

/**
 * The sizes of one stride-1 NHWC convolution, as the conv loops (`conv-loops.ts`,
 * `../wat/conv-simd-loops.wat`) read them from the heap: 12 int32 in this order.
 */
export interface ConvGeometry {
  /** Examples, input height, width and channels: x [n, h, w, c]. */
  n: number;
  h: number;
  w: number;
  c: number;
  /** Filter height, width and count: filter [kh, kw, c, f]. */
  kh: number;
  kw: number;
  f: number;
  /** Output height and width: y [n, oh, ow, f]. */
  oh: number;
  ow: number;
  /** Rows and columns of zero padding before the input's first row and column. */
  top: number;
  left: number;
}

/** Bytes of the geometry record in the heap. */
export const GEOMETRY_BYTES = 48;

/** The geometry of `x` [n, h, w, c] convolved with `filter` [kh, kw, c, f], stride 1. */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  padding: ConvPadding,
): ConvGeometry {
  const [n, h, w, c] = xShape as [number, number, number, number];
  const [kh, kw, , f] = filterShape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    [n, h, w, c],
    [kh, kw, c, f],
    1,
    1,
    padding,
    undefined,
    false,
    'channelsLast',
  );
  const { outHeight: oh, outWidth: ow } = info;
  return { n, h, w, c, kh, kw, f, oh, ow, top: info.padInfo.top, left: info.padInfo.left };
}

/** Writes `geometry` at byte offset `at` of `heap` (a view of the whole memory). */
export function writeGeometry(heap: Float32Array, at: number, geometry: ConvGeometry): void {
  const { n, h, w, c, kh, kw, f, oh, ow, top, left } = geometry;
  new Int32Array(heap.buffer, at, 12).set([n, h, w, c, kh, kw, f, oh, ow, top, left, 0]);
}

/** The geometry at byte offset `at` of `heap`, as {@link writeGeometry} wrote it. */
export function readGeometry(heap: Float32Array, at: number): ConvGeometry {
  const [n, h, w, c, kh, kw, f, oh, ow, top, left] = new Int32Array(
    heap.buffer,
    at,
    11,
  ) as unknown as number[];
  return { n, h, w, c, kh, kw, f, oh, ow, top, left } as ConvGeometry;
}

/** Bytes of the scratch the forward and filter-gradient loops take as `list`. */
export function listBytes({ h, w, c }: ConvGeometry): number {
  return 4 * h * (w + 1) + 8 * h * w * c;
}

/**
 * Whether the backward loop takes its one-channel route: one input channel, eight filters five
 * columns wide and no input gradient (MNIST's first layer), whose filter gradient follows the
 * nonzero values of x instead of those of dz (see `../wat/conv-simd-loops.wat`).
 */
export function oneChannelBackward({ c, f, kw }: ConvGeometry, inputGradient: boolean): boolean {
  return c === 1 && f === 8 && kw === 5 && !inputGradient;
}

/**
 * Bytes of the scratch the backward loop takes: the filter gradient transposed, with the input
 * gradient the filter transposed, a list, a row of dz and a window of x, and for eight channels
 * five wide the filter gradient's lists of nonzero gradients, one per filter; on the one-channel route
 * ({@link oneChannelBackward}) an example's dz and the list of its x instead.
 */
export function backwardBytes(geometry: ConvGeometry, inputGradient: boolean): number {
  const { n, kh, kw, c, f, oh, ow } = geometry;
  if (oneChannelBackward(geometry, inputGradient)) return 4 * oh * ow * f + listBytes(geometry);
  // Eight channels, five wide: the filter gradient's lists, one a channel (room for every
  // position), and their ends.
  const lists = c === 8 && kw === 5 ? 4 * f + 8 * f * n * oh * ow : 0;
  return 4 * kh * kw * c * f * (inputGradient ? 2 : 1) + 12 * f + 4 * kh * kw * c + lists;
}

/**
 * Runs a conv loop with its scratch: a float32 tensor in the heap holding `geometry`
 * ({@link GEOMETRY_BYTES}), then `loopBytes` for the loop's own lists, freed when the loop returns.
 *
 * @param loop - Called with the byte offsets of the geometry and of the loop's scratch; returns
 *   the loop's finiteness check (0 or NaN), which is returned as it is.
 */
export function withConvScratch(
  wasm: BackendWasm,
  geometry: ConvGeometry,
  loopBytes: number,
  loop: (geometryAt: number, scratchAt: number) => number,
): number {
  const scratch = wasm.makeOutput([(GEOMETRY_BYTES + loopBytes) / 4], 'float32');
  try {
    const at = heapOffset(wasm, scratch);
    writeGeometry(heapValues(wasm, scratch), at, geometry);
    return loop(at, at + GEOMETRY_BYTES);
  } finally {
    wasm.disposeData(scratch.dataId);
  }
}
