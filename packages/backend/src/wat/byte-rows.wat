;; The loop of `tensorFromByteRows` (src/ops/tensor-from-byte-rows.ts): bytes to float32, each
;; divided by a divisor (255: pixels to [0, 1]), sixteen at a time. The op first copies the rows it
;; gathers next to each other in tfjs-backend-wasm's heap (a memcpy each); this turns them into the
;; float32 tensor's values in place in the same heap.
;;
;; f32.div rounds once, so each value is float32(b / divisor) exactly, as the notebook's
;; `x / 255.0` cast to float32 (and `normalize` of @mnist-wasm/dataset) gives it.
;;
;; Assembled at build time by build/assemble-wat.mjs (npm package wabt, SIMD enabled) into
;; byte-rows.generated.ts; regenerate with `pnpm --filter @mnist-wasm/backend assemble`.
(module
  ;; tfjs-backend-wasm's heap, supplied at instantiation as { env: { memory } }.
  (import "env" "memory" (memory 0))

  ;; bytes_to_floats(src, count, divisor, dst): dst[i] = f32(src[i]) / divisor for i < count.
  ;; src is count bytes, dst count floats; they must not overlap.
  (func (export "bytes_to_floats")
    (param $src i32) (param $count i32) (param $divisor f32) (param $dst i32)
    (local $end i32) (local $whole_end i32) (local $bytes v128) (local $halves v128)
    (local $divisor4 v128)
    (local.set $divisor4 (f32x4.splat (local.get $divisor)))
    (local.set $end (i32.add (local.get $src) (local.get $count)))
    (local.set $whole_end
      (i32.add (local.get $src) (i32.and (local.get $count) (i32.const -16))))
    ;; Sixteen bytes: widened to two i16x8 halves, each to two i32x4 quarters, converted, divided.
    (block $done16
      (loop $sixteen
        (br_if $done16 (i32.ge_u (local.get $src) (local.get $whole_end)))
        (local.set $bytes (v128.load align=1 (local.get $src)))
        (local.set $halves (i16x8.extend_low_i8x16_u (local.get $bytes)))
        (v128.store align=4 (local.get $dst)
          (f32x4.div
            (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $halves)))
            (local.get $divisor4)))
        (v128.store offset=16 align=4 (local.get $dst)
          (f32x4.div
            (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $halves)))
            (local.get $divisor4)))
        (local.set $halves (i16x8.extend_high_i8x16_u (local.get $bytes)))
        (v128.store offset=32 align=4 (local.get $dst)
          (f32x4.div
            (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $halves)))
            (local.get $divisor4)))
        (v128.store offset=48 align=4 (local.get $dst)
          (f32x4.div
            (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $halves)))
            (local.get $divisor4)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (br $sixteen)))
    ;; The last count mod 16 bytes, one at a time.
    (block $done1
      (loop $one
        (br_if $done1 (i32.ge_u (local.get $src) (local.get $end)))
        (f32.store (local.get $dst)
          (f32.div (f32.convert_i32_u (i32.load8_u (local.get $src))) (local.get $divisor)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $one))))
)
