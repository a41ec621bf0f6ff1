/**
 * The loops of the Dense training kernels ({@link DenseLoops}), in plain JavaScript: the same
 * loops as the WebAssembly SIMD module `../wat/dense-simd-loops.wat`, in the same order of
 * operations, each float32 operation rounded as WebAssembly rounds it (`Math.fround`), so the two
 * agree to the bit. This is the fallback where the module cannot run (no SIMD, or the threaded
 * backend's shared memory) and the reference its tests hold it to. The .wat file explains each loop.
 *
 * Shapes: x [rows, k] (a layer's input), w [k, n] (its kernel), b [n], y [rows, n] (its output).
 * Every matrix is float32 and row-major; arguments are byte offsets into the heap, 0 for "none".
 * A check is the sum of v - v over the values written: 0 when all are finite, NaN otherwise.
 */
export interface DenseLoops {
  /** y = x · w + b (b optional); the check of y. `list`: scratch of 8k bytes. */
  forward(
    x: number,
    rows: number,
    k: number,
    w: number,
    n: number,
    b: number,
    y: number,
    list: number,
  ): number;
  /** y = relu(y) (if relu), then y ·= mask (if mask), in place. */
  activate(y: number, count: number, relu: number, mask: number): void;
  /** dz = dy · mask (if mask), 0 where y <= 0 (if relu): the gradient through `activate`. */
  gate(dy: number, y: number, mask: number, count: number, relu: number, dz: number): void;
  /** db = Σᵣ dz[r,:]; the check of db. dz [rows, n], db [n]. */
  columnSums(dz: number, rows: number, n: number, db: number): number;
  /** dw = xᵀ · dz; the check of dw. dw [k, n]; `list`: scratch of 8·rows bytes. */
  kernelGradient(
    x: number,
    rows: number,
    k: number,
    dz: number,
    n: number,
    dw: number,
    list: number,
  ): number;
  /** dx = dz · wᵀ. dx [rows, k]; `wt`: scratch of 4nk bytes, `list` of 8n bytes. */
  inputGradient(
    dz: number,
    rows: number,
    n: number,
    w: number,
    k: number,
    dx: number,
    wt: number,
    list: number,
  ): void;
}

const f = Math.fround;

/** {@link DenseLoops} in JavaScript on the float32 heap that `heap()` returns (fresh after growth). */
export function plainDenseLoops(heap: () => Float32Array): DenseLoops {
  /**
   * out[c] = init[c] (0 when init < 0) + Σ value · m[row + c] over the pairs, in order, for c < n
   * (float indices); returns the check of out.
   */
  const combine = (
    h: Float32Array,
    rows: readonly number[],
    values: readonly number[],
    m: number,
    n: number,
    init: number,
    out: number,
  ) => {
    let check = 0;
    for (let c = 0; c < n; c++) {
      let sum = init < 0 ? 0 : h[init + c]!;
      for (let i = 0; i < rows.length; i++) sum = f(sum + f(values[i]! * h[m + rows[i]! + c]!));
      h[out + c] = sum;
      check += sum - sum;
    }
    return check;
  };
  /** The nonzero values of h[src + i · stride] for i < count, with i · rowSize, in order. */
  const nonzeros = (
    h: Float32Array,
    src: number,
    stride: number,
    count: number,
    rowSize: number,
  ) => {
    const rows: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      const value = h[src + i * stride]!;
      if (value !== 0) {
        rows.push(i * rowSize);
        values.push(value);
      }
    }
    return [rows, values] as const;
  };
  return {
    forward(x, rows, k, w, n, b, y) {
      const h = heap();
      let check = 0;
      for (let r = 0; r < rows; r++) {
        const [at, values] = nonzeros(h, (x >> 2) + r * k, 1, k, n);
        check += combine(
          h,
          [...at],
          [...values],
          w >> 2,
          n,
          b === 0 ? -1 : b >> 2,
          (y >> 2) + r * n,
        );
      }
      return check;
    },
    activate(y, count, relu, mask) {
      const h = heap();
      const [yf, mf] = [y >> 2, mask >> 2];
      for (let i = 0; i < count; i++) {
        let z = h[yf + i]!;
        if (relu !== 0 && !(z > 0)) z = 0;
        if (mask !== 0) z = f(z * h[mf + i]!);
        h[yf + i] = z;
      }
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
      let check = 0;
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let r = 0; r < rows; r++) sum = f(sum + h[dzf + r * n + c]!);
        h[dbf + c] = sum;
        check += sum - sum;
      }
      return check;
    },
    kernelGradient(x, rows, k, dz, n, dw) {
      const h = heap();
      let check = 0;
      for (let j = 0; j < k; j++) {
        const [at, values] = nonzeros(h, (x >> 2) + j, k, rows, n);
        check += combine(h, at, values, dz >> 2, n, -1, (dw >> 2) + j * n);
      }
      return check;
    },
    inputGradient(dz, rows, n, w, k, dx) {
      const h = heap();
      const wf = w >> 2;
      // wᵀ [n, k], in a scratch array of its own (the SIMD loops use the heap's `wt`).
      const wt = new Float32Array(n * k);
      for (let j = 0; j < k; j++) for (let c = 0; c < n; c++) wt[c * k + j] = h[wf + j * n + c]!;
      for (let r = 0; r < rows; r++) {
        const [at, values] = nonzeros(h, (dz >> 2) + r * n, 1, n, k);
        for (let j = 0; j < k; j++) {
          let sum = 0;
          for (let i = 0; i < at.length; i++) sum = f(sum + f(values[i]! * wt[at[i]! + j]!));
          h[(dx >> 2) + r * k + j] = sum;
        }
      }
    },
  };
}
