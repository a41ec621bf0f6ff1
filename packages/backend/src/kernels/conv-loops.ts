import { oneChannelBackward, readGeometry } from './conv-geometry';

/**
 * The loops of the Conv2D training kernels ({@link ConvLoops}), in plain JavaScript: the same sums
 * as the WebAssembly SIMD module `../wat/conv-simd-loops.wat`, each in the same order of
 * operations, each float32 operation rounded as WebAssembly rounds it (`Math.fround`), so the two
 * agree to the bit. This is the fallback where the module cannot run (no SIMD, or the threaded
 * backend's shared memory) and the reference its tests hold it to. The .wat file explains each loop
 * and how it finds the nonzero values this code simply tests one by one.
 *
 * Shapes (stride 1, NHWC): x [n, h, w, c] (a layer's input), filter [kh, kw, c, f] (as Keras
 * stores it), b [f], y, dy and dz [n, oh, ow, f] (its output, its loss gradient, and the gradient
 * of its pre-activation).
 * Every tensor is float32 and row-major; arguments are byte offsets into the heap, 0 for "none".
 * `g` points to the geometry, 12 int32: n, h, w, c, kh, kw, f, oh, ow, top, left and 0 (`top` and
 * `left` are the padding before the first row and column). A check is the sum of v - v over the
 * values written: 0 when all are finite, NaN otherwise.
 *
 * Order of each sum (the contract between the two versions): an output starts from its bias (or 0)
 * and adds x · filter over the taps (ky, kx, ci) in that order, skipping the values of x equal to
 * 0; a filter gradient adds over the output positions (b, oy, ox) in that order, skipping the
 * values of dz equal to 0 (not those of x, and the padding counts as x = 0), or on the one-channel
 * route (`oneChannelBackward`) the products whose x is 0 or padding instead; a bias gradient adds
 * every row of dz; an input gradient adds, over the positions and then the taps (ky, kx), one sum
 * each, Σ dz[b, oy, ox, j] · filter[ky, kx, ci, j] over the nonzero dz from j = 0.
 */
export interface ConvLoops {
  /**
   * y = activation(conv2d(x, filter) + b) (b optional; ReLU when relu ≠ 0); the check of the
   * pre-activations. `list`: scratch of 4·h·(w + 1) + 8·h·w·c bytes.
   */
  forward(
    x: number,
    filter: number,
    b: number,
    y: number,
    g: number,
    list: number,
    relu: number,
  ): number;
  /**
   * With dz = dy where y > 0, else 0 (ReLU's gradient; dz = dy when y is 0, no activation):
   * dFilter = Σ x ⊗ dz over the positions, db = Σ dz (when db ≠ 0) and dx, the transposed
   * convolution of dz with the filter [n, h, w, c] (when dx ≠ 0); the check of dFilter and db.
   * `scratch`: `backwardBytes` (conv-geometry.ts) bytes.
   */
  backward(
    x: number,
    dy: number,
    y: number,
    filter: number,
    dFilter: number,
    db: number,
    dx: number,
    g: number,
    scratch: number,
  ): number;
  /**
   * {@link ConvLoops.backward} on the one-channel route (`oneChannelBackward`, no dx) of a layer
   * followed by a max-pool: `py` is the pool's output [n, ph, pw, f], `dp` its loss gradient,
   * `argmax` (int32) where each maximum is within its example of y, all of one shape, `pooled` =
   * ph · pw · f; ReLU when `relu` ≠ 0. The same gradients, bit for bit, as the pool's backward
   * (dy = 0, then each dp added at its place, a place outside the example skipped) followed by
   * `backward`; y is not read (py holds its value at each argmax).
   */
  backwardPooled(
    x: number,
    dp: number,
    py: number,
    argmax: number,
    pooled: number,
    relu: number,
    dFilter: number,
    db: number,
    g: number,
    scratch: number,
  ): number;
}

const f = Math.fround;

/** Whether h[at + j] is 0 for every j < count. */
function allZero(h: Float32Array, at: number, count: number): boolean {
  for (let j = 0; j < count; j++) if (h[at + j] !== 0) return false;
  return true;
}

/** {@link ConvLoops} in JavaScript on the float32 heap that `heap()` returns (fresh after growth). */
export function plainConvLoops(heap: () => Float32Array): ConvLoops {
  return {
    forward(x, filter, b, y, g, _list, relu) {
      const h = heap();
      const { n, h: height, w, c, kh, kw, f: fs, oh, ow, top, left } = readGeometry(h, g);
      const [xf, wf, bf, yf] = [x >> 2, filter >> 2, b >> 2, y >> 2];
      let check = 0;
      for (let e = 0; e < n; e++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            const out = yf + ((e * oh + oy) * ow + ox) * fs;
            for (let j = 0; j < fs; j++) {
              let sum = b === 0 ? 0 : h[bf + j]!;
              for (let ky = 0; ky < kh; ky++) {
                const iy = oy + ky - top;
                if (iy < 0 || iy >= height) continue;
                for (let kx = 0; kx < kw; kx++) {
                  const ix = ox + kx - left;
                  if (ix < 0 || ix >= w) continue;
                  const xRow = xf + ((e * height + iy) * w + ix) * c;
                  const wRow = wf + (ky * kw + kx) * c * fs + j;
                  for (let ci = 0; ci < c; ci++) {
                    const v = h[xRow + ci]!;
                    if (v !== 0) sum = f(sum + f(v * h[wRow + ci * fs]!));
                  }
                }
              }
              check += sum - sum;
              h[out + j] = relu !== 0 && !(sum > 0) ? 0 : sum;
            }
          }
        }
      }
      return check;
    },
    backward(x, dy, y, filter, dFilter, db, dx, g) {
      const h = heap();
      return backwardFrom(h, h, dy >> 2, x, y, filter, dFilter, db, dx, g);
    },
    backwardPooled(x, dp, py, argmax, pooled, relu, dFilter, db, g) {
      const h = heap();
      const places = new Int32Array(h.buffer);
      const { n, oh, ow, f: fs } = readGeometry(h, g);
      const perExample = oh * ow * fs;
      // The pool's backward, each value gated as ReLU gates the place it goes to (py is y there).
      const dz = new Float32Array(n * perExample);
      for (let e = 0; e < n; e++) {
        for (let i = e * pooled; i < (e + 1) * pooled; i++) {
          const place = places[(argmax >> 2) + i]!;
          if (place < 0 || place >= perExample) continue;
          const at = e * perExample + place;
          const gated = relu !== 0 && !(h[(py >> 2) + i]! > 0);
          dz[at] = f(dz[at]! + (gated ? 0 : h[(dp >> 2) + i]!));
        }
      }
      return backwardFrom(h, dz, 0, x, 0, 0, dFilter, db, 0, g);
    },
  };
}

/**
 * {@link ConvLoops.backward} with dy read from `source` at float index `dyf` (the heap, or a
 * gradient made outside it); every other operand is a byte offset into the heap `h`.
 */
function backwardFrom(
  h: Float32Array,
  source: Float32Array,
  dyf: number,
  x: number,
  y: number,
  filter: number,
  dFilter: number,
  db: number,
  dx: number,
  g: number,
): number {
  const geometry = readGeometry(h, g);
  const { n, h: height, w, c, kh, kw, f: fs, oh, ow, top, left } = geometry;
  const [xf, yf, wf, dwf, dbf, dxf] = [x >> 2, y >> 2, filter >> 2, dFilter >> 2, db >> 2, dx >> 2];
  // The one-channel route skips the products whose x is 0, not those whose dz is 0.
  const byPixels = oneChannelBackward(geometry, dx !== 0);
  const dzRow = new Float32Array(fs);
  const size = kh * kw * c * fs;
  h.fill(0, dwf, dwf + size);
  if (db !== 0) h.fill(0, dbf, dbf + fs);
  if (dx !== 0) h.fill(0, dxf, dxf + n * height * w * c);
  for (let e = 0; e < n; e++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        // dz's row: dy's, 0 where y <= 0 with ReLU.
        const at = ((e * oh + oy) * ow + ox) * fs;
        for (let j = 0; j < fs; j++) {
          dzRow[j] = y === 0 || h[yf + at + j]! > 0 ? source[dyf + at + j]! : 0;
        }
        if (db !== 0) for (let j = 0; j < fs; j++) h[dbf + j] = f(h[dbf + j]! + dzRow[j]!);
        if (!byPixels && allZero(dzRow, 0, fs)) continue;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy + ky - top;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox + kx - left;
            const inside = iy >= 0 && iy < height && ix >= 0 && ix < w;
            const xRow = xf + ((e * height + iy) * w + ix) * c;
            const wRow = wf + (ky * kw + kx) * c * fs;
            const dxRow = dxf + ((e * height + iy) * w + ix) * c;
            for (let ci = 0; ci < c; ci++) {
              // The filter: each nonzero gradient adds its product with x, zero or not, and
              // with 0 where the window is padding.
              const xValue = inside ? h[xRow + ci]! : 0;
              const row = dwf + ((ky * kw + kx) * c + ci) * fs;
              let sum = 0;
              for (let j = 0; j < fs; j++) {
                const v = dzRow[j]!;
                if (byPixels ? xValue === 0 : v === 0) continue;
                h[row + j] = f(h[row + j]! + f(v * xValue));
                if (inside) sum = f(sum + f(v * h[wRow + ci * fs + j]!));
              }
              if (dx !== 0 && inside) h[dxRow + ci] = f(h[dxRow + ci]! + sum);
            }
          }
        }
      }
    }
  }
  let check = 0;
  for (let i = 0; i < size; i++) check += h[dwf + i]! - h[dwf + i]!;
  if (db !== 0) for (let j = 0; j < fs; j++) check += h[dbf + j]! - h[dbf + j]!;
  return check;
}
