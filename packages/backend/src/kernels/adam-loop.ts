/**
 * The loop of the AdamUpdate kernel (`AdamUpdate.ts`) in plain JavaScript: the twin of the
 * WebAssembly SIMD loop `../wat/adam-simd-loop.wat` (`adam-simd-loop.ts`), with the same arguments
 * and the same order of operations, each float32 operation rounded as WebAssembly rounds it
 * (`Math.fround`; the hyper-parameters too, which the module receives as f32), so that the two
 * agree to the bit. It runs the values the SIMD loop leaves (a length not a multiple of 4), and
 * all of them where the module cannot run.
 */

/**
 * `adam(w, g, m, v, nw, nm, nv, bytes, b1, 1 - b1, b2, 1 - b2, alpha, epsilon)`: one Adam step
 * over `bytes / 4` floats, reading w, g, m, v and writing nw, nm, nv (byte offsets into the heap):
 *
 *   m' = b1 m + c1 g;  v' = b2 v + c2 g²  (each 0 when smaller than 2^-126 in size)
 *   w' = w - alpha m' / (√v' + epsilon)
 *
 * The SIMD loop takes a multiple of 16 `bytes`; the JavaScript one any multiple of 4.
 */
export type AdamLoop = (
  w: number,
  g: number,
  m: number,
  v: number,
  nw: number,
  nm: number,
  nv: number,
  bytes: number,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  alpha: number,
  epsilon: number,
) => void;

const f = Math.fround;

/** The smallest normal float32, 2^-126. */
const SMALLEST_NORMAL = 2 ** -126;

/** {@link AdamLoop} in JavaScript on the float32 heap that `heap()` returns (fresh after growth). */
export function plainAdamLoop(heap: () => Float32Array): AdamLoop {
  return (w, g, m, v, nw, nm, nv, bytes, b1, c1, b2, c2, alpha, epsilon) => {
    const h = heap();
    const b1f = f(b1);
    const c1f = f(c1);
    const b2f = f(b2);
    const c2f = f(c2);
    const alphaf = f(alpha);
    const epsilonf = f(epsilon);
    const [wf, gf, mf, vf] = [w >> 2, g >> 2, m >> 2, v >> 2];
    const [nwf, nmf, nvf] = [nw >> 2, nm >> 2, nv >> 2];
    const count = bytes >> 2;
    for (let i = 0; i < count; i++) {
      const grad = h[gf + i]!;
      const mNext = flushSubnormal(f(f(b1f * h[mf + i]!) + f(c1f * grad)));
      const vNext = flushSubnormal(f(f(b2f * h[vf + i]!) + f(c2f * f(grad * grad))));
      h[nmf + i] = mNext;
      h[nvf + i] = vNext;
      h[nwf + i] = f(h[wf + i]! - f(f(alphaf * mNext) / f(f(Math.sqrt(vNext)) + epsilonf)));
    }
  };
}

/** 0 for a value smaller in size than the smallest normal float32; the value otherwise (NaN too). */
function flushSubnormal(value: number): number {
  return Math.abs(value) < SMALLEST_NORMAL ? 0 : value;
}
