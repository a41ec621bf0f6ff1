/**
 * The loop of {@link tensorFromByteRows} (`../ops/tensor-from-byte-rows.ts`) as a WebAssembly SIMD
 * module, written in WebAssembly text (`../wat/byte-rows.wat`) and assembled at build time with
 * wabt into `../wat/byte-rows.generated.ts`.
 */
import { wasmBytes } from '../wat/byte-rows.generated';
import { simdModuleBinder } from './simd-module';

/** `bytesToFloats(src, count, divisor, dst)`: `dst[i] = f32(src[i]) / divisor`; byte offsets. */
export type BytesToFloats = (src: number, count: number, divisor: number, dst: number) => void;

/**
 * The SIMD loop bound to `memory`, or `null` where it cannot run: a runtime without WebAssembly
 * SIMD, or a shared (threaded) memory, which this module's import does not match.
 */
export const bytesToFloatsFor = simdModuleBinder(
  wasmBytes,
  (exports) => exports.bytes_to_floats as BytesToFloats,
);
