;; The loops of the max-pooling training kernels (src/kernels/PoolForward.ts, PoolBackward.ts): a
;; MaxPooling2D layer's forward pass, which also saves where each maximum was, and its backward
;; pass, which sends each output's gradient back to that place. Tensors are NHWC and float32 (the
;; saved places int32), in tfjs-backend-wasm's heap (the module imports the backend's non-shared
;; WebAssembly.Memory); every pointer is a byte offset into it.
;;
;; Shapes: x [n, h, w, c] (the layer's input), y and argmax [n, oh, ow, c] (its output, and where
;; each output's maximum is within its example: y·w·c + x·c + channel), with valid padding,
;; oh = (h - size) / stride + 1 and ow = (w - size) / stride + 1 (rounded down), as Keras' default.
;;
;;   forward                                   backward
;;   y[b,i,j,ch] = max over the window          dx = 0;  dx[b, argmax[b,i,j,ch]] += dy[b,i,j,ch]
;;   argmax[b,i,j,ch] = where it is
;;
;; The channels of a place are contiguous, so the forward pass takes four channels at a time in
;; f32x4 lanes (then the last c mod 4 one at a time): each lane keeps its own maximum and place.
;; The maximum is the first value, in row-major window order, greater than every value before it,
;; starting from -∞, as tfjs-backend-cpu's maxPool and MaxPoolGrad choose it: on ties the first
;; wins, NaN is never chosen, and a window with no value above -∞ gives -∞ and the place -1, which
;; the backward pass skips (as tfjs-backend-cpu gives it no gradient).
;;
;; The backward pass is a scatter (WebAssembly SIMD has no scatter store), one output at a time, in
;; output order, so that overlapping windows (stride < size) add their gradients in the same order
;; as the JavaScript twin. A place outside its example is skipped, so a wrong argmax cannot write
;; outside dx.
;;
;; src/kernels/pool-loops.ts holds the same loops in plain JavaScript, in the same order (so its
;; results are the same to the bit): the fallback where this module cannot run, and the reference
;; the tests hold it to.
;;
;; Assembled at build time by build/assemble-wat.mjs (npm package wabt, SIMD enabled) into
;; pool-simd-loops.generated.ts; regenerate with `pnpm --filter @mnist-wasm/backend assemble`.
(module
  ;; tfjs-backend-wasm's heap, supplied at instantiation as { env: { memory } }.
  (import "env" "memory" (memory 0))

  ;; The max-pooling forward pass. --------------------------------------------------------------

  ;; forward(x, n, h, w, c, size, stride, y, argmax): x [n, h, w, c] -> y, argmax [n, oh, ow, c],
  ;; windows of size × size every stride places, valid padding (h, w >= size).
  (func (export "forward")
    (param $x i32) (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (param $size i32) (param $stride i32) (param $y i32) (param $argmax i32)
    (local $oh i32) (local $ow i32) (local $c4 i32) (local $row_places i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ch i32) (local $ky i32) (local $kx i32)
    (local $corner i32) (local $place i32) (local $at i32) (local $c_bytes i32)
    (local $row_skip i32) (local $c4_step v128) (local $row_skip4 v128)
    (local $row_bytes i32) (local $row4 v128)
    (local $best4 v128) (local $index4 v128) (local $place4 v128) (local $v4 v128)
    (local $greater4 v128) (local $best f32) (local $index i32) (local $v f32)
    (local.set $oh (i32.add (i32.div_u (i32.sub (local.get $h) (local.get $size)) (local.get $stride)) (i32.const 1)))
    (local.set $ow (i32.add (i32.div_u (i32.sub (local.get $w) (local.get $size)) (local.get $stride)) (i32.const 1)))
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    ;; Values in one row of an example: w · c.
    (local.set $row_places (i32.mul (local.get $w) (local.get $c)))
    ;; A window walks its places from the top-left one: c values to the next place of a row, then
    ;; row_skip = (w - size) · c more to the first place of the next row.
    (local.set $c_bytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $row_skip (i32.mul (i32.sub (local.get $w) (local.get $size)) (local.get $c)))
    (local.set $c4_step (i32x4.splat (local.get $c)))
    (local.set $row_skip4 (i32x4.splat (local.get $row_skip)))
    ;; The bytes and places from a place to the one below it, for the unrolled 2 x 2 windows.
    (local.set $row_bytes (i32.shl (local.get $row_places) (i32.const 2)))
    (local.set $row4 (i32x4.splat (local.get $row_places)))
    (block $examples_done
      (br_if $examples_done (i32.eqz (local.get $n)))
      (loop $example
        (local.set $oy (i32.const 0))
        (loop $output_row
          (local.set $ox (i32.const 0))
          (loop $output_column
            ;; The window's top-left place (channel 0), within the example.
            (local.set $corner
              (i32.add
                (i32.mul (i32.mul (local.get $oy) (local.get $stride)) (local.get $row_places))
                (i32.mul (i32.mul (local.get $ox) (local.get $stride)) (local.get $c))))
            (local.set $ch (i32.const 0))
            ;; Four channels at a time.
            (block $fours_done
              (loop $four
                (br_if $fours_done (i32.ge_u (local.get $ch) (local.get $c4)))
                (local.set $best4 (v128.const f32x4 -inf -inf -inf -inf))
                (local.set $index4 (v128.const i32x4 -1 -1 -1 -1))
                ;; The four lanes' places, and the address of the first, at the window's top-left.
                (local.set $place (i32.add (local.get $corner) (local.get $ch)))
                (local.set $place4
                  (i32x4.add (i32x4.splat (local.get $place)) (v128.const i32x4 0 1 2 3)))
                (local.set $at (i32.add (local.get $x) (i32.shl (local.get $place) (i32.const 2))))
                ;; 2 x 2 windows (Keras' default) unrolled: the same four steps in the same order.
                (if (i32.eq (local.get $size) (i32.const 2))
                  (then
                    (local.set $v4 (v128.load align=4 (local.get $at)))
                    (local.set $greater4 (f32x4.gt (local.get $v4) (local.get $best4)))
                    (local.set $best4
                      (v128.bitselect (local.get $v4) (local.get $best4) (local.get $greater4)))
                    (local.set $index4
                      (v128.bitselect (local.get $place4) (local.get $index4) (local.get $greater4)))
                    (local.set $v4 (v128.load align=4 (i32.add (local.get $at) (local.get $c_bytes))))
                    (local.set $greater4 (f32x4.gt (local.get $v4) (local.get $best4)))
                    (local.set $best4
                      (v128.bitselect (local.get $v4) (local.get $best4) (local.get $greater4)))
                    (local.set $index4
                      (v128.bitselect (i32x4.add (local.get $place4) (local.get $c4_step))
                        (local.get $index4) (local.get $greater4)))
                    (local.set $at (i32.add (local.get $at) (local.get $row_bytes)))
                    (local.set $place4 (i32x4.add (local.get $place4) (local.get $row4)))
                    (local.set $v4 (v128.load align=4 (local.get $at)))
                    (local.set $greater4 (f32x4.gt (local.get $v4) (local.get $best4)))
                    (local.set $best4
                      (v128.bitselect (local.get $v4) (local.get $best4) (local.get $greater4)))
                    (local.set $index4
                      (v128.bitselect (local.get $place4) (local.get $index4) (local.get $greater4)))
                    (local.set $v4 (v128.load align=4 (i32.add (local.get $at) (local.get $c_bytes))))
                    (local.set $greater4 (f32x4.gt (local.get $v4) (local.get $best4)))
                    (local.set $best4
                      (v128.bitselect (local.get $v4) (local.get $best4) (local.get $greater4)))
                    (local.set $index4
                      (v128.bitselect (i32x4.add (local.get $place4) (local.get $c4_step))
                        (local.get $index4) (local.get $greater4)))
                    (v128.store align=4 (local.get $y) (local.get $best4))
                    (v128.store align=4 (local.get $argmax) (local.get $index4))
                    (local.set $y (i32.add (local.get $y) (i32.const 16)))
                    (local.set $argmax (i32.add (local.get $argmax) (i32.const 16)))
                    (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
                    (br $four)))
                (local.set $ky (i32.const 0))
                (loop $window_row
                  (local.set $kx (i32.const 0))
                  (loop $window_column
                    (local.set $v4 (v128.load align=4 (local.get $at)))
                    (local.set $greater4 (f32x4.gt (local.get $v4) (local.get $best4)))
                    (local.set $best4
                      (v128.bitselect (local.get $v4) (local.get $best4) (local.get $greater4)))
                    (local.set $index4
                      (v128.bitselect (local.get $place4) (local.get $index4) (local.get $greater4)))
                    (local.set $at (i32.add (local.get $at) (local.get $c_bytes)))
                    (local.set $place4 (i32x4.add (local.get $place4) (local.get $c4_step)))
                    (br_if $window_column
                      (i32.lt_u
                        (local.tee $kx (i32.add (local.get $kx) (i32.const 1)))
                        (local.get $size))))
                  (local.set $at
                    (i32.add (local.get $at) (i32.shl (local.get $row_skip) (i32.const 2))))
                  (local.set $place4 (i32x4.add (local.get $place4) (local.get $row_skip4)))
                  (br_if $window_row
                    (i32.lt_u
                      (local.tee $ky (i32.add (local.get $ky) (i32.const 1)))
                      (local.get $size))))
                (v128.store align=4 (local.get $y) (local.get $best4))
                (v128.store align=4 (local.get $argmax) (local.get $index4))
                (local.set $y (i32.add (local.get $y) (i32.const 16)))
                (local.set $argmax (i32.add (local.get $argmax) (i32.const 16)))
                (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
                (br $four)))
            ;; The last c mod 4 channels, one at a time.
            (block $ones_done
              (loop $one
                (br_if $ones_done (i32.ge_u (local.get $ch) (local.get $c)))
                (local.set $best (f32.const -inf))
                (local.set $index (i32.const -1))
                (local.set $place (i32.add (local.get $corner) (local.get $ch)))
                (local.set $ky (i32.const 0))
                (loop $window_row
                  (local.set $kx (i32.const 0))
                  (loop $window_column
                    (local.set $v
                      (f32.load (i32.add (local.get $x) (i32.shl (local.get $place) (i32.const 2)))))
                    (if (f32.gt (local.get $v) (local.get $best))
                      (then
                        (local.set $best (local.get $v))
                        (local.set $index (local.get $place))))
                    (local.set $place (i32.add (local.get $place) (local.get $c)))
                    (br_if $window_column
                      (i32.lt_u
                        (local.tee $kx (i32.add (local.get $kx) (i32.const 1)))
                        (local.get $size))))
                  (local.set $place (i32.add (local.get $place) (local.get $row_skip)))
                  (br_if $window_row
                    (i32.lt_u
                      (local.tee $ky (i32.add (local.get $ky) (i32.const 1)))
                      (local.get $size))))
                (f32.store (local.get $y) (local.get $best))
                (i32.store (local.get $argmax) (local.get $index))
                (local.set $y (i32.add (local.get $y) (i32.const 4)))
                (local.set $argmax (i32.add (local.get $argmax) (i32.const 4)))
                (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
                (br $one)))
            (br_if $output_column
              (i32.lt_u
                (local.tee $ox (i32.add (local.get $ox) (i32.const 1)))
                (local.get $ow))))
          (br_if $output_row
            (i32.lt_u
              (local.tee $oy (i32.add (local.get $oy) (i32.const 1)))
              (local.get $oh))))
        (local.set $x
          (i32.add (local.get $x)
            (i32.shl (i32.mul (local.get $h) (local.get $row_places)) (i32.const 2))))
        (br_if $example
          (i32.lt_u
            (local.tee $b (i32.add (local.get $b) (i32.const 1)))
            (local.get $n))))))

  ;; ... and backward. ----------------------------------------------------------------------------

  ;; backward(dy, argmax, n, outputs, inputs, dx): dx [n, inputs] = 0, then
  ;; dx[b, argmax[b, i]] += dy[b, i] for each output i < outputs of each example b, in order;
  ;; places outside [0, inputs) are skipped. dy, argmax [n, outputs].
  (func (export "backward")
    (param $dy i32) (param $argmax i32) (param $n i32) (param $outputs i32) (param $inputs i32)
    (param $dx i32)
    (local $b i32) (local $i i32) (local $place i32) (local $at i32) (local $places4 v128)
    (local $dy4 v128)
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.shl (i32.mul (local.get $n) (local.get $inputs)) (i32.const 2)))
    (block $examples_done
      (br_if $examples_done (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $outputs))))
      (loop $example
        (local.set $i (i32.const 0))
        ;; Four outputs at a time while four are left (two loads for four), then one at a time.
        (block $fours_done
          (loop $four
            (br_if $fours_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $outputs)))
            (local.set $places4 (v128.load align=4 (local.get $argmax)))
            (local.set $dy4 (v128.load align=4 (local.get $dy)))
            (local.set $place (i32x4.extract_lane 0 (local.get $places4)))
            (if (i32.lt_u (local.get $place) (local.get $inputs))
              (then
                (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $place) (i32.const 2))))
                (f32.store (local.get $at)
                  (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 0 (local.get $dy4))))))
            (local.set $place (i32x4.extract_lane 1 (local.get $places4)))
            (if (i32.lt_u (local.get $place) (local.get $inputs))
              (then
                (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $place) (i32.const 2))))
                (f32.store (local.get $at)
                  (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 1 (local.get $dy4))))))
            (local.set $place (i32x4.extract_lane 2 (local.get $places4)))
            (if (i32.lt_u (local.get $place) (local.get $inputs))
              (then
                (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $place) (i32.const 2))))
                (f32.store (local.get $at)
                  (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 2 (local.get $dy4))))))
            (local.set $place (i32x4.extract_lane 3 (local.get $places4)))
            (if (i32.lt_u (local.get $place) (local.get $inputs))
              (then
                (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $place) (i32.const 2))))
                (f32.store (local.get $at)
                  (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 3 (local.get $dy4))))))
            (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
            (local.set $argmax (i32.add (local.get $argmax) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $four)))
        (block $ones_done
        (br_if $ones_done (i32.ge_u (local.get $i) (local.get $outputs)))
        (loop $output
          (local.set $place (i32.load (local.get $argmax)))
          ;; Unsigned: -1 (no maximum) is out of range too.
          (if (i32.lt_u (local.get $place) (local.get $inputs))
            (then
              (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $place) (i32.const 2))))
              (f32.store (local.get $at)
                (f32.add (f32.load (local.get $at)) (f32.load (local.get $dy))))))
          (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
          (local.set $argmax (i32.add (local.get $argmax) (i32.const 4)))
          (br_if $output
            (i32.lt_u
              (local.tee $i (i32.add (local.get $i) (i32.const 1)))
              (local.get $outputs)))))
        (local.set $dx
          (i32.add (local.get $dx) (i32.shl (local.get $inputs) (i32.const 2))))
        (br_if $example
          (i32.lt_u
            (local.tee $b (i32.add (local.get $b) (i32.const 1)))
            (local.get $n))))))
)
