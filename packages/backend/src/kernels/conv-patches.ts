import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * im2col and col2im for NHWC convolutions: the data movement that turns a convolution's gradients
 * into one matrix product each, so that the arithmetic runs on XNNPACK.
 *
 * A convolution of `x [batch, inHeight, inWidth, inChannels]` has one *patch row* per output pixel,
 * `rows = batch · outHeight · outWidth`, and one *patch column* per filter tap and input channel,
 * `k = (fh · filterWidth + fw) · inChannels + ci`, `patchSize = filterHeight · filterWidth ·
 * inChannels`. Patch rows are numbered in NHWC order of the output, so `dy` viewed as
 * `[rows, outChannels]` lines up with them. Taps that fall in the padding read as zero.
 */
export type ConvGeometry = Pick<
  backend_util.Conv2DInfo,
  | 'batchSize'
  | 'inHeight'
  | 'inWidth'
  | 'inChannels'
  | 'outHeight'
  | 'outWidth'
  | 'filterHeight'
  | 'filterWidth'
  | 'strideHeight'
  | 'strideWidth'
  | 'dilationHeight'
  | 'dilationWidth'
  | 'padInfo'
>;

/** Number of patch rows: one per output pixel. */
export function patchRows(g: ConvGeometry): number {
  return g.batchSize * g.outHeight * g.outWidth;
}

/** Number of patch columns: one per filter tap and input channel. */
export function patchSize(g: ConvGeometry): number {
  return g.filterHeight * g.filterWidth * g.inChannels;
}

/**
 * For each filter column `fw`, the output columns `[start[fw], end[fw])` whose tap lands inside the
 * image rather than in the padding, so that loops over them need no bounds test.
 */
export function columnsInImage(g: ConvGeometry): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(g.filterWidth);
  const end = new Int32Array(g.filterWidth);
  for (let fw = 0; fw < g.filterWidth; fw++) {
    const offset = fw * g.dilationWidth - g.padInfo.left;
    const first = clamp(Math.ceil(-offset / g.strideWidth), 0, g.outWidth);
    start[fw] = first;
    end[fw] = clamp(Math.ceil((g.inWidth - offset) / g.strideWidth), first, g.outWidth);
  }
  return { start, end };
}

/**
 * im2col, transposed: writes patch rows `[rowStart, rowEnd)` of `x` as a `[patchSize, rowEnd -
 * rowStart]` row-major matrix into `out`. Transposed, because that is the left operand of
 * `dW = patchesᵀ · dy`, and writing it so keeps every write sequential. Rows are walked in runs
 * along one output row, whose in-image part is a strided copy with no bounds check per value.
 */
export function writeTransposedPatches(
  x: Float32Array,
  g: ConvGeometry,
  rowStart: number,
  rowEnd: number,
  out: Float32Array,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = g;
  const count = rowEnd - rowStart;
  const xStep = strideWidth * inChannels;
  const inside = columnsInImage(g);
  let k = 0;
  for (let fh = 0; fh < g.filterHeight; fh++) {
    const rowOffset = fh * g.dilationHeight - g.padInfo.top;
    for (let fw = 0; fw < g.filterWidth; fw++) {
      const columnOffset = fw * g.dilationWidth - g.padInfo.left;
      const owLow = inside.start[fw] as number;
      const owHigh = inside.end[fw] as number;
      for (let ci = 0; ci < inChannels; ci++, k++) {
        let o = k * count;
        for (let r = rowStart; r < rowEnd; ) {
          const ow0 = r % outWidth;
          const ow1 = Math.min(outWidth, ow0 + rowEnd - r);
          const oh = Math.floor(r / outWidth) % outHeight;
          const b = Math.floor(r / (outWidth * outHeight));
          const ih = oh * strideHeight + rowOffset;
          const low = ih >= 0 && ih < inHeight ? Math.max(ow0, owLow) : ow1;
          const high = Math.max(low, Math.min(ow1, owHigh));
          for (let ow = ow0; ow < low; ow++) out[o++] = 0;
          let src =
            ((b * inHeight + ih) * inWidth + low * strideWidth + columnOffset) * inChannels + ci;
          for (let ow = low; ow < high; ow++, src += xStep) out[o++] = x[src] as number;
          for (let ow = high; ow < ow1; ow++) out[o++] = 0;
          r += ow1 - ow0;
        }
      }
    }
  }
}

/**
 * col2im: adds patch rows `[rowStart, rowEnd)` of `columns` (`[rowEnd - rowStart, patchSize]`,
 * row-major) back onto the input positions they were read from, `dx += col2im(columns)`. Taps in
 * the padding are dropped. The inverse of im2col's gather, so `dx = col2im(dy · Wᵀ)`.
 */
export function addPatchesToImage(
  columns: Float32Array,
  g: ConvGeometry,
  rowStart: number,
  rowEnd: number,
  dx: Float32Array,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = g;
  const { filterHeight, filterWidth, dilationHeight, dilationWidth } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const tapStride = filterWidth * inChannels;
  let src = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const ow = r % outWidth;
    const oh = Math.floor(r / outWidth) % outHeight;
    const b = Math.floor(r / (outWidth * outHeight));
    for (let fh = 0; fh < filterHeight; fh++, src += tapStride) {
      const ih = oh * strideHeight + fh * dilationHeight - top;
      if (ih < 0 || ih >= inHeight) continue;
      const rowBase = (b * inHeight + ih) * inWidth;
      for (let fw = 0; fw < filterWidth; fw++) {
        const iw = ow * strideWidth + fw * dilationWidth - left;
        if (iw < 0 || iw >= inWidth) continue;
        const dst = (rowBase + iw) * inChannels;
        const from = src + fw * inChannels;
        for (let ci = 0; ci < inChannels; ci++) {
          dx[dst + ci] = (dx[dst + ci] as number) + (columns[from + ci] as number);
        }
      }
    }
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * Patch rows per chunk so that one chunk's patch matrix stays near `maxFloats` (16 MiB of float32
 * by default): gradients of large images are computed chunk by chunk in bounded memory.
 */
export function rowsPerChunk(g: ConvGeometry, maxFloats = 1 << 22): number {
  return Math.max(1, Math.floor(maxFloats / patchSize(g)));
}
