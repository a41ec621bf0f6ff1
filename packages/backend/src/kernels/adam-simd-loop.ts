/**
 * The inner loop of the AdamUpdate kernel (`AdamUpdate.ts`) as a tiny WebAssembly SIMD module,
 * written in WebAssembly text (`../wat/adam-simd-loop.wat`, which explains each step) and
 * assembled at build time with wabt into `../wat/adam-simd-loop.generated.ts`. It works directly
 * on tfjs-backend-wasm's heap (it imports the backend's `WebAssembly.Memory`), so no tensor is
 * copied. The update touches every weight of the model on every step; the same loop in JavaScript
 * handles one float at a time, f32x4 lanes handle four. The README's benchmark times both.
 * `adam-loop.ts` holds its plain JavaScript twin, equal to the bit.
 *
 *   (func (export "adam") (param $w $g $m $v $new_w $new_m $new_v $bytes i32)
 *                         (param $b1 $c1 $b2 $c2 $alpha $eps f32)
 *     ;; for i in [0, bytes) step 16, 4 floats at a time:
 *     ;;   m' = b1 m + c1 g;  v' = b2 v + c2 g²;  w' = w - alpha m' / (√v' + eps)
 *     ;; with c1 = 1 - b1, c2 = 1 - b2; new values go to $new_w $new_m $new_v.
 */
import { wasmBytes } from '../wat/adam-simd-loop.generated';
import type { AdamLoop } from './adam-loop';
import { simdModuleBinder } from './simd-module';

/**
 * The SIMD {@link AdamLoop} bound to `memory`, or `null` where it cannot run: a runtime without
 * WebAssembly SIMD, or a shared (threaded) memory, which this module's import does not match.
 */
export const adamSimdLoopFor = simdModuleBinder(wasmBytes, (exports) => exports.adam as AdamLoop);
