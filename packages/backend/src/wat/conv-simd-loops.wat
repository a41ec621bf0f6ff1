;; The loops of the Conv2D training kernels (src/kernels/ConvForward.ts, ConvBackward.ts): a
;; stride-1 convolution's forward pass with its bias and ReLU, and its backward pass, four floats
;; at a time in f32x4 lanes. Every tensor is float32, NHWC, row-major, in tfjs-backend-wasm's heap
;; (the module imports the backend's non-shared WebAssembly.Memory); every pointer is a byte offset
;; into it, 0 for "none".
;;
;; Shapes: x [n, h, w, c] (the layer's input), filter [kh, kw, c, f] (as Keras stores it), b [f],
;; y, dy and dz [n, oh, ow, f] (the output, its loss gradient, and the gradient of the
;; pre-activation: dz = dy · (y > 0) with ReLU, dy without). `g` points to the geometry, 12 int32:
;; n h w c kh kw f oh ow top left 0, where top and left are the rows and columns of zero padding
;; before the input ('valid': 0; 'same': (k - 1) / 2 rounded down).
;;
;;   forward                                        backward
;;   y[b,oy,ox,:] = act(b + Σ x[b,iy,ix,ci]          dFilter[ky,kx,ci,j] = Σ x[b,iy,ix,ci] dz[b,oy,ox,j]
;;                         · filter[ky,kx,ci,:])     db = Σ dz[b,oy,ox,:]
;;     over the taps (ky, kx, ci),                   dx[b,iy,ix,:] = Σ dz[b,oy,ox,j] filter[ky,kx,:,j]
;;     iy = oy + ky - top, ix = ox + kx - left         over the positions, dz = dy · (y > 0)
;;   (forward)                                                                (backward, one pass)
;;
;; Zeros cost nothing. For the forward pass $index_rows lists the nonzero values of one example's
;; x, row by row, as (filter offset, value) pairs, with a table of where each column's pairs
;; start, so that an output's window is one range of pairs per filter row: the forward keeps 16, 4
;; or 1 output channels in registers and runs down the window's pairs (a filter row, scaled by
;; the value, per pair), or, when x is mostly zeros, scatters each pair into the outputs it
;; touches. The backward pass lists each position's nonzero gradients dz[b,oy,ox,j] (a max-pool's
;; gradient leaves three in four zero, ReLU more) and only those do work: each adds its product
;; with x's window into the filter's gradient, and its product with the filter into dx.
;;
;; Sums run in one order, which src/kernels/conv-loops.ts (the same sums in plain JavaScript, the
;; fallback and the tests' reference) follows to the bit: an output adds over the taps (ky, kx,
;; ci) in that order from its bias, skipping zeros of x; a filter or bias gradient adds over the
;; positions (b, oy, ox), skipping zeros of dz (the bias gradient adds every row; the filter
;; gradient of $backward_one_channel skips the products whose x is 0 instead); an input
;; gradient adds, over the positions and then the taps, one sum each, over the nonzero dz[j] from
;; j = 0, to what dx holds.
;;
;; Products and sums also return a check of what they wrote: the sum of v - v over its values, 0
;; when all are finite and NaN when one is not.
;;
;; Assembled at build time by build/assemble-wat.mjs (npm package wabt, SIMD enabled) into
;; conv-simd-loops.generated.ts; regenerate with `pnpm --filter @mnist-wasm/backend assemble`.
(module
  ;; tfjs-backend-wasm's heap, supplied at instantiation as { env: { memory } }.
  (import "env" "memory" (memory 0))

  ;; index_rows(x, h, w, c, step, table, list) -> list_end: for each of the h rows of one
  ;; example's x [h, w, c], its nonzero values as (m · step, value) pairs of 8 bytes from list on,
  ;; m = ix · c + ci the value's place in the row and step the bytes of one filter row (4f), and
  ;; where each column's pairs start: table[iy · (w + 1) + ix], with table[iy · (w + 1) + w] where
  ;; the row's end. The pairs of a window of columns [lo, hi) are then those from table[lo] to
  ;; table[hi]. As in the Dense loops' list, each pair is written and only kept when its value is
  ;; not 0, so that no branch depends on the values.
  (func $index_rows
    (param $x i32) (param $h i32) (param $w i32) (param $c i32) (param $step i32)
    (param $table i32) (param $list i32) (result i32)
    (local $iy i32) (local $ix i32) (local $ci i32) (local $whole i32) (local $offset i32)
    (local $value f32)
    (local.set $whole (i32.and (local.get $c) (i32.const -4)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $iy) (local.get $h)))
        (local.set $offset (i32.const 0))
        (local.set $ix (i32.const 0))
        (block $columns_done
          (loop $columns
            (br_if $columns_done (i32.ge_u (local.get $ix) (local.get $w)))
            (i32.store (local.get $table) (local.get $list))
            (local.set $table (i32.add (local.get $table) (i32.const 4)))
            (local.set $ci (i32.const 0))
            ;; Four channels at a time while four are left: four zeros cost one test.
            (block $fours_done
              (loop $fours
                (br_if $fours_done (i32.ge_u (local.get $ci) (local.get $whole)))
                (if (v128.any_true (v128.load align=4 (local.get $x)))
                  (then
                    (i32.store (local.get $list) (local.get $offset))
                    (f32.store offset=4 (local.get $list)
                      (local.tee $value (f32.load (local.get $x))))
                    (local.set $list (i32.add (local.get $list)
                      (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                    (i32.store (local.get $list) (i32.add (local.get $offset) (local.get $step)))
                    (f32.store offset=4 (local.get $list)
                      (local.tee $value (f32.load offset=4 (local.get $x))))
                    (local.set $list (i32.add (local.get $list)
                      (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                    (i32.store (local.get $list)
                      (i32.add (local.get $offset) (i32.shl (local.get $step) (i32.const 1))))
                    (f32.store offset=4 (local.get $list)
                      (local.tee $value (f32.load offset=8 (local.get $x))))
                    (local.set $list (i32.add (local.get $list)
                      (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                    (i32.store (local.get $list)
                      (i32.add (local.get $offset) (i32.mul (local.get $step) (i32.const 3))))
                    (f32.store offset=4 (local.get $list)
                      (local.tee $value (f32.load offset=12 (local.get $x))))
                    (local.set $list (i32.add (local.get $list)
                      (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (local.set $offset
                  (i32.add (local.get $offset) (i32.shl (local.get $step) (i32.const 2))))
                (local.set $ci (i32.add (local.get $ci) (i32.const 4)))
                (br $fours)))
            ;; The rest one at a time (all of them with fewer than four channels).
            (block $ones_done
              (loop $ones
                (br_if $ones_done (i32.ge_u (local.get $ci) (local.get $c)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load (local.get $x))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (local.set $offset (i32.add (local.get $offset) (local.get $step)))
                (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
                (br $ones)))
            (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
            (br $columns)))
        (i32.store (local.get $table) (local.get $list))
        (local.set $table (i32.add (local.get $table) (i32.const 4)))
        (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
        (br $rows)))
    (local.get $list))

  ;; window(ox, left, kw, w) -> the window of output column ox as two byte offsets into a row of
  ;; $index_rows' table, 4 · clamp(ox - left) and 4 · clamp(ox - left + kw), clamp to [0, w], in
  ;; the low and high half of an i64.
  (func $window (param $ox i32) (param $left i32) (param $kw i32) (param $w i32) (result i64)
    (local $lo i32) (local $hi i32)
    (local.set $lo (i32.sub (local.get $ox) (local.get $left)))
    (local.set $hi (i32.add (local.get $lo) (local.get $kw)))
    (local.set $lo (select (i32.const 0) (local.get $lo) (i32.lt_s (local.get $lo) (i32.const 0))))
    (local.set $hi (select (local.get $w) (local.get $hi) (i32.gt_s (local.get $hi) (local.get $w))))
    (i64.or
      (i64.extend_i32_u (i32.shl (local.get $lo) (i32.const 2)))
      (i64.shl (i64.extend_i32_u (i32.shl (local.get $hi) (i32.const 2))) (i64.const 32))))

  ;; The convolution, forward: y = act(x ⊛ filter + b). ------------------------------------------

  ;; forward(x, filter, b, y, g, list, relu) -> check: y = relu(x ⊛ filter + b) (relu ≠ 0) or
  ;; x ⊛ filter + b, b optional; the check of the pre-activations. list: scratch of
  ;; 4·h·(w + 1) + 8·h·w·c bytes for $index_rows (its table, then its pairs). Each output position sums its channels 16
  ;; at a time in four registers (then 4, then 1), over the window pairs of each tap row ky.
  (func (export "forward")
    (param $x i32) (param $filter i32) (param $b i32) (param $y i32) (param $g i32)
    (param $list i32) (param $relu i32) (result f32)
    (local $n i32) (local $h i32) (local $w i32) (local $c i32) (local $kh i32) (local $kw i32)
    (local $f i32) (local $oh i32) (local $ow i32) (local $top i32) (local $left i32)
    (local $e i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $iy i32) (local $col i32)
    (local $step i32) (local $tap_row i32) (local $shift i32) (local $pairs i32) (local $x_bytes i32)
    (local $window i32) (local $base i32) (local $p i32) (local $end i32) (local $row i32)
    (local $value4 v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $check4 v128) (local $s f32) (local $check f32) (local $pairs_end i32)
    (local $table_row i32) (local $lo i32) (local $hi i32) (local $bounds i64)
    (local.set $n (i32.load (local.get $g)))
    (local.set $h (i32.load offset=4 (local.get $g)))
    (local.set $w (i32.load offset=8 (local.get $g)))
    (local.set $c (i32.load offset=12 (local.get $g)))
    (local.set $kh (i32.load offset=16 (local.get $g)))
    (local.set $kw (i32.load offset=20 (local.get $g)))
    (local.set $f (i32.load offset=24 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $top (i32.load offset=36 (local.get $g)))
    (local.set $left (i32.load offset=40 (local.get $g)))
    (local.set $step (i32.shl (local.get $f) (i32.const 2)))
    (local.set $table_row (i32.shl (i32.add (local.get $w) (i32.const 1)) (i32.const 2)))
    (local.set $shift (i32.mul (local.get $c) (local.get $step)))
    (local.set $tap_row (i32.mul (local.get $kw) (local.get $shift)))
    (local.set $pairs
      (i32.add (local.get $list)
        (i32.shl (i32.mul (local.get $h) (i32.add (local.get $w) (i32.const 1))) (i32.const 2))))
    (local.set $x_bytes
      (i32.shl (i32.mul (i32.mul (local.get $h) (local.get $w)) (local.get $c)) (i32.const 2)))
    (block $examples_done
      (loop $examples
        (br_if $examples_done (i32.ge_u (local.get $e) (local.get $n)))
        (local.set $pairs_end
          (call $index_rows (local.get $x) (local.get $h) (local.get $w) (local.get $c)
            (local.get $step) (local.get $list) (local.get $pairs)))
        ;; Few nonzeros (MNIST's pixels): scatter each into the outputs it touches, row by row.
        ;; Otherwise gather each output's window in registers.
        (if (i32.lt_u
              (i32.mul
                (i32.mul (i32.shr_u (i32.sub (local.get $pairs_end) (local.get $pairs)) (i32.const 3))
                  (local.get $kw))
                (i32.shr_u (i32.add (local.get $f) (i32.const 3)) (i32.const 2)))
              (i32.shl (i32.mul (local.get $oh) (local.get $ow)) (i32.const 3)))
          (then
            (local.set $check (f32.add (local.get $check)
              (if (result f32)
                (i32.and (i32.eq (local.get $c) (i32.const 1))
                  (i32.and (i32.eq (local.get $f) (i32.const 8)) (i32.eq (local.get $kw) (i32.const 5))))
                (then
                  (call $scatter_one_channel (local.get $filter) (local.get $b) (local.get $y)
                    (local.get $g) (local.get $list) (local.get $relu)))
                (else
                  (call $scatter_example (local.get $filter) (local.get $b) (local.get $y)
                    (local.get $g) (local.get $list) (local.get $relu))))))
            (local.set $y (i32.add (local.get $y)
              (i32.mul (i32.mul (local.get $oh) (local.get $ow)) (local.get $step)))))
          (else
            (local.set $oy (i32.const 0))
            (block $rows_done
              (loop $rows
                (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $oh)))
                (local.set $ox (i32.const 0))
                (block $columns_done
                  (loop $columns
                    (br_if $columns_done (i32.ge_u (local.get $ox) (local.get $ow)))
                    ;; The pairs of this column's window: table[lo] to table[hi] of each row.
                    (local.set $bounds
                      (call $window (local.get $ox) (local.get $left) (local.get $kw) (local.get $w)))
                    (local.set $lo (i32.wrap_i64 (local.get $bounds)))
                    (local.set $hi (i32.wrap_i64 (i64.shr_u (local.get $bounds) (i64.const 32))))
                    ;; filter + ky · tap_row - (ox - left) · shift + m · step is the filter row of
                    ;; the pair (m · step, value) at tap row ky.
                    (local.set $window
                      (i32.sub (local.get $filter)
                        (i32.mul (i32.sub (local.get $ox) (local.get $left)) (local.get $shift))))
                    (local.set $col (i32.const 0))
                    ;; 16 channels at a time, in a0..a3.
                    (block $sixteens_done
                      (loop $sixteens
                        (br_if $sixteens_done
                          (i32.gt_u (i32.add (local.get $col) (i32.const 64)) (local.get $step)))
                        (if (local.get $b)
                          (then
                            (local.set $row (i32.add (local.get $b) (local.get $col)))
                            (local.set $a0 (v128.load align=4 (local.get $row)))
                            (local.set $a1 (v128.load offset=16 align=4 (local.get $row)))
                            (local.set $a2 (v128.load offset=32 align=4 (local.get $row)))
                            (local.set $a3 (v128.load offset=48 align=4 (local.get $row))))
                          (else
                            (local.set $a0 (v128.const i32x4 0 0 0 0))
                            (local.set $a1 (v128.const i32x4 0 0 0 0))
                            (local.set $a2 (v128.const i32x4 0 0 0 0))
                            (local.set $a3 (v128.const i32x4 0 0 0 0))))
                        (local.set $ky (i32.const 0))
                        (local.set $base (i32.add (local.get $window) (local.get $col)))
                        (block $taps_done
                          (loop $taps
                            (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
                            (local.set $iy
                              (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
                            (if (i32.lt_u (local.get $iy) (local.get $h))
                              (then
                                (local.set $p (i32.add (local.get $list)
                                  (i32.mul (local.get $iy) (local.get $table_row))))
                                (local.set $end (i32.load (i32.add (local.get $p) (local.get $hi))))
                                (local.set $p (i32.load (i32.add (local.get $p) (local.get $lo))))
                                (block $pairs_done
                                  (loop $pair
                                    (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
                                    (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
                                    (local.set $row (i32.add (local.get $base) (i32.load (local.get $p))))
                                    (local.set $a0 (f32x4.add (local.get $a0)
                                      (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $row)))))
                                    (local.set $a1 (f32x4.add (local.get $a1)
                                      (f32x4.mul (local.get $value4)
                                        (v128.load offset=16 align=4 (local.get $row)))))
                                    (local.set $a2 (f32x4.add (local.get $a2)
                                      (f32x4.mul (local.get $value4)
                                        (v128.load offset=32 align=4 (local.get $row)))))
                                    (local.set $a3 (f32x4.add (local.get $a3)
                                      (f32x4.mul (local.get $value4)
                                        (v128.load offset=48 align=4 (local.get $row)))))
                                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                                    (br $pair)))))
                            (local.set $base (i32.add (local.get $base) (local.get $tap_row)))
                            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
                            (br $taps)))
                        (local.set $check4 (f32x4.add (local.get $check4)
                          (f32x4.add
                            (f32x4.add (f32x4.sub (local.get $a0) (local.get $a0))
                              (f32x4.sub (local.get $a1) (local.get $a1)))
                            (f32x4.add (f32x4.sub (local.get $a2) (local.get $a2))
                              (f32x4.sub (local.get $a3) (local.get $a3))))))
                        ;; pmax(0, z) is z where 0 < z, else 0: ReLU.
                        (if (local.get $relu)
                          (then
                            (local.set $a0 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $a0)))
                            (local.set $a1 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $a1)))
                            (local.set $a2 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $a2)))
                            (local.set $a3 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $a3)))))
                        (local.set $row (i32.add (local.get $y) (local.get $col)))
                        (v128.store align=4 (local.get $row) (local.get $a0))
                        (v128.store offset=16 align=4 (local.get $row) (local.get $a1))
                        (v128.store offset=32 align=4 (local.get $row) (local.get $a2))
                        (v128.store offset=48 align=4 (local.get $row) (local.get $a3))
                        (local.set $col (i32.add (local.get $col) (i32.const 64)))
                        (br $sixteens)))
                    ;; Then 4 channels at a time, in a0.
                    (block $fours_done
                      (loop $fours
                        (br_if $fours_done
                          (i32.gt_u (i32.add (local.get $col) (i32.const 16)) (local.get $step)))
                        (local.set $a0
                          (if (result v128) (local.get $b)
                            (then (v128.load align=4 (i32.add (local.get $b) (local.get $col))))
                            (else (v128.const i32x4 0 0 0 0))))
                        (local.set $ky (i32.const 0))
                        (local.set $base (i32.add (local.get $window) (local.get $col)))
                        (block $taps_done
                          (loop $taps
                            (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
                            (local.set $iy
                              (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
                            (if (i32.lt_u (local.get $iy) (local.get $h))
                              (then
                                (local.set $p (i32.add (local.get $list)
                                  (i32.mul (local.get $iy) (local.get $table_row))))
                                (local.set $end (i32.load (i32.add (local.get $p) (local.get $hi))))
                                (local.set $p (i32.load (i32.add (local.get $p) (local.get $lo))))
                                (block $pairs_done
                                  (loop $pair
                                    (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
                                    (local.set $a0 (f32x4.add (local.get $a0)
                                      (f32x4.mul
                                        (v128.load32_splat offset=4 (local.get $p))
                                        (v128.load align=4
                                          (i32.add (local.get $base) (i32.load (local.get $p)))))))
                                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                                    (br $pair)))))
                            (local.set $base (i32.add (local.get $base) (local.get $tap_row)))
                            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
                            (br $taps)))
                        (local.set $check4
                          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a0) (local.get $a0))))
                        (if (local.get $relu)
                          (then
                            (local.set $a0 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $a0)))))
                        (v128.store align=4 (i32.add (local.get $y) (local.get $col)) (local.get $a0))
                        (local.set $col (i32.add (local.get $col) (i32.const 16)))
                        (br $fours)))
                    ;; Then the channels left over, one at a time.
                    (block $ones_done
                      (loop $ones
                        (br_if $ones_done (i32.ge_u (local.get $col) (local.get $step)))
                        (local.set $s
                          (if (result f32) (local.get $b)
                            (then (f32.load (i32.add (local.get $b) (local.get $col))))
                            (else (f32.const 0))))
                        (local.set $ky (i32.const 0))
                        (local.set $base (i32.add (local.get $window) (local.get $col)))
                        (block $taps_done
                          (loop $taps
                            (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
                            (local.set $iy
                              (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
                            (if (i32.lt_u (local.get $iy) (local.get $h))
                              (then
                                (local.set $p (i32.add (local.get $list)
                                  (i32.mul (local.get $iy) (local.get $table_row))))
                                (local.set $end (i32.load (i32.add (local.get $p) (local.get $hi))))
                                (local.set $p (i32.load (i32.add (local.get $p) (local.get $lo))))
                                (block $pairs_done
                                  (loop $pair
                                    (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
                                    (local.set $s (f32.add (local.get $s)
                                      (f32.mul
                                        (f32.load offset=4 (local.get $p))
                                        (f32.load (i32.add (local.get $base) (i32.load (local.get $p)))))))
                                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                                    (br $pair)))))
                            (local.set $base (i32.add (local.get $base) (local.get $tap_row)))
                            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
                            (br $taps)))
                        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $s) (local.get $s))))
                        (if (local.get $relu)
                          (then (if (i32.eqz (f32.gt (local.get $s) (f32.const 0)))
                            (then (local.set $s (f32.const 0))))))
                        (f32.store (i32.add (local.get $y) (local.get $col)) (local.get $s))
                        (local.set $col (i32.add (local.get $col) (i32.const 4)))
                        (br $ones)))
                    (local.set $y (i32.add (local.get $y) (local.get $step)))
                    (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                    (br $columns)))
                (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                (br $rows)))))
        (local.set $x (i32.add (local.get $x) (local.get $x_bytes)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $examples)))
    (f32.add (local.get $check)
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $check4)) (f32x4.extract_lane 1 (local.get $check4)))
        (f32.add (f32x4.extract_lane 2 (local.get $check4)) (f32x4.extract_lane 3 (local.get $check4))))))

  ;; scatter_example(filter, b, y, g, list, relu) -> check: one example's forward from the pairs
  ;; $index_rows listed at list, in another loop order with the same sums: for each output row oy,
  ;; its outputs start from b (or 0), then for each tap row ky each pair (m · step, value) of input
  ;; row iy = oy + ky - top adds value · filter[ky, kx, ci, :] to y[oy, ox, :] for each kx with
  ;; ox = ix + left - kx in range. Each output thus still adds over (ky, kx, ci) in that order.
  ;; Then the row's check and ReLU. Faster when x is mostly zeros: its work follows the pairs,
  ;; not the positions.
  (func $scatter_example
    (param $filter i32) (param $b i32) (param $y i32) (param $g i32) (param $list i32)
    (param $relu i32) (result f32)
    (local $h i32) (local $w i32) (local $c i32) (local $kh i32) (local $kw i32) (local $f i32)
    (local $oh i32) (local $ow i32) (local $top i32) (local $left i32) (local $step i32) (local $vector_step i32)
    (local $shift i32) (local $tap_row i32) (local $row_bytes i32) (local $oy i32) (local $ky i32)
    (local $iy i32) (local $kx i32) (local $ox i32) (local $ix i32) (local $j i32) (local $p i32)
    (local $end i32) (local $m i32) (local $value f32) (local $value4 v128) (local $out i32)
    (local $tap i32) (local $at i32) (local $z4 v128) (local $z f32) (local $check4 v128)
    (local $check f32) (local $shift_bits i32)
    (local.set $h (i32.load offset=4 (local.get $g)))
    (local.set $w (i32.load offset=8 (local.get $g)))
    (local.set $c (i32.load offset=12 (local.get $g)))
    (local.set $kh (i32.load offset=16 (local.get $g)))
    (local.set $kw (i32.load offset=20 (local.get $g)))
    (local.set $f (i32.load offset=24 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $top (i32.load offset=36 (local.get $g)))
    (local.set $left (i32.load offset=40 (local.get $g)))
    (local.set $step (i32.shl (local.get $f) (i32.const 2)))
    (local.set $vector_step (i32.and (local.get $step) (i32.const -16)))
    (local.set $shift (i32.mul (local.get $c) (local.get $step)))
    (local.set $tap_row (i32.mul (local.get $kw) (local.get $shift)))
    (local.set $row_bytes (i32.mul (local.get $ow) (local.get $step)))
    ;; log2(shift) when shift is a power of two (at least 4: step is 4f), else 0.
    (if (i32.eqz (i32.and (local.get $shift) (i32.sub (local.get $shift) (i32.const 1))))
      (then (local.set $shift_bits (i32.ctz (local.get $shift)))))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $oh)))
        ;; The row's outputs start from the bias, or 0.
        (local.set $ox (i32.const 0))
        (block $starts_done
          (loop $starts
            (br_if $starts_done (i32.ge_u (local.get $ox) (local.get $ow)))
            ;; (A loop, not memory.copy: V8 calls out for each memory.copy, slow for one row.)
            (local.set $out (i32.add (local.get $y) (i32.mul (local.get $ox) (local.get $step))))
            (local.set $j (i32.const 0))
            (block $vectors_done
              (loop $vectors
                (br_if $vectors_done (i32.ge_u (local.get $j) (local.get $vector_step)))
                (v128.store align=4 (i32.add (local.get $out) (local.get $j))
                  (if (result v128) (local.get $b)
                    (then (v128.load align=4 (i32.add (local.get $b) (local.get $j))))
                    (else (v128.const i32x4 0 0 0 0))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $vectors)))
            (block $scalars_done
              (loop $scalars
                (br_if $scalars_done (i32.ge_u (local.get $j) (local.get $step)))
                (f32.store (i32.add (local.get $out) (local.get $j))
                  (if (result f32) (local.get $b)
                    (then (f32.load (i32.add (local.get $b) (local.get $j))))
                    (else (f32.const 0))))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $scalars)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (br $starts)))
        (local.set $ky (i32.const 0))
        (block $taps_done
          (loop $taps
            (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $iy (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
            (if (i32.lt_u (local.get $iy) (local.get $h))
              (then
                ;; The row's pairs: from its first column's start to its end.
                (local.set $p (i32.add (local.get $list)
                  (i32.shl (i32.mul (local.get $iy) (i32.add (local.get $w) (i32.const 1)))
                    (i32.const 2))))
                (local.set $end (i32.load (i32.add (local.get $p) (i32.shl (local.get $w) (i32.const 2)))))
                (local.set $p (i32.load (local.get $p)))
                (block $pairs_done
                  (loop $pair
                    (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
                    (local.set $m (i32.load (local.get $p)))
                    (local.set $value (f32.load offset=4 (local.get $p)))
                    (local.set $value4 (f32x4.splat (local.get $value)))
                    ;; A power-of-two shift (one channel, or c f a power of two) needs no division.
                    (local.set $ix
                      (if (result i32) (local.get $shift_bits)
                        (then (i32.shr_u (local.get $m) (local.get $shift_bits)))
                        (else (i32.div_u (local.get $m) (local.get $shift)))))
                    ;; filter[ky, 0, ci, :]; each kx adds shift
                    (local.set $tap (i32.add
                      (i32.add (local.get $filter) (i32.mul (local.get $ky) (local.get $tap_row)))
                      (i32.sub (local.get $m) (i32.mul (local.get $ix) (local.get $shift)))))
                    (local.set $kx (i32.const 0))
                    (block $columns_done
                      (loop $columns
                        (br_if $columns_done (i32.ge_u (local.get $kx) (local.get $kw)))
                        (local.set $ox
                          (i32.sub (i32.add (local.get $ix) (local.get $left)) (local.get $kx)))
                        (if (i32.lt_u (local.get $ox) (local.get $ow))
                          (then
                            (local.set $out
                              (i32.add (local.get $y) (i32.mul (local.get $ox) (local.get $step))))
                            (local.set $j (i32.const 0))
                            (block $vectors_done
                              (loop $vectors
                                (br_if $vectors_done
                                  (i32.ge_u (local.get $j) (local.get $vector_step)))
                                (local.set $at (i32.add (local.get $out) (local.get $j)))
                                (v128.store align=4 (local.get $at)
                                  (f32x4.add (v128.load align=4 (local.get $at))
                                    (f32x4.mul (local.get $value4)
                                      (v128.load align=4 (i32.add (local.get $tap) (local.get $j))))))
                                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                                (br $vectors)))
                            (block $scalars_done
                              (loop $scalars
                                (br_if $scalars_done (i32.ge_u (local.get $j) (local.get $step)))
                                (local.set $at (i32.add (local.get $out) (local.get $j)))
                                (f32.store (local.get $at)
                                  (f32.add (f32.load (local.get $at))
                                    (f32.mul (local.get $value)
                                      (f32.load (i32.add (local.get $tap) (local.get $j))))))
                                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                                (br $scalars)))))
                        (local.set $tap (i32.add (local.get $tap) (local.get $shift)))
                        (local.set $kx (i32.add (local.get $kx) (i32.const 1)))
                        (br $columns)))
                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                    (br $pair)))))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $taps)))
        ;; The row's check, then ReLU in place.
        (local.set $end (i32.add (local.get $y) (local.get $row_bytes)))
        (local.set $at (local.get $y))
        (block $fours_done
          (loop $fours
            (br_if $fours_done
              (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $end)))
            (local.set $z4 (v128.load align=4 (local.get $at)))
            (local.set $check4
              (f32x4.add (local.get $check4) (f32x4.sub (local.get $z4) (local.get $z4))))
            (if (local.get $relu)
              (then (v128.store align=4 (local.get $at)
                (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $z4)))))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (br $fours)))
        (block $ones_done
          (loop $ones
            (br_if $ones_done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $z (f32.load (local.get $at)))
            (local.set $check (f32.add (local.get $check) (f32.sub (local.get $z) (local.get $z))))
            (if (local.get $relu)
              (then (if (i32.eqz (f32.gt (local.get $z) (f32.const 0)))
                (then (f32.store (local.get $at) (f32.const 0))))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br $ones)))
        (local.set $y (local.get $end))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $rows)))
    (f32.add (local.get $check)
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $check4)) (f32x4.extract_lane 1 (local.get $check4)))
        (f32.add (f32x4.extract_lane 2 (local.get $check4)) (f32x4.extract_lane 3 (local.get $check4))))))

  ;; scatter_one_channel(filter, b, y, g, list, relu) -> check: $scatter_example for one input
  ;; channel and eight filters five columns wide (MNIST's first layer), the same sums in the same
  ;; order: a filter row [ky, 0..4, 0, 0..7] held in ten registers while each pair of input row
  ;; iy adds its five products to the outputs it touches, each in range.
  (func $scatter_one_channel
    (param $filter i32) (param $b i32) (param $y i32) (param $g i32) (param $list i32)
    (param $relu i32) (result f32)
    (local $h i32) (local $w i32) (local $kh i32) (local $oh i32) (local $ow i32) (local $top i32)
    (local $left i32) (local $row_bytes i32) (local $table_row i32) (local $oy i32) (local $ky i32)
    (local $iy i32) (local $p i32) (local $end i32) (local $ox4 i32) (local $out i32) (local $tap i32)
    (local $at i32) (local $value4 v128) (local $bias0 v128) (local $bias1 v128) (local $z4 v128)
    (local $check4 v128)
    (local $f0a v128) (local $f0b v128) (local $f1a v128) (local $f1b v128) (local $f2a v128) (local $f2b v128) (local $f3a v128) (local $f3b v128) (local $f4a v128) (local $f4b v128)
    (local.set $h (i32.load offset=4 (local.get $g)))
    (local.set $w (i32.load offset=8 (local.get $g)))
    (local.set $kh (i32.load offset=16 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $top (i32.load offset=36 (local.get $g)))
    (local.set $left (i32.load offset=40 (local.get $g)))
    (local.set $row_bytes (i32.shl (local.get $ow) (i32.const 5)))
    (local.set $table_row (i32.shl (i32.add (local.get $w) (i32.const 1)) (i32.const 2)))
    (if (local.get $b)
      (then
        (local.set $bias0 (v128.load align=4 (local.get $b)))
        (local.set $bias1 (v128.load offset=16 align=4 (local.get $b)))))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $oh)))
        ;; The row's outputs start from the bias, or 0.
        (local.set $end (i32.add (local.get $y) (local.get $row_bytes)))
        (local.set $at (local.get $y))
        (block $starts_done
          (loop $starts
            (br_if $starts_done (i32.ge_u (local.get $at) (local.get $end)))
            (v128.store align=4 (local.get $at) (local.get $bias0))
            (v128.store offset=16 align=4 (local.get $at) (local.get $bias1))
            (local.set $at (i32.add (local.get $at) (i32.const 32)))
            (br $starts)))
        (local.set $ky (i32.const 0))
        (block $taps_done
          (loop $taps
            (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $iy (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
            (if (i32.lt_u (local.get $iy) (local.get $h))
              (then
                ;; filter[ky, 0..4, 0, :]
                (local.set $tap (i32.add (local.get $filter) (i32.mul (local.get $ky) (i32.const 160))))
                (local.set $f0a (v128.load offset=0 align=4 (local.get $tap)))
                (local.set $f0b (v128.load offset=16 align=4 (local.get $tap)))
                (local.set $f1a (v128.load offset=32 align=4 (local.get $tap)))
                (local.set $f1b (v128.load offset=48 align=4 (local.get $tap)))
                (local.set $f2a (v128.load offset=64 align=4 (local.get $tap)))
                (local.set $f2b (v128.load offset=80 align=4 (local.get $tap)))
                (local.set $f3a (v128.load offset=96 align=4 (local.get $tap)))
                (local.set $f3b (v128.load offset=112 align=4 (local.get $tap)))
                (local.set $f4a (v128.load offset=128 align=4 (local.get $tap)))
                (local.set $f4b (v128.load offset=144 align=4 (local.get $tap)))
                (local.set $p (i32.add (local.get $list) (i32.mul (local.get $iy) (local.get $table_row))))
                (local.set $end (i32.load (i32.add (local.get $p) (i32.shl (local.get $w) (i32.const 2)))))
                (local.set $p (i32.load (local.get $p)))
                (block $pairs_done
                  (loop $pair
                    (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
                    (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
                    ;; A pair is (ix · 32, value); ox4 = ix + left - 4, the output kx = 4 meets.
                    (local.set $ox4 (i32.add (i32.shr_u (i32.load (local.get $p)) (i32.const 5))
                      (i32.sub (local.get $left) (i32.const 4))))
                    (local.set $out (i32.add (local.get $y) (i32.shl (local.get $ox4) (i32.const 5))))
                    ;; kx = 0: y[oy, ox4 + 4, :]
                    (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 4)) (local.get $ow))
                      (then
                        (v128.store offset=128 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=128 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f0a))))
                        (v128.store offset=144 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=144 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f0b))))))
                    ;; kx = 1: y[oy, ox4 + 3, :]
                    (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 3)) (local.get $ow))
                      (then
                        (v128.store offset=96 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=96 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f1a))))
                        (v128.store offset=112 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=112 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f1b))))))
                    ;; kx = 2: y[oy, ox4 + 2, :]
                    (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 2)) (local.get $ow))
                      (then
                        (v128.store offset=64 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=64 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f2a))))
                        (v128.store offset=80 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=80 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f2b))))))
                    ;; kx = 3: y[oy, ox4 + 1, :]
                    (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 1)) (local.get $ow))
                      (then
                        (v128.store offset=32 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=32 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f3a))))
                        (v128.store offset=48 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=48 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f3b))))))
                    ;; kx = 4: y[oy, ox4 + 0, :]
                    (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 0)) (local.get $ow))
                      (then
                        (v128.store offset=0 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=0 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f4a))))
                        (v128.store offset=16 align=4 (local.get $out)
                          (f32x4.add (v128.load offset=16 align=4 (local.get $out))
                            (f32x4.mul (local.get $value4) (local.get $f4b))))))
                    (local.set $p (i32.add (local.get $p) (i32.const 8)))
                    (br $pair)))))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $taps)))
        ;; The row's check, then ReLU in place.
        (local.set $end (i32.add (local.get $y) (local.get $row_bytes)))
        (local.set $at (local.get $y))
        (block $fours_done
          (loop $fours
            (br_if $fours_done (i32.ge_u (local.get $at) (local.get $end)))
            (local.set $z4 (v128.load align=4 (local.get $at)))
            (local.set $check4
              (f32x4.add (local.get $check4) (f32x4.sub (local.get $z4) (local.get $z4))))
            (if (local.get $relu)
              (then (v128.store align=4 (local.get $at)
                (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $z4)))))
            (local.set $at (i32.add (local.get $at) (i32.const 16)))
            (br $fours)))
        (local.set $y (local.get $end))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $rows)))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $check4)) (f32x4.extract_lane 1 (local.get $check4)))
      (f32.add (f32x4.extract_lane 2 (local.get $check4)) (f32x4.extract_lane 3 (local.get $check4)))))


  ;; ... and backward: dFilter, db and dx from dz. -----------------------------------------------

  ;; check(at, bytes) -> the sum of v - v over the floats from at to at + bytes.
  (func $check (param $at i32) (param $bytes i32) (result f32)
    (local $end i32) (local $check f32) (local $value f32)
    (local.set $end (i32.add (local.get $at) (local.get $bytes)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $value (f32.load (local.get $at)))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $value) (local.get $value))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $next)))
    (local.get $check))

  ;; backward_one_channel(x, dy, y, dw, db, g, scratch): backward's filter and bias gradients for
  ;; a layer of one input channel, 8 filters 5 columns wide, without the input gradient (MNIST's
  ;; first layer), in another loop order with the same sums. After a max-pool's gradient most
  ;; positions have some nonzero dz while x is mostly zeros (81% of MNIST's pixels), so the work
  ;; follows x's nonzero values instead: for each filter row ky, the row's 5 x 8 gradients stay in
  ;; ten registers while each nonzero x[b, iy, ix] adds its products with the five dz rows
  ;; [b, iy - ky + top, ix + left - kx, :] it meets (kx = 0..4, those in range). For each
  ;; gradient that is still a sum over the positions (b, oy, ox) in order; it skips the products
  ;; whose x is 0 where the general loop skips those whose dz is 0, which for finite values adds
  ;; the same nonzero terms. Per example: dz gated by ReLU into scratch (and db summed, every row),
  ;; then x listed by $index_rows (pairs (ix · 32, value)). scratch: 4·oh·ow·8 bytes of dz, then
  ;; the list (4·h·(w + 1) + 8·h·w bytes).
  ;; With argmax ≠ 0 the layer is followed by a max-pool (see "backward_pooled"): dy is then the
  ;; gradient of the pool's output py, `pooled` values an example, and argmax where each one's
  ;; maximum is within the example's y; dz is made per example from them as the pool's backward
  ;; and ReLU's gate would make it, without the whole batch's dy of y's shape. y is then not read
  ;; (only whether it is 0: ReLU), since py holds y's value at each argmax.
  (func $backward_one_channel
    (param $x i32) (param $dy i32) (param $y i32) (param $dw i32) (param $db i32) (param $g i32)
    (param $scratch i32) (param $argmax i32) (param $pooled i32) (param $py i32)
    (local $n i32) (local $h i32) (local $w i32) (local $kh i32) (local $oh i32) (local $ow i32)
    (local $top i32) (local $left i32) (local $e i32) (local $dz i32) (local $table i32)
    (local $pairs i32) (local $at i32) (local $dz_bytes i32) (local $row_bytes i32)
    (local $table_row i32) (local $x_bytes i32) (local $ky i32) (local $oy i32) (local $iy i32)
    (local $p i32) (local $end i32) (local $row i32) (local $base i32) (local $ox4 i32)
    (local $dw_row i32) (local $value4 v128) (local $d4 v128) (local $bias0 v128) (local $bias1 v128)
    (local $k0a v128) (local $k0b v128) (local $k1a v128) (local $k1b v128) (local $k2a v128) (local $k2b v128) (local $k3a v128) (local $k3b v128) (local $k4a v128) (local $k4b v128)
    (local $src i32) (local $gate i32) (local $i i32) (local $place i32) (local $d f32)
    (local.set $n (i32.load (local.get $g)))
    (local.set $h (i32.load offset=4 (local.get $g)))
    (local.set $w (i32.load offset=8 (local.get $g)))
    (local.set $kh (i32.load offset=16 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $top (i32.load offset=36 (local.get $g)))
    (local.set $left (i32.load offset=40 (local.get $g)))
    (local.set $row_bytes (i32.shl (local.get $ow) (i32.const 5)))
    (local.set $dz_bytes (i32.mul (local.get $oh) (local.get $row_bytes)))
    (local.set $dz (local.get $scratch))
    (local.set $table (i32.add (local.get $dz) (local.get $dz_bytes)))
    (local.set $table_row (i32.shl (i32.add (local.get $w) (i32.const 1)) (i32.const 2)))
    (local.set $pairs (i32.add (local.get $table) (i32.mul (local.get $h) (local.get $table_row))))
    (local.set $x_bytes (i32.shl (i32.mul (local.get $h) (local.get $w)) (i32.const 2)))
    (memory.fill (local.get $dw) (i32.const 0) (i32.mul (local.get $kh) (i32.const 160)))
    (block $examples_done
      (loop $examples
        (br_if $examples_done (i32.ge_u (local.get $e) (local.get $n)))
        (local.set $src (local.get $dy))
        (local.set $gate (local.get $y))
        (if (local.get $argmax)
          (then
            ;; After a max-pool: dz = 0, then each pooled gradient added where its maximum was (a
            ;; place outside the example skipped), in output order, as the pool's backward adds
            ;; them; 0 instead where y <= 0 with ReLU, read as py <= 0 (py is y there, and the
            ;; same y at each add to a place, so gating each value gates their sum). dz is then
            ;; gated already.
            (memory.fill (local.get $dz) (i32.const 0) (local.get $dz_bytes))
            (local.set $i (i32.const 0))
            (block $scattered
              (loop $scatter
                (br_if $scattered (i32.ge_u (local.get $i) (local.get $pooled)))
                (local.set $place (i32.load (local.get $argmax)))
                (if (i32.lt_u (local.get $place) (i32.shr_u (local.get $dz_bytes) (i32.const 2)))
                  (then
                    (local.set $place (i32.shl (local.get $place) (i32.const 2)))
                    (local.set $d (f32.load (local.get $dy)))
                    ;; A select, not a branch: whether y > 0 there is as good as random.
                    (if (local.get $y)
                      (then (local.set $d (select (local.get $d) (f32.const 0)
                        (f32.gt (f32.load (local.get $py)) (f32.const 0))))))
                    (local.set $place (i32.add (local.get $dz) (local.get $place)))
                    (f32.store (local.get $place) (f32.add (f32.load (local.get $place)) (local.get $d)))))
                (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
                (local.set $py (i32.add (local.get $py) (i32.const 4)))
                (local.set $argmax (i32.add (local.get $argmax) (i32.const 4)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $scatter)))
            (local.set $src (local.get $dz))
            (local.set $gate (i32.const 0))))
        ;; dz = dy, 0 where y <= 0 with ReLU; db adds every row.
        (local.set $at (i32.const 0))
        (block $gated
          (loop $gate
            (br_if $gated (i32.ge_u (local.get $at) (local.get $dz_bytes)))
            (local.set $d4 (v128.load align=4 (i32.add (local.get $src) (local.get $at))))
            (if (local.get $gate)
              (then (local.set $d4 (v128.and (local.get $d4)
                (f32x4.gt (v128.load align=4 (i32.add (local.get $gate) (local.get $at)))
                  (v128.const f32x4 0 0 0 0))))))
            (v128.store align=4 (i32.add (local.get $dz) (local.get $at)) (local.get $d4))
            (local.set $bias0 (f32x4.add (local.get $bias0) (local.get $d4)))
            (local.set $d4 (v128.load offset=16 align=4 (i32.add (local.get $src) (local.get $at))))
            (if (local.get $gate)
              (then (local.set $d4 (v128.and (local.get $d4)
                (f32x4.gt (v128.load offset=16 align=4 (i32.add (local.get $gate) (local.get $at)))
                  (v128.const f32x4 0 0 0 0))))))
            (v128.store offset=16 align=4 (i32.add (local.get $dz) (local.get $at)) (local.get $d4))
            (local.set $bias1 (f32x4.add (local.get $bias1) (local.get $d4)))
            (local.set $at (i32.add (local.get $at) (i32.const 32)))
            (br $gate)))
        ;; The next example's dy and y (after a max-pool dy has moved on in the scatter, and y is
        ;; only ReLU's flag).
        (if (i32.eqz (local.get $argmax))
          (then
            (local.set $dy (i32.add (local.get $dy) (local.get $dz_bytes)))
            (if (local.get $y) (then (local.set $y (i32.add (local.get $y) (local.get $dz_bytes)))))))
        (drop (call $index_rows (local.get $x) (local.get $h) (local.get $w) (i32.const 1)
          (i32.const 32) (local.get $table) (local.get $pairs)))
        (local.set $ky (i32.const 0))
        (block $taps_done
          (loop $taps
            (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $dw_row (i32.add (local.get $dw) (i32.mul (local.get $ky) (i32.const 160))))
            (local.set $k0a (v128.load offset=0 align=4 (local.get $dw_row)))
            (local.set $k0b (v128.load offset=16 align=4 (local.get $dw_row)))
            (local.set $k1a (v128.load offset=32 align=4 (local.get $dw_row)))
            (local.set $k1b (v128.load offset=48 align=4 (local.get $dw_row)))
            (local.set $k2a (v128.load offset=64 align=4 (local.get $dw_row)))
            (local.set $k2b (v128.load offset=80 align=4 (local.get $dw_row)))
            (local.set $k3a (v128.load offset=96 align=4 (local.get $dw_row)))
            (local.set $k3b (v128.load offset=112 align=4 (local.get $dw_row)))
            (local.set $k4a (v128.load offset=128 align=4 (local.get $dw_row)))
            (local.set $k4b (v128.load offset=144 align=4 (local.get $dw_row)))
            (local.set $oy (i32.const 0))
            (block $rows_done
              (loop $rows
                (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $oh)))
                (local.set $iy (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
                (if (i32.lt_u (local.get $iy) (local.get $h))
                  (then
                    (local.set $p (i32.add (local.get $table) (i32.mul (local.get $iy) (local.get $table_row))))
                    (local.set $end (i32.load (i32.add (local.get $p) (i32.shl (local.get $w) (i32.const 2)))))
                    (local.set $p (i32.load (local.get $p)))
                    ;; dz[oy, ox, :] is at base + 32 ox.
                    (local.set $base (i32.add (local.get $dz) (i32.mul (local.get $oy) (local.get $row_bytes))))
                    (block $pairs_done
                      (loop $pair
                        (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
                        (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
                        ;; ox4 = ix + left - 4, the column kx = 4 meets; row = its dz.
                        (local.set $ox4 (i32.add (i32.shr_u (i32.load (local.get $p)) (i32.const 5))
                          (i32.sub (local.get $left) (i32.const 4))))
                        (local.set $row (i32.add (local.get $base) (i32.shl (local.get $ox4) (i32.const 5))))
                        ;; kx = 0: dz[oy, ox4 + 4, :]
                        (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 4)) (local.get $ow))
                          (then
                            (local.set $k0a (f32x4.add (local.get $k0a)
                              (f32x4.mul (local.get $value4) (v128.load offset=128 align=4 (local.get $row)))))
                            (local.set $k0b (f32x4.add (local.get $k0b)
                              (f32x4.mul (local.get $value4) (v128.load offset=144 align=4 (local.get $row)))))))
                        ;; kx = 1: dz[oy, ox4 + 3, :]
                        (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 3)) (local.get $ow))
                          (then
                            (local.set $k1a (f32x4.add (local.get $k1a)
                              (f32x4.mul (local.get $value4) (v128.load offset=96 align=4 (local.get $row)))))
                            (local.set $k1b (f32x4.add (local.get $k1b)
                              (f32x4.mul (local.get $value4) (v128.load offset=112 align=4 (local.get $row)))))))
                        ;; kx = 2: dz[oy, ox4 + 2, :]
                        (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 2)) (local.get $ow))
                          (then
                            (local.set $k2a (f32x4.add (local.get $k2a)
                              (f32x4.mul (local.get $value4) (v128.load offset=64 align=4 (local.get $row)))))
                            (local.set $k2b (f32x4.add (local.get $k2b)
                              (f32x4.mul (local.get $value4) (v128.load offset=80 align=4 (local.get $row)))))))
                        ;; kx = 3: dz[oy, ox4 + 1, :]
                        (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 1)) (local.get $ow))
                          (then
                            (local.set $k3a (f32x4.add (local.get $k3a)
                              (f32x4.mul (local.get $value4) (v128.load offset=32 align=4 (local.get $row)))))
                            (local.set $k3b (f32x4.add (local.get $k3b)
                              (f32x4.mul (local.get $value4) (v128.load offset=48 align=4 (local.get $row)))))))
                        ;; kx = 4: dz[oy, ox4 + 0, :]
                        (if (i32.lt_u (i32.add (local.get $ox4) (i32.const 0)) (local.get $ow))
                          (then
                            (local.set $k4a (f32x4.add (local.get $k4a)
                              (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $row)))))
                            (local.set $k4b (f32x4.add (local.get $k4b)
                              (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $row)))))))
                        (local.set $p (i32.add (local.get $p) (i32.const 8)))
                        (br $pair)))))
                (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                (br $rows)))
            (v128.store offset=0 align=4 (local.get $dw_row) (local.get $k0a))
            (v128.store offset=16 align=4 (local.get $dw_row) (local.get $k0b))
            (v128.store offset=32 align=4 (local.get $dw_row) (local.get $k1a))
            (v128.store offset=48 align=4 (local.get $dw_row) (local.get $k1b))
            (v128.store offset=64 align=4 (local.get $dw_row) (local.get $k2a))
            (v128.store offset=80 align=4 (local.get $dw_row) (local.get $k2b))
            (v128.store offset=96 align=4 (local.get $dw_row) (local.get $k3a))
            (v128.store offset=112 align=4 (local.get $dw_row) (local.get $k3b))
            (v128.store offset=128 align=4 (local.get $dw_row) (local.get $k4a))
            (v128.store offset=144 align=4 (local.get $dw_row) (local.get $k4b))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $taps)))
        (local.set $x (i32.add (local.get $x) (local.get $x_bytes)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $examples)))
    (if (local.get $db)
      (then
        (v128.store align=4 (local.get $db) (local.get $bias0))
        (v128.store offset=16 align=4 (local.get $db) (local.get $bias1)))))


  ;; input_gradient_row(at, tap, tap_bytes, list, list_end): backward's input gradient for one
  ;; tap row ky of one position, for eight input channels and five taps kx all in range (MNIST's
  ;; second layer): the same five sums Σ dz[j] · wt[ky, kx, j, :] over the listed (j · 32, dz[j])
  ;; from list to list_end, in list order, as the general loop takes them one tap at a time, here
  ;; in ten registers from one walk of the list; each then added to dx[b, iy, ix0 + kx, :] at
  ;; at + 32 kx. tap: wt[ky, 0, 0, 0]; tap_bytes: one tap of wt (32f).
  (func $input_gradient_row
    (param $at i32) (param $tap i32) (param $tap_bytes i32) (param $list i32) (param $list_end i32)
    (local $p i32) (local $src i32) (local $value4 v128)
    (local $s0a v128) (local $s0b v128) (local $s1a v128) (local $s1b v128) (local $s2a v128) (local $s2b v128) (local $s3a v128) (local $s3b v128) (local $s4a v128) (local $s4b v128)
    (local.set $p (local.get $list))
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $list_end)))
        (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $src (i32.add (local.get $tap) (i32.load (local.get $p))))
        (local.set $s0a (f32x4.add (local.get $s0a)
          (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $src)))))
        (local.set $s0b (f32x4.add (local.get $s0b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s1a (f32x4.add (local.get $s1a)
          (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $src)))))
        (local.set $s1b (f32x4.add (local.get $s1b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s2a (f32x4.add (local.get $s2a)
          (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $src)))))
        (local.set $s2b (f32x4.add (local.get $s2b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s3a (f32x4.add (local.get $s3a)
          (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $src)))))
        (local.set $s3b (f32x4.add (local.get $s3b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s4a (f32x4.add (local.get $s4a)
          (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $src)))))
        (local.set $s4b (f32x4.add (local.get $s4b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $pair)))
    (v128.store offset=0 align=4 (local.get $at)
      (f32x4.add (v128.load offset=0 align=4 (local.get $at)) (local.get $s0a)))
    (v128.store offset=16 align=4 (local.get $at)
      (f32x4.add (v128.load offset=16 align=4 (local.get $at)) (local.get $s0b)))
    (v128.store offset=32 align=4 (local.get $at)
      (f32x4.add (v128.load offset=32 align=4 (local.get $at)) (local.get $s1a)))
    (v128.store offset=48 align=4 (local.get $at)
      (f32x4.add (v128.load offset=48 align=4 (local.get $at)) (local.get $s1b)))
    (v128.store offset=64 align=4 (local.get $at)
      (f32x4.add (v128.load offset=64 align=4 (local.get $at)) (local.get $s2a)))
    (v128.store offset=80 align=4 (local.get $at)
      (f32x4.add (v128.load offset=80 align=4 (local.get $at)) (local.get $s2b)))
    (v128.store offset=96 align=4 (local.get $at)
      (f32x4.add (v128.load offset=96 align=4 (local.get $at)) (local.get $s3a)))
    (v128.store offset=112 align=4 (local.get $at)
      (f32x4.add (v128.load offset=112 align=4 (local.get $at)) (local.get $s3b)))
    (v128.store offset=128 align=4 (local.get $at)
      (f32x4.add (v128.load offset=128 align=4 (local.get $at)) (local.get $s4a)))
    (v128.store offset=144 align=4 (local.get $at)
      (f32x4.add (v128.load offset=144 align=4 (local.get $at)) (local.get $s4b))))


  ;; filter_gradient_window8(src, row_bytes, kh, dwt, taps, list, list_end): backward's filter
  ;; gradient at one position for eight input channels and a window five columns wide inside x
  ;; (MNIST's second layer): dwt[j, :] += value · x's window for each listed (j · 32, value), as
  ;; the general loop does from its copy of the window, here read from x where it is (each tap
  ;; row of the window is 40 floats in a row of x), two listed gradients per load. src: x at the
  ;; window's first value; row_bytes: a row of x; taps: kh · kw.
  (func $filter_gradient_window8
    (param $src i32) (param $row_bytes i32) (param $kh i32) (param $dwt i32) (param $taps i32)
    (param $list i32) (param $list_end i32)
    (local $p i32) (local $dst i32) (local $dst_b i32) (local $s i32) (local $ky i32)
    (local $v4 v128) (local $v4b v128) (local $x4 v128)
    (local.set $p (local.get $list))
    (block $two_done
      (loop $two
        (br_if $two_done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $list_end)))
        (local.set $dst (i32.add (local.get $dwt) (i32.mul (i32.load (local.get $p)) (local.get $taps))))
        (local.set $dst_b
          (i32.add (local.get $dwt) (i32.mul (i32.load offset=8 (local.get $p)) (local.get $taps))))
        (local.set $v4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $v4b (v128.load32_splat offset=12 (local.get $p)))
        (local.set $s (local.get $src))
        (local.set $ky (i32.const 0))
        (block $rows_of_two_done
          (loop $rows_of_two
            (br_if $rows_of_two_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $x4 (v128.load offset=0 align=4 (local.get $s)))
            (v128.store offset=0 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=0 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=0 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=0 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=16 align=4 (local.get $s)))
            (v128.store offset=16 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=16 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=16 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=16 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=32 align=4 (local.get $s)))
            (v128.store offset=32 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=32 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=32 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=32 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=48 align=4 (local.get $s)))
            (v128.store offset=48 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=48 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=48 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=48 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=64 align=4 (local.get $s)))
            (v128.store offset=64 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=64 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=64 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=64 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=80 align=4 (local.get $s)))
            (v128.store offset=80 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=80 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=80 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=80 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=96 align=4 (local.get $s)))
            (v128.store offset=96 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=96 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=96 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=96 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=112 align=4 (local.get $s)))
            (v128.store offset=112 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=112 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=112 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=112 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=128 align=4 (local.get $s)))
            (v128.store offset=128 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=128 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=128 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=128 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=144 align=4 (local.get $s)))
            (v128.store offset=144 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=144 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=144 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=144 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $s (i32.add (local.get $s) (local.get $row_bytes)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 160)))
            (local.set $dst_b (i32.add (local.get $dst_b) (i32.const 160)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $rows_of_two)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $two)))
    (if (i32.lt_u (local.get $p) (local.get $list_end))
      (then
        (local.set $dst (i32.add (local.get $dwt) (i32.mul (i32.load (local.get $p)) (local.get $taps))))
        (local.set $v4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $s (local.get $src))
        (local.set $ky (i32.const 0))
        (block $rows_of_one_done
          (loop $rows_of_one
            (br_if $rows_of_one_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (v128.store offset=0 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=0 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=0 align=4 (local.get $s)))))
            (v128.store offset=16 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=16 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=16 align=4 (local.get $s)))))
            (v128.store offset=32 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=32 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=32 align=4 (local.get $s)))))
            (v128.store offset=48 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=48 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=48 align=4 (local.get $s)))))
            (v128.store offset=64 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=64 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=64 align=4 (local.get $s)))))
            (v128.store offset=80 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=80 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=80 align=4 (local.get $s)))))
            (v128.store offset=96 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=96 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=96 align=4 (local.get $s)))))
            (v128.store offset=112 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=112 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=112 align=4 (local.get $s)))))
            (v128.store offset=128 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=128 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=128 align=4 (local.get $s)))))
            (v128.store offset=144 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=144 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=144 align=4 (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (local.get $row_bytes)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 160)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $rows_of_one))))))


  ;; backward(x, dy, y, filter, dw, db, dx, g, scratch) -> check: with dz = dy where y > 0, else 0
  ;; (ReLU's gradient, one row at a time; dz = dy when y = 0, no activation), the gradients of the
  ;; filter, dw[ky,kx,ci,j] = Σ x[b,iy,ix,ci] dz[b,oy,ox,j], of the bias, db = Σ dz[b,oy,ox,:] (when
  ;; db ≠ 0), and of x (when dx ≠ 0), dx[b,iy,ix,:] = Σ dz[b,oy,ox,j] filter[ky,kx,:,j], with iy = oy + ky -
  ;; top and ix = ox + kx - left in range, in one pass over the positions (b, oy, ox); the check
  ;; of dw and db. A max-pool's gradient leaves three in four values of dz zero (in each channel,
  ;; all but the window's maximum), ReLU more: each position lists its row's nonzero gradients
  ;; (j, value) and only those do work. For the filter each adds value · x's window (copied to
  ;; a patch [kh, kw, c], zeros where it is padding) into a row of dw transposed (dwt[j,:,:,:]),
  ;; transposed back at the end; for x each tap adds rows of the filter transposed (wt[ky,kx,j,:]) scaled by
  ;; the values into the c input values it covers, four channels at a time. scratch: dwt
  ;; (4·kh·kw·c·f bytes), wt (as many, when dx ≠ 0), the list (8f bytes), the gated row (4f
  ;; bytes), then the position's window of x (4·kh·kw·c bytes).
  ;; backward_pooled(x, dp, py, argmax, pooled, relu, dw, db, g, scratch) -> check: "backward" of
  ;; a layer on $backward_one_channel's route (one input channel, eight filters five wide, no dx)
  ;; followed by a max-pool, from the pool's output py [n, ph, pw, 8], its gradient dp and its
  ;; argmax (int32; where each maximum is within its example of y), all of that shape, `pooled` =
  ;; ph · pw · 8 values an example; ReLU when relu ≠ 0: the same gradients, in the same order, as
  ;; the pool's backward followed by "backward", without the batch's gradient of y in between and
  ;; without reading y. scratch as "backward"'s.
  (func (export "backward_pooled")
    (param $x i32) (param $dp i32) (param $py i32) (param $argmax i32) (param $pooled i32)
    (param $relu i32) (param $dw i32) (param $db i32) (param $g i32) (param $scratch i32)
    (result f32)
    (call $backward_one_channel (local.get $x) (local.get $dp) (local.get $relu) (local.get $dw)
      (local.get $db) (local.get $g) (local.get $scratch) (local.get $argmax) (local.get $pooled)
      (local.get $py))
    (f32.add
      (call $check (local.get $dw) (i32.mul (i32.load offset=16 (local.get $g)) (i32.const 160)))
      (if (result f32) (local.get $db)
        (then (call $check (local.get $db) (i32.const 32)))
        (else (f32.const 0)))))

  (func (export "backward")
    (param $x i32) (param $dy i32) (param $y i32) (param $filter i32) (param $dw i32) (param $db i32)
    (param $dx i32) (param $g i32) (param $scratch i32) (result f32)
    (local $dwt i32) (local $taps i32) (local $size i32) (local $kx0 i32) (local $kx1 i32)
    (local $segment i32) (local $vector_segment i32) (local $src i32) (local $dst i32)
    (local $j i32) (local $value4 v128) (local $row i32) (local $dz i32) (local $gated i32) (local $patch i32) (local $patch_bytes i32)
    (local $n i32) (local $h i32) (local $w i32) (local $c i32) (local $kh i32) (local $kw i32)
    (local $f i32) (local $oh i32) (local $ow i32) (local $top i32) (local $left i32)
    (local $e i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $kx i32) (local $iy i32)
    (local $ix i32) (local $i i32) (local $count i32) (local $step i32) (local $channel_bytes i32)
    (local $vector_channels i32) (local $x_bytes i32) (local $at i32) (local $tap i32)
    (local $tap_bytes i32) (local $col i32) (local $p i32) (local $list i32) (local $list_end i32)
    (local $window8 i32)
    (local $sum4 v128) (local $sum f32) (local $wt i32) (local $value f32) (local $ci i32) (local $any4 v128) (local $sum4b v128) (local $dst_b i32) (local $value_b f32) (local $value4b v128)
    (local.set $n (i32.load (local.get $g)))
    (local.set $h (i32.load offset=4 (local.get $g)))
    (local.set $w (i32.load offset=8 (local.get $g)))
    (local.set $c (i32.load offset=12 (local.get $g)))
    (local.set $kh (i32.load offset=16 (local.get $g)))
    (local.set $kw (i32.load offset=20 (local.get $g)))
    (local.set $f (i32.load offset=24 (local.get $g)))
    (local.set $oh (i32.load offset=28 (local.get $g)))
    (local.set $ow (i32.load offset=32 (local.get $g)))
    (local.set $top (i32.load offset=36 (local.get $g)))
    (local.set $left (i32.load offset=40 (local.get $g)))
    (local.set $step (i32.shl (local.get $f) (i32.const 2)))
    (local.set $channel_bytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $vector_channels (i32.and (local.get $channel_bytes) (i32.const -16)))
    (local.set $tap_bytes (i32.mul (local.get $f) (local.get $channel_bytes)))
    (local.set $x_bytes (i32.mul (i32.mul (local.get $h) (local.get $w)) (local.get $channel_bytes)))
    (local.set $taps (i32.mul (local.get $kh) (local.get $kw)))
    (local.set $size (i32.mul (local.get $taps) (local.get $tap_bytes)))
    ;; One input channel, eight filters five wide, no dx: by x's nonzero values instead.
    (if (i32.and
          (i32.and (i32.eq (local.get $c) (i32.const 1)) (i32.eq (local.get $f) (i32.const 8)))
          (i32.and (i32.eq (local.get $kw) (i32.const 5)) (i32.eqz (local.get $dx))))
      (then
        (call $backward_one_channel (local.get $x) (local.get $dy) (local.get $y) (local.get $dw)
          (local.get $db) (local.get $g) (local.get $scratch) (i32.const 0) (i32.const 0) (i32.const 0))
        (return (f32.add
          (call $check (local.get $dw) (local.get $size))
          (if (result f32) (local.get $db)
            (then (call $check (local.get $db) (local.get $step)))
            (else (f32.const 0)))))))
    (local.set $dwt (local.get $scratch))
    (local.set $wt (i32.add (local.get $dwt) (local.get $size)))
    (local.set $list
      (if (result i32) (local.get $dx)
        (then (i32.add (local.get $wt) (local.get $size)))
        (else (local.get $wt))))
    (local.set $gated (i32.add (local.get $list) (i32.shl (local.get $f) (i32.const 3))))
    (local.set $patch (i32.add (local.get $gated) (local.get $step)))
    (local.set $patch_bytes (i32.mul (local.get $taps) (local.get $channel_bytes)))
    (memory.fill (local.get $dwt) (i32.const 0) (local.get $size))
    (if (local.get $db) (then (memory.fill (local.get $db) (i32.const 0) (local.get $step))))
    ;; wt = the filter with each tap's [c, f] transposed to [f, c]: filter[tap, ci, j] goes to
    ;; wt[tap, j, ci], read in the filter's order (nested loops: no division per value).
    (local.set $count (i32.mul (i32.mul (i32.mul (local.get $kh) (local.get $kw)) (local.get $c))
      (local.get $f)))
    (block $transposed
      (br_if $transposed (i32.eqz (local.get $dx)))
      (local.set $src (local.get $filter))
      (local.set $tap (local.get $wt))
      (loop $taps_of_wt
        (br_if $transposed (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $ci (i32.const 0))
        (block $channels_done
          (loop $channels
            (br_if $channels_done (i32.ge_u (local.get $ci) (local.get $channel_bytes)))
            (local.set $dst (i32.add (local.get $tap) (local.get $ci)))
            (local.set $j (i32.const 0))
            (block $row_done
              (loop $row_of_filter
                (br_if $row_done (i32.ge_u (local.get $j) (local.get $f)))
                (f32.store (local.get $dst) (f32.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $dst (i32.add (local.get $dst) (local.get $channel_bytes)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $row_of_filter)))
            (local.set $ci (i32.add (local.get $ci) (i32.const 4)))
            (br $channels)))
        (local.set $tap (i32.add (local.get $tap) (local.get $tap_bytes)))
        (local.set $i (i32.add (local.get $i) (i32.mul (local.get $c) (local.get $f))))
        (br $taps_of_wt)))
    (if (local.get $dx)
      (then (memory.fill (local.get $dx) (i32.const 0) (i32.mul (local.get $n) (local.get $x_bytes)))))
    (block $examples_done
      (loop $examples
        (br_if $examples_done (i32.ge_u (local.get $e) (local.get $n)))
        (local.set $oy (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $oy) (local.get $oh)))
            (local.set $ox (i32.const 0))
            (block $columns_done
              (loop $columns
                (br_if $columns_done (i32.ge_u (local.get $ox) (local.get $ow)))
                ;; The row's nonzero gradients as (j · 4c, value) pairs, kept as $index_rows keeps
                ;; its pairs: written, and kept when not 0.
                ;; dz's row: dy's, or with ReLU dy's where y > 0 and 0 elsewhere, in gated.
                ;; any4: the row's bits ORed, to skip a row of dz with no nonzero bit (its sums
                ;; would add zeros), taken as the row is gated or, without ReLU, read.
                (local.set $any4 (v128.const i32x4 0 0 0 0))
                (local.set $dz (local.get $dy))
                (local.set $j (i32.const 0))
                (if (local.get $y)
                  (then
                    (local.set $dz (local.get $gated))
                    (block $gated_fours
                      (loop $gate_four
                        (br_if $gated_fours
                          (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $step)))
                        (local.set $value4
                          (v128.and
                            (v128.load align=4 (i32.add (local.get $dy) (local.get $j)))
                            (f32x4.gt (v128.load align=4 (i32.add (local.get $y) (local.get $j)))
                              (v128.const f32x4 0 0 0 0))))
                        (v128.store align=4 (i32.add (local.get $gated) (local.get $j)) (local.get $value4))
                        (local.set $any4 (v128.or (local.get $any4) (local.get $value4)))
                        (local.set $j (i32.add (local.get $j) (i32.const 16)))
                        (br $gate_four)))
                    (block $gated_ones
                      (loop $gate_one
                        (br_if $gated_ones (i32.ge_u (local.get $j) (local.get $step)))
                        (f32.store (i32.add (local.get $gated) (local.get $j))
                          (select
                            (f32.load (i32.add (local.get $dy) (local.get $j)))
                            (f32.const 0)
                            (f32.gt (f32.load (i32.add (local.get $y) (local.get $j))) (f32.const 0))))
                        (local.set $any4 (v128.or (local.get $any4)
                          (v128.load32_zero align=4 (i32.add (local.get $gated) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 4)))
                        (br $gate_one))))
                  (else
                    (block $ored
                      (loop $or_four
                        (br_if $ored (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $step)))
                        (local.set $any4
                          (v128.or (local.get $any4) (v128.load align=4 (i32.add (local.get $dz) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 16)))
                        (br $or_four)))
                    (block $ored
                      (loop $or_one
                        (br_if $ored (i32.ge_u (local.get $j) (local.get $step)))
                        (local.set $any4 (v128.or (local.get $any4)
                          (v128.load32_zero align=4 (i32.add (local.get $dz) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 4)))
                        (br $or_one)))))
                (block $position_done
                (br_if $position_done (i32.eqz (v128.any_true (local.get $any4))))
                (local.set $list_end (local.get $list))
                (local.set $i (i32.const 0))
                (block $listed
                  (loop $gradients
                    (br_if $listed (i32.ge_u (local.get $i) (local.get $f)))
                    (i32.store (local.get $list_end) (i32.mul (local.get $i) (local.get $channel_bytes)))
                    (f32.store offset=4 (local.get $list_end)
                      (local.tee $value
                        (f32.load (i32.add (local.get $dz) (i32.shl (local.get $i) (i32.const 2))))))
                    (local.set $list_end (i32.add (local.get $list_end)
                      (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $gradients)))
                ;; db += the row
                (if (local.get $db)
                  (then
                    (local.set $j (i32.const 0))
                    (block $db_done
                      (loop $db_next
                        (br_if $db_done
                          (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $step)))
                        (local.set $row (i32.add (local.get $db) (local.get $j)))
                        (v128.store align=4 (local.get $row)
                          (f32x4.add (v128.load align=4 (local.get $row))
                            (v128.load align=4 (i32.add (local.get $dz) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 16)))
                        (br $db_next)))
                    (block $db_done
                      (loop $db_next
                        (br_if $db_done (i32.ge_u (local.get $j) (local.get $step)))
                        (local.set $row (i32.add (local.get $db) (local.get $j)))
                        (f32.store (local.get $row)
                          (f32.add (f32.load (local.get $row))
                            (f32.load (i32.add (local.get $dz) (local.get $j)))))
                        (local.set $j (i32.add (local.get $j) (i32.const 4)))
                        (br $db_next)))))
                ;; Eight channels, a window five wide inside x: the filter from x itself.
                (local.set $window8
                  (i32.and
                    (i32.and
                      (i32.and (i32.eq (local.get $c) (i32.const 8)) (i32.eq (local.get $kw) (i32.const 5)))
                      (i32.ne (local.get $list_end) (local.get $list)))
                    (i32.and
                      (i32.and
                        (i32.ge_s (i32.sub (local.get $ox) (local.get $left)) (i32.const 0))
                        (i32.le_s (i32.add (i32.sub (local.get $ox) (local.get $left)) (i32.const 5))
                          (local.get $w)))
                      (i32.and
                        (i32.ge_s (i32.sub (local.get $oy) (local.get $top)) (i32.const 0))
                        (i32.le_s (i32.add (i32.sub (local.get $oy) (local.get $top)) (local.get $kh))
                          (local.get $h))))))
                (if (local.get $window8)
                  (then
                    (call $filter_gradient_window8
                      (i32.add (local.get $x)
                        (i32.shl
                          (i32.add
                            (i32.mul (i32.sub (local.get $oy) (local.get $top)) (local.get $w))
                            (i32.sub (local.get $ox) (local.get $left)))
                          (i32.const 5)))
                      (i32.shl (local.get $w) (i32.const 5)) (local.get $kh) (local.get $dwt)
                      (local.get $taps) (local.get $list) (local.get $list_end))))
                (if (i32.and (i32.ne (local.get $list_end) (local.get $list))
                      (i32.eqz (local.get $window8)))
                  (then
                    ;; The filter. First the position's window of x, [kh, kw, c], into patch:
                    ;; per tap row, the columns in range, kx0 <= kx < kx1, are one segment of x's
                    ;; row from column ox - left + kx0 on; the padding around it is 0.
                    (local.set $kx0 (i32.sub (local.get $left) (local.get $ox)))
                    (local.set $kx0
                      (select (local.get $kx0) (i32.const 0) (i32.gt_s (local.get $kx0) (i32.const 0))))
                    (local.set $kx1 (i32.add (i32.sub (local.get $w) (local.get $ox)) (local.get $left)))
                    (local.set $kx1
                      (select (local.get $kx1) (local.get $kw) (i32.lt_s (local.get $kx1) (local.get $kw))))
                    (local.set $segment
                      (i32.mul (i32.sub (local.get $kx1) (local.get $kx0)) (local.get $channel_bytes)))
                    (if (i32.lt_s (local.get $segment) (i32.const 0))
                      (then (local.set $segment (i32.const 0))))
                    (if (i32.lt_u (i32.sub (local.get $kx1) (local.get $kx0)) (local.get $kw))
                      (then (memory.fill (local.get $patch) (i32.const 0) (local.get $patch_bytes))))
                    (local.set $ky (i32.const 0))
                    (block $patch_done
                      (loop $patch_rows
                        (br_if $patch_done (i32.ge_u (local.get $ky) (local.get $kh)))
                        (local.set $iy
                          (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
                        (local.set $dst (i32.add (local.get $patch)
                          (i32.mul
                            (i32.add (i32.mul (local.get $ky) (local.get $kw)) (local.get $kx0))
                            (local.get $channel_bytes))))
                        (if (i32.lt_u (local.get $iy) (local.get $h))
                          (then
                            (local.set $src (i32.add (local.get $x)
                              (i32.mul
                                (i32.add (i32.mul (local.get $iy) (local.get $w))
                                  (i32.add (i32.sub (local.get $ox) (local.get $left)) (local.get $kx0)))
                                (local.get $channel_bytes))))
                            (local.set $j (i32.const 0))
                            (block $copied
                              (loop $copy
                                (br_if $copied
                                  (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $segment)))
                                (v128.store align=4 (i32.add (local.get $dst) (local.get $j))
                                  (v128.load align=4 (i32.add (local.get $src) (local.get $j))))
                                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                                (br $copy)))
                            (block $copied
                              (loop $copy
                                (br_if $copied (i32.ge_u (local.get $j) (local.get $segment)))
                                (f32.store (i32.add (local.get $dst) (local.get $j))
                                  (f32.load (i32.add (local.get $src) (local.get $j))))
                                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                                (br $copy))))
                          (else
                            (memory.fill (local.get $dst) (i32.const 0) (local.get $segment))))
                        (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
                        (br $patch_rows)))
                    ;; Then dwt[j, :] += value · patch for each listed (j, value): one row of
                    ;; kh · kw · c floats each.
                    (local.set $p (local.get $list))
                    ;; Two listed gradients at a time while two are left: one load of the patch
                    ;; for both rows.
                    (block $lane_pairs_done
                      (loop $lane_pairs
                        (br_if $lane_pairs_done
                          (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $list_end)))
                        (local.set $dst (i32.add (local.get $dwt)
                          (i32.mul (i32.load (local.get $p)) (local.get $taps))))
                        (local.set $dst_b (i32.add (local.get $dwt)
                          (i32.mul (i32.load offset=8 (local.get $p)) (local.get $taps))))
                        (local.set $value (f32.load offset=4 (local.get $p)))
                        (local.set $value_b (f32.load offset=12 (local.get $p)))
                        (local.set $value4 (f32x4.splat (local.get $value)))
                        (local.set $value4b (f32x4.splat (local.get $value_b)))
                        (local.set $j (i32.const 0))
                        (block $vectors_done
                          (loop $vectors
                            (br_if $vectors_done
                              (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $patch_bytes)))
                            (local.set $sum4 (v128.load align=4 (i32.add (local.get $patch) (local.get $j))))
                            (v128.store align=4 (i32.add (local.get $dst) (local.get $j))
                              (f32x4.add
                                (v128.load align=4 (i32.add (local.get $dst) (local.get $j)))
                                (f32x4.mul (local.get $value4) (local.get $sum4))))
                            (v128.store align=4 (i32.add (local.get $dst_b) (local.get $j))
                              (f32x4.add
                                (v128.load align=4 (i32.add (local.get $dst_b) (local.get $j)))
                                (f32x4.mul (local.get $value4b) (local.get $sum4))))
                            (local.set $j (i32.add (local.get $j) (i32.const 16)))
                            (br $vectors)))
                        (block $scalars_done
                          (loop $scalars
                            (br_if $scalars_done (i32.ge_u (local.get $j) (local.get $patch_bytes)))
                            (local.set $sum (f32.load (i32.add (local.get $patch) (local.get $j))))
                            (f32.store (i32.add (local.get $dst) (local.get $j))
                              (f32.add
                                (f32.load (i32.add (local.get $dst) (local.get $j)))
                                (f32.mul (local.get $value) (local.get $sum))))
                            (f32.store (i32.add (local.get $dst_b) (local.get $j))
                              (f32.add
                                (f32.load (i32.add (local.get $dst_b) (local.get $j)))
                                (f32.mul (local.get $value_b) (local.get $sum))))
                            (local.set $j (i32.add (local.get $j) (i32.const 4)))
                            (br $scalars)))
                        (local.set $p (i32.add (local.get $p) (i32.const 16)))
                        (br $lane_pairs)))
                    (block $lanes_done
                      (loop $lanes
                        (br_if $lanes_done (i32.ge_u (local.get $p) (local.get $list_end)))
                        ;; dwt[j] is at j · 4c · taps
                        (local.set $dst (i32.add (local.get $dwt)
                          (i32.mul (i32.load (local.get $p)) (local.get $taps))))
                        (local.set $value (f32.load offset=4 (local.get $p)))
                        (local.set $value4 (f32x4.splat (local.get $value)))
                        (local.set $j (i32.const 0))
                        (block $vectors_done
                          (loop $vectors
                            (br_if $vectors_done
                              (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $patch_bytes)))
                            (v128.store align=4 (i32.add (local.get $dst) (local.get $j))
                              (f32x4.add
                                (v128.load align=4 (i32.add (local.get $dst) (local.get $j)))
                                (f32x4.mul (local.get $value4)
                                  (v128.load align=4 (i32.add (local.get $patch) (local.get $j))))))
                            (local.set $j (i32.add (local.get $j) (i32.const 16)))
                            (br $vectors)))
                        (block $scalars_done
                          (loop $scalars
                            (br_if $scalars_done (i32.ge_u (local.get $j) (local.get $patch_bytes)))
                            (f32.store (i32.add (local.get $dst) (local.get $j))
                              (f32.add
                                (f32.load (i32.add (local.get $dst) (local.get $j)))
                                (f32.mul (local.get $value)
                                  (f32.load (i32.add (local.get $patch) (local.get $j))))))
                            (local.set $j (i32.add (local.get $j) (i32.const 4)))
                            (br $scalars)))
                        (local.set $p (i32.add (local.get $p) (i32.const 8)))
                        (br $lanes)))))
                ;; x: each tap in range, when asked for.
                (if (i32.and (i32.ne (local.get $list_end) (local.get $list))
                      (i32.ne (local.get $dx) (i32.const 0)))
                  (then
                    (local.set $ky (i32.const 0))
                    (block $taps_done
                      (loop $taps
                        (br_if $taps_done (i32.ge_u (local.get $ky) (local.get $kh)))
                        (local.set $iy
                          (i32.sub (i32.add (local.get $oy) (local.get $ky)) (local.get $top)))
                        (if (i32.lt_u (local.get $iy) (local.get $h))
                          (then
                            ;; Eight channels and five taps in range: the row's taps from one
                            ;; walk of the list (and none left for the loop below).
                            (if (i32.and
                                  (i32.and (i32.eq (local.get $c) (i32.const 8))
                                    (i32.eq (local.get $kw) (i32.const 5)))
                                  (i32.and
                                    (i32.ge_s (i32.sub (local.get $ox) (local.get $left)) (i32.const 0))
                                    (i32.le_s (i32.add (i32.sub (local.get $ox) (local.get $left)) (i32.const 5))
                                      (local.get $w))))
                              (then
                                (call $input_gradient_row
                                  (i32.add (local.get $dx)
                                    (i32.shl
                                      (i32.add (i32.mul (local.get $iy) (local.get $w))
                                        (i32.sub (local.get $ox) (local.get $left)))
                                      (i32.const 5)))
                                  (i32.add (local.get $wt)
                                    (i32.mul (i32.mul (local.get $ky) (i32.const 5)) (local.get $tap_bytes)))
                                  (local.get $tap_bytes) (local.get $list) (local.get $list_end))
                                (local.set $kx (local.get $kw)))
                              (else (local.set $kx (i32.const 0))))
                            (block $columns_of_taps_done
                              (loop $columns_of_taps
                                (br_if $columns_of_taps_done
                                  (i32.ge_u (local.get $kx) (local.get $kw)))
                                (local.set $ix
                                  (i32.sub (i32.add (local.get $ox) (local.get $kx)) (local.get $left)))
                                (if (i32.lt_u (local.get $ix) (local.get $w))
                                  (then
                                    ;; dx[b, iy, ix, :] and wt[ky, kx, :, :]
                                    (local.set $at (i32.add (local.get $dx)
                                      (i32.mul
                                        (i32.add (i32.mul (local.get $iy) (local.get $w))
                                          (local.get $ix))
                                        (local.get $channel_bytes))))
                                    (local.set $tap (i32.add (local.get $wt)
                                      (i32.mul
                                        (i32.add (i32.mul (local.get $ky) (local.get $kw))
                                          (local.get $kx))
                                        (local.get $tap_bytes))))
                                    ;; Eight channels at a time (one walk of the list for
                                    ;; two vectors), then four, then one at a time.
                                    (local.set $col (i32.const 0))
                                    (block $eights_done
                                      (loop $eights
                                        (br_if $eights_done
                                          (i32.gt_u (i32.add (local.get $col) (i32.const 32))
                                            (local.get $vector_channels)))
                                        (local.set $sum4 (v128.const i32x4 0 0 0 0))
                                        (local.set $sum4b (v128.const i32x4 0 0 0 0))
                                        (local.set $p (local.get $list))
                                        (local.set $row (i32.add (local.get $tap) (local.get $col)))
                                        (block $pairs_done
                                          (loop $pair
                                            (br_if $pairs_done
                                              (i32.ge_u (local.get $p) (local.get $list_end)))
                                            (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
                                            (local.set $src (i32.add (local.get $row) (i32.load (local.get $p))))
                                            (local.set $sum4 (f32x4.add (local.get $sum4)
                                              (f32x4.mul (local.get $value4)
                                                (v128.load align=4 (local.get $src)))))
                                            (local.set $sum4b (f32x4.add (local.get $sum4b)
                                              (f32x4.mul (local.get $value4)
                                                (v128.load offset=16 align=4 (local.get $src)))))
                                            (local.set $p (i32.add (local.get $p) (i32.const 8)))
                                            (br $pair)))
                                        (local.set $dst (i32.add (local.get $at) (local.get $col)))
                                        (v128.store align=4 (local.get $dst)
                                          (f32x4.add (v128.load align=4 (local.get $dst)) (local.get $sum4)))
                                        (v128.store offset=16 align=4 (local.get $dst)
                                          (f32x4.add (v128.load offset=16 align=4 (local.get $dst))
                                            (local.get $sum4b)))
                                        (local.set $col (i32.add (local.get $col) (i32.const 32)))
                                        (br $eights)))
                                    (block $fours_done
                                      (loop $fours
                                        (br_if $fours_done
                                          (i32.ge_u (local.get $col) (local.get $vector_channels)))
                                        (local.set $sum4 (v128.const i32x4 0 0 0 0))
                                        (local.set $p (local.get $list))
                                        (block $pairs_done
                                          (loop $pair
                                            (br_if $pairs_done
                                              (i32.ge_u (local.get $p) (local.get $list_end)))
                                            (local.set $sum4 (f32x4.add (local.get $sum4)
                                              (f32x4.mul
                                                (v128.load32_splat offset=4 (local.get $p))
                                                (v128.load align=4
                                                  (i32.add (i32.add (local.get $tap) (local.get $col))
                                                    (i32.load (local.get $p)))))))
                                            (local.set $p (i32.add (local.get $p) (i32.const 8)))
                                            (br $pair)))
                                        (v128.store align=4 (i32.add (local.get $at) (local.get $col))
                                          (f32x4.add
                                            (v128.load align=4 (i32.add (local.get $at) (local.get $col)))
                                            (local.get $sum4)))
                                        (local.set $col (i32.add (local.get $col) (i32.const 16)))
                                        (br $fours)))
                                    (block $ones_done
                                      (loop $ones
                                        (br_if $ones_done
                                          (i32.ge_u (local.get $col) (local.get $channel_bytes)))
                                        (local.set $sum (f32.const 0))
                                        (local.set $p (local.get $list))
                                        (block $pairs_done
                                          (loop $pair
                                            (br_if $pairs_done
                                              (i32.ge_u (local.get $p) (local.get $list_end)))
                                            (local.set $sum (f32.add (local.get $sum)
                                              (f32.mul
                                                (f32.load offset=4 (local.get $p))
                                                (f32.load
                                                  (i32.add (i32.add (local.get $tap) (local.get $col))
                                                    (i32.load (local.get $p)))))))
                                            (local.set $p (i32.add (local.get $p) (i32.const 8)))
                                            (br $pair)))
                                        (f32.store (i32.add (local.get $at) (local.get $col))
                                          (f32.add
                                            (f32.load (i32.add (local.get $at) (local.get $col)))
                                            (local.get $sum)))
                                        (local.set $col (i32.add (local.get $col) (i32.const 4)))
                                        (br $ones)))))
                                (local.set $kx (i32.add (local.get $kx) (i32.const 1)))
                                (br $columns_of_taps)))))
                        (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
                        (br $taps)))))
                )
                (local.set $dy (i32.add (local.get $dy) (local.get $step)))
                (if (local.get $y) (then (local.set $y (i32.add (local.get $y) (local.get $step)))))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $columns)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $rows)))
        (local.set $x (i32.add (local.get $x) (local.get $x_bytes)))
        (if (local.get $dx) (then (local.set $dx (i32.add (local.get $dx) (local.get $x_bytes)))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $examples)))
    ;; dw[t, ci, j] = dwt[j, t, ci] for the taps t: written in dw's order, (t c + ci) outside, j
    ;; inside, each read a row of dwt (4 · taps · c bytes) further on.
    (local.set $count (i32.mul (local.get $taps) (local.get $c)))
    (local.set $patch_bytes (i32.shl (local.get $count) (i32.const 2)))
    (local.set $dst (local.get $dw))
    (local.set $i (i32.const 0))
    (block $back_done
      (loop $back
        (br_if $back_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $src (i32.add (local.get $dwt) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $row_of_dw
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $f)))
            (f32.store (local.get $dst) (f32.load (local.get $src)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (local.set $src (i32.add (local.get $src) (local.get $patch_bytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $row_of_dw)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $back)))
    (f32.add
      (call $check (local.get $dw) (local.get $size))
      (if (result f32) (local.get $db)
        (then (call $check (local.get $db) (local.get $step)))
        (else (f32.const 0)))))
)
