/**
 * The loops of the Dense training kernels ({@link DenseLoops}), in plain JavaScript: the same
 * loops as the WebAssembly SIMD module `../wat/dense-simd-loops.wat`, in the same order of
 * operations, each float32 operation rounded as WebAssembly rounds it (`Math.fround`), so the two
 * agree to the bit. This is the fallback where the module cannot run (no SIMD, or the threaded
 * backend's shared memory) and the reference its tests hold it to. The .wat file explains each loop.
 *
 * Shapes: x [rows, k] (a layer's input), w [k, n] (its kernel), b [n], y [rows, n] (its output).
 * Every matrix is float32 and row-major; arguments are byte offsets into the heap, 0 for "none".
 */
export interface DenseLoops {
  /** y = x · w + b (b optional). x [rows, k], w [k, n], y [rows, n]. */
  forward(x: number, rows: number, k: number, w: number, n: number, b: number, y: number): void;
  /** y = relu(y) (if relu), then y ·= mask (if mask), in place; 0 if every y was finite, else NaN. */
  activate(y: number, count: number, relu: number, mask: number): number;
  /** dz = dy · mask (if mask), 0 where y <= 0 (if relu): the gradient through `activate`. */
  gate(dy: number, y: number, mask: number, count: number, relu: number, dz: number): void;
  /** db = Σᵣ dz[r,:]. dz [rows, n], db [n]. */
  columnSums(dz: number, rows: number, n: number, db: number): void;
  /** dw = xᵀ · dz. x [rows, k], dz [rows, n], dw [k, n]. */
  kernelGradient(x: number, rows: number, k: number, dz: number, n: number, dw: number): void;
  /** dx = dz · wᵀ. dz [rows, n], w [k, n], dx [rows, k]. */
  inputGradient(dz: number, rows: number, n: number, w: number, k: number, dx: number): void;
}

const f = Math.fround;

/** {@link DenseLoops} in JavaScript on the float32 heap that `heap()` returns (fresh after growth). */
export function plainDenseLoops(heap: () => Float32Array): DenseLoops {
  /** dst[i] += a · src[i] for i < count, on float indices. */
  const axpy = (h: Float32Array, dst: number, src: number, a: number, count: number) => {
    for (let i = 0; i < count; i++) h[dst + i] = h[dst + i]! + f(a * h[src + i]!);
  };
  /** a · b over count floats: four lane sums (lane i takes elements ≡ i mod 4), then the tail. */
  const dot = (h: Float32Array, a: number, b: number, count: number) => {
    const lanes = [0, 0, 0, 0];
    const whole = count & ~3;
    for (let i = 0; i < whole; i++) lanes[i & 3] = f(lanes[i & 3]! + f(h[a + i]! * h[b + i]!));
    let sum = f(f(f(lanes[0]! + lanes[1]!) + lanes[2]!) + lanes[3]!);
    for (let i = whole; i < count; i++) sum = f(sum + f(h[a + i]! * h[b + i]!));
    return sum;
  };
  return {
    forward(x, rows, k, w, n, b, y) {
      const h = heap();
      const [xf, wf, bf, yf] = [x >> 2, w >> 2, b >> 2, y >> 2];
      for (let r = 0; r < rows; r++) {
        const yRow = yf + r * n;
        h.fill(0, yRow, yRow + n);
        if (b !== 0) axpy(h, yRow, bf, 1, n);
        for (let j = 0; j < k; j++) {
          const value = h[xf + r * k + j]!;
          if (value !== 0) axpy(h, yRow, wf + j * n, value, n);
        }
      }
    },
    activate(y, count, relu, mask) {
      const h = heap();
      const [yf, mf] = [y >> 2, mask >> 2];
      let check = 0;
      for (let i = 0; i < count; i++) {
        let z = h[yf + i]!;
        check += z - z;
        if (relu !== 0 && !(z > 0)) z = 0;
        if (mask !== 0) z = f(z * h[mf + i]!);
        h[yf + i] = z;
      }
      return check;
    },
    gate(dy, y, mask, count, relu, dz) {
      const h = heap();
      const [dyf, yf, mf, dzf] = [dy >> 2, y >> 2, mask >> 2, dz >> 2];
      for (let i = 0; i < count; i++) {
        let d = h[dyf + i]!;
        if (mask !== 0) d = f(d * h[mf + i]!);
        if (relu !== 0 && !(h[yf + i]! > 0)) d = 0;
        h[dzf + i] = d;
      }
    },
    columnSums(dz, rows, n, db) {
      const h = heap();
      const [dzf, dbf] = [dz >> 2, db >> 2];
      h.fill(0, dbf, dbf + n);
      for (let r = 0; r < rows; r++) axpy(h, dbf, dzf + r * n, 1, n);
    },
    kernelGradient(x, rows, k, dz, n, dw) {
      const h = heap();
      const [xf, dzf, dwf] = [x >> 2, dz >> 2, dw >> 2];
      h.fill(0, dwf, dwf + k * n);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < k; j++) {
          const value = h[xf + r * k + j]!;
          if (value !== 0) axpy(h, dwf + j * n, dzf + r * n, value, n);
        }
      }
    },
    inputGradient(dz, rows, n, w, k, dx) {
      const h = heap();
      const [dzf, wf, dxf] = [dz >> 2, w >> 2, dx >> 2];
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < k; j++) h[dxf + r * k + j] = dot(h, dzf + r * n, wf + j * n, n);
      }
    },
  };
}
