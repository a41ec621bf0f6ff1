/**
 * The loops of the AdamUpdate kernel (`AdamUpdate.ts`) in plain JavaScript: {@link plainAdamLoop},
 * the twin of the WebAssembly SIMD loop `../wat/adam-simd-loop.wat` (`adam-simd-loop.ts`), which
 * runs where the module cannot; and {@link adamTailLoop}, for the last `length mod 4` values of a
 * variable on either route.
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
  ...args: [
    w: number,
    g: number,
    m: number,
    v: number,
    nw: number,
    nm: number,
    nv: number,
    bytes: number,
    ...hyper: AdamLoopHyper,
  ]
) => void;

/**
 * The settings every Adam loop takes last, as the AdamUpdate kernel derives them for one step:
 * b1, 1 - b1, b2, 1 - b2, alpha = lr √(1 - b2ᵗ) / (1 - b1ᵗ), and epsilon.
 */
export type AdamLoopHyper = [
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  alpha: number,
  epsilon: number,
];

const f = Math.fround;

/** The smallest normal float32, 2^-126. */
const SMALLEST_NORMAL = 2 ** -126;

/**
 * The SIMD loop's twin, on the float32 heap that `heap()` returns (fresh after growth): the same
 * arguments and order of operations, each float32 operation rounded as WebAssembly rounds it
 * (`Math.fround`; the hyper-parameters too, which the module receives as f32), so that the two
 * agree to the bit.
 */
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

/**
 * The loop for the values after a variable's last whole group of 4, on both routes: in float64,
 * each result rounded to float32 only where it is stored, as the kernel has always computed them
 * (the SIMD module takes whole groups of 4 only). Running it on both routes keeps their bits
 * equal, and the SIMD route's results as they were.
 */
export function adamTailLoop(heap: () => Float32Array): AdamLoop {
  return (w, g, m, v, nw, nm, nv, bytes, b1, c1, b2, c2, alpha, epsilon) => {
    const h = heap();
    const [wf, gf, mf, vf] = [w >> 2, g >> 2, m >> 2, v >> 2];
    const [nwf, nmf, nvf] = [nw >> 2, nm >> 2, nv >> 2];
    const count = bytes >> 2;
    for (let i = 0; i < count; i++) {
      const grad = h[gf + i]!;
      const mNext = flushSubnormal(b1 * h[mf + i]! + c1 * grad);
      const vNext = flushSubnormal(b2 * h[vf + i]! + c2 * grad * grad);
      h[nmf + i] = mNext;
      h[nvf + i] = vNext;
      h[nwf + i] = h[wf + i]! - (alpha * mNext) / (Math.sqrt(vNext) + epsilon);
    }
  };
}

/** 0 for a value smaller in size than the smallest normal float32; the value otherwise (NaN too). */
function flushSubnormal(value: number): number {
  return Math.abs(value) < SMALLEST_NORMAL ? 0 : value;
}
