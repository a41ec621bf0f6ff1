/**
 * The loops of the max-pooling training kernels ({@link PoolLoops}), in plain JavaScript: the same
 * loops as the WebAssembly SIMD module `../wat/pool-simd-loops.wat`, in the same order, so the two
 * agree to the bit (the forward pass only compares and copies; the backward pass adds in output
 * order, each sum rounded to float32 as WebAssembly rounds it). This is the fallback where the
 * module cannot run (no SIMD, or the threaded backend's shared memory) and the reference its tests
 * hold it to. The .wat file explains each loop.
 *
 * Shapes: x [n, h, w, c] (a layer's input), y and argmax [n, oh, ow, c] (its output and where each
 * maximum is within its example: y·w·c + x·c + channel, or -1). NHWC, row-major; arguments are byte
 * offsets into the heap.
 */
export interface PoolLoops {
  /** y, argmax = the maxima of x's size × size windows every `stride` places (valid padding). */
  forward(
    x: number,
    n: number,
    h: number,
    w: number,
    c: number,
    size: number,
    stride: number,
    y: number,
    argmax: number,
  ): void;
  /**
   * dx [n, inputs] = 0, then dx[b, argmax[b, i]] += dy[b, i] for i < outputs, in order; places
   * outside [0, inputs) are skipped.
   */
  backward(
    dy: number,
    argmax: number,
    n: number,
    outputs: number,
    inputs: number,
    dx: number,
  ): void;
}

/** {@link PoolLoops} in JavaScript on the float32 heap that `heap()` returns (fresh after growth). */
export function plainPoolLoops(heap: () => Float32Array): PoolLoops {
  const integers = (h: Float32Array) => new Int32Array(h.buffer, h.byteOffset, h.length);
  return {
    forward(x, n, h, w, c, size, stride, y, argmax) {
      const values = heap();
      const places = integers(values);
      const oh = Math.floor((h - size) / stride) + 1;
      const ow = Math.floor((w - size) / stride) + 1;
      const c4 = c & -4;
      const rowPlaces = w * c;
      let [xf, yf, af] = [x >> 2, y >> 2, argmax >> 2];
      // Each channel block in the same order as the SIMD module's lanes, then the tail.
      const window = (corner: number, ch: number) => {
        let best = Number.NEGATIVE_INFINITY;
        let index = -1;
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const place = corner + ch + ky * rowPlaces + kx * c;
            const v = values[xf + place]!;
            if (v > best) {
              best = v;
              index = place;
            }
          }
        }
        values[yf++] = best;
        places[af++] = index;
      };
      for (let b = 0; b < n; b++) {
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            const corner = oy * stride * rowPlaces + ox * stride * c;
            for (let ch = 0; ch < c4; ch += 4)
              for (let lane = 0; lane < 4; lane++) window(corner, ch + lane);
            for (let ch = c4; ch < c; ch++) window(corner, ch);
          }
        }
        xf += h * rowPlaces;
      }
    },
    backward(dy, argmax, n, outputs, inputs, dx) {
      const values = heap();
      const places = integers(values);
      const [dyf, af] = [dy >> 2, argmax >> 2];
      values.fill(0, dx >> 2, (dx >> 2) + n * inputs);
      for (let b = 0; b < n; b++) {
        const base = (dx >> 2) + b * inputs;
        for (let i = b * outputs; i < (b + 1) * outputs; i++) {
          const place = places[af + i]!;
          if (place >= 0 && place < inputs) {
            values[base + place] = Math.fround(values[base + place]! + values[dyf + i]!);
          }
        }
      }
    },
  };
}
