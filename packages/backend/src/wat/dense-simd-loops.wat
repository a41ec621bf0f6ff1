;; The loops of the Dense training kernels (src/kernels/DenseForward.ts, DenseBackward.ts): a
;; fully connected layer's forward pass and its backward pass, four floats at a time in f32x4
;; lanes. Every matrix is float32, row-major, in tfjs-backend-wasm's heap (the module imports the
;; backend's non-shared WebAssembly.Memory); every pointer is a byte offset into it, 0 for "none".
;;
;; Shapes: x [rows, k] (the layer's input), w [k, n] (its kernel), b [n], y [rows, n] (its output).
;;
;;   forward                               backward
;;   y[r,:] = b + Σⱼ x[r,j] w[j,:]          dw[j,:] = Σᵣ x[r,j] dz[r,:]     (kernel_gradient)
;;                                          db      = Σᵣ dz[r,:]            (column_sums)
;;                                          dx[r,:] = Σ꜀ dz[r,c] wᵀ[c,:]    (input_gradient)
;;   y = relu(z) · mask  (activate)         dz = dy · mask · (y > 0)        (gate)
;;
;; Each product is one loop, $combine: an output row as a sum of rows of a matrix, each scaled by
;; one value, over a list of (row, value) pairs that $nonzeros gathers from x (or dz) without its
;; zeros: after a ReLU, and in MNIST's images, most values are zero and cost nothing. $combine
;; keeps 32 output columns in eight f32x4 registers while it runs down the list, so each pair costs
;; eight loads and eight multiply-adds, and the output is written once.
;;
;; Products and sums also return a check of what they wrote: the sum of v - v over its values, 0
;; when all are finite and NaN when one is not. The forward's is the check of the pre-activations
;; (ReLU would hide a -∞), the backward's of the gradients.
;;
;; src/kernels/dense-loops.ts holds the same loops in plain JavaScript, in the same order of
;; operations (so its results are the same to the bit): the fallback where this module cannot run,
;; and the reference the tests hold it to.
;;
;; Assembled at build time by build/assemble-wat.mjs (npm package wabt, SIMD enabled) into
;; dense-simd-loops.generated.ts; regenerate with `pnpm --filter @mnist-wasm/backend assemble`.
(module
  ;; tfjs-backend-wasm's heap, supplied at instantiation as { env: { memory } }.
  (import "env" "memory" (memory 0))

  ;; dst[i] += a · src[i] for i < count: the inner loop of the column sums.
  (func $axpy (param $dst i32) (param $src i32) (param $a f32) (param $count i32)
    (local $vector_end i32) (local $end i32) (local $a4 v128)
    (local.set $a4 (f32x4.splat (local.get $a)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $dst)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $dst) (local.get $vector_end))
      (then
        (loop $four
          (v128.store align=4 (local.get $dst)
            (f32x4.add
              (v128.load align=4 (local.get $dst))
              (f32x4.mul (local.get $a4) (v128.load align=4 (local.get $src)))))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (br_if $four
            (i32.lt_u
              (local.tee $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.get $vector_end))))))
    ;; The last count mod 4 values, one at a time.
    (if (i32.lt_u (local.get $dst) (local.get $end))
      (then
        (loop $one
          (f32.store (local.get $dst)
            (f32.add
              (f32.load (local.get $dst))
              (f32.mul (local.get $a) (f32.load (local.get $src)))))
          (local.set $src (i32.add (local.get $src) (i32.const 4)))
          (br_if $one
            (i32.lt_u
              (local.tee $dst (i32.add (local.get $dst) (i32.const 4)))
              (local.get $end)))))))

  ;; dst[i] = 0 for i < count.
  (func $zero (param $dst i32) (param $count i32)
    (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $count) (i32.const 2))))

  ;; nonzeros(src, stride, count, row_bytes, list) -> list_end: the values src[i · stride] (byte
  ;; stride) for i < count that are not 0, as (i · row_bytes, value) pairs of 8 bytes from list to
  ;; list_end, in order. Each pair is written and only kept (list_end advanced) when its value is
  ;; not 0, so that no branch depends on the values.
  (func $nonzeros
    (param $src i32) (param $stride i32) (param $count i32) (param $row_bytes i32) (param $list i32)
    (result i32)
    (local $i i32) (local $whole i32) (local $offset i32) (local $value f32)
    ;; Contiguous values four at a time: four zeros (most of an MNIST image) cost one test.
    (if (i32.eq (local.get $stride) (i32.const 4))
      (then
        (local.set $whole (i32.and (local.get $count) (i32.const -4)))
        (block $done
          (loop $four
            (br_if $done (i32.ge_u (local.get $i) (local.get $whole)))
            (if (v128.any_true (v128.load align=4 (local.get $src)))
              (then
                (local.set $offset (i32.mul (local.get $i) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load offset=4 (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load offset=8 (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load offset=12 (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $four)))))
    ;; The rest (or, strided, all) one at a time.
    (local.set $offset (i32.mul (local.get $i) (local.get $row_bytes)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (i32.store (local.get $list) (local.get $offset))
        (f32.store offset=4 (local.get $list) (local.tee $value (f32.load (local.get $src))))
        (local.set $list (i32.add (local.get $list)
          (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
        (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $one)))
    (local.get $list))

  ;; combine(list, list_end, m, n, init, out) -> check: out[c] = init[c] + Σ value · m[row + c]
  ;; over the (row, value) pairs from list to list_end, for c < n, the sum in list order; init 0
  ;; starts from zeros. Returns the check of out.
  (func $combine
    (param $list i32) (param $list_end i32) (param $m i32) (param $n i32) (param $init i32)
    (param $out i32) (result f32)
    (local $c i32) (local $end32 i32) (local $end8 i32) (local $end4 i32) (local $end i32)
    (local $pair i32) (local $row i32) (local $value4 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $check4 v128)
    (local $s f32) (local $t f32) (local $check f32)
    ;; Byte offsets of the columns where the blocks of 32, 8 and 4 columns, and all columns, end.
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end32 (i32.and (local.get $end) (i32.const -128)))
    (local.set $end8 (i32.and (local.get $end) (i32.const -32)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    ;; 32 columns at a time, in a0..a7: eight independent sums, so that the adds of one pair do
    ;; not wait for each other (each waits only for its own sum's previous add).
    (block $done32
      (loop $block32
        (br_if $done32 (i32.ge_u (local.get $c) (local.get $end32)))
        (if (local.get $init)
          (then
            (local.set $row (i32.add (local.get $init) (local.get $c)))
            (local.set $a0 (v128.load align=4 (local.get $row)))
            (local.set $a1 (v128.load offset=16 align=4 (local.get $row)))
            (local.set $a2 (v128.load offset=32 align=4 (local.get $row)))
            (local.set $a3 (v128.load offset=48 align=4 (local.get $row)))
            (local.set $a4 (v128.load offset=64 align=4 (local.get $row)))
            (local.set $a5 (v128.load offset=80 align=4 (local.get $row)))
            (local.set $a6 (v128.load offset=96 align=4 (local.get $row)))
            (local.set $a7 (v128.load offset=112 align=4 (local.get $row))))
          (else
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $a4 (v128.const i32x4 0 0 0 0))
            (local.set $a5 (v128.const i32x4 0 0 0 0))
            (local.set $a6 (v128.const i32x4 0 0 0 0))
            (local.set $a7 (v128.const i32x4 0 0 0 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $value4 (v128.load32_splat offset=4 (local.get $pair)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $row)))))
            (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $row)))))
            (local.set $a2 (f32x4.add (local.get $a2)
              (f32x4.mul (local.get $value4) (v128.load offset=32 align=4 (local.get $row)))))
            (local.set $a3 (f32x4.add (local.get $a3)
              (f32x4.mul (local.get $value4) (v128.load offset=48 align=4 (local.get $row)))))
            (local.set $a4 (f32x4.add (local.get $a4)
              (f32x4.mul (local.get $value4) (v128.load offset=64 align=4 (local.get $row)))))
            (local.set $a5 (f32x4.add (local.get $a5)
              (f32x4.mul (local.get $value4) (v128.load offset=80 align=4 (local.get $row)))))
            (local.set $a6 (f32x4.add (local.get $a6)
              (f32x4.mul (local.get $value4) (v128.load offset=96 align=4 (local.get $row)))))
            (local.set $a7 (f32x4.add (local.get $a7)
              (f32x4.mul (local.get $value4) (v128.load offset=112 align=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (local.set $row (i32.add (local.get $out) (local.get $c)))
        (v128.store align=4 (local.get $row) (local.get $a0))
        (v128.store offset=16 align=4 (local.get $row) (local.get $a1))
        (v128.store offset=32 align=4 (local.get $row) (local.get $a2))
        (v128.store offset=48 align=4 (local.get $row) (local.get $a3))
        (v128.store offset=64 align=4 (local.get $row) (local.get $a4))
        (v128.store offset=80 align=4 (local.get $row) (local.get $a5))
        (v128.store offset=96 align=4 (local.get $row) (local.get $a6))
        (v128.store offset=112 align=4 (local.get $row) (local.get $a7))
        (local.set $check4
          (f32x4.add (local.get $check4)
            (f32x4.add
              (f32x4.add (f32x4.add (f32x4.sub (local.get $a0) (local.get $a0)) (f32x4.sub (local.get $a1) (local.get $a1))) (f32x4.add (f32x4.sub (local.get $a2) (local.get $a2)) (f32x4.sub (local.get $a3) (local.get $a3))))
              (f32x4.add (f32x4.add (f32x4.sub (local.get $a4) (local.get $a4)) (f32x4.sub (local.get $a5) (local.get $a5))) (f32x4.add (f32x4.sub (local.get $a6) (local.get $a6)) (f32x4.sub (local.get $a7) (local.get $a7)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 128)))
        (br $block32)))
    ;; Fewer than 32 columns left (all of them when n < 32, as for logits): 8 at a time in a0 and
    ;; a1, then 4 in a0, then two and one in s and t, each pass running down the list once.
    (block $done8
      (loop $block8
        (br_if $done8 (i32.ge_u (local.get $c) (local.get $end8)))
        (local.set $a0 (if (result v128) (local.get $init)
            (then (v128.load align=4 (i32.add (local.get $init) (local.get $c))))
            (else (v128.const i32x4 0 0 0 0))))
        (local.set $a1 (if (result v128) (local.get $init)
            (then (v128.load offset=16 align=4 (i32.add (local.get $init) (local.get $c))))
            (else (v128.const i32x4 0 0 0 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul
                (v128.load32_splat offset=4 (local.get $pair))
                (v128.load align=4 (local.get $row)))))
            (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul
                (v128.load32_splat offset=4 (local.get $pair))
                (v128.load offset=16 align=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $c)) (local.get $a0))
        (v128.store offset=16 align=4 (i32.add (local.get $out) (local.get $c)) (local.get $a1))
        (local.set $check4
          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a0) (local.get $a0))))
        (local.set $check4
          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a1) (local.get $a1))))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $block8)))
    (if (i32.lt_u (local.get $c) (local.get $end4))
      (then
        (local.set $a0 (if (result v128) (local.get $init)
            (then (v128.load align=4 (i32.add (local.get $init) (local.get $c))))
            (else (v128.const i32x4 0 0 0 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul
                (v128.load32_splat offset=4 (local.get $pair))
                (v128.load align=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $c)) (local.get $a0))
        (local.set $check4
          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a0) (local.get $a0))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))))
    (local.set $check
      (f32.add
        (f32.add
          (f32.add
            (f32x4.extract_lane 0 (local.get $check4))
            (f32x4.extract_lane 1 (local.get $check4)))
          (f32x4.extract_lane 2 (local.get $check4)))
        (f32x4.extract_lane 3 (local.get $check4))))
    (if (i32.le_u (i32.add (local.get $c) (i32.const 8)) (local.get $end))
      (then
        (local.set $s (if (result f32) (local.get $init)
            (then (f32.load (i32.add (local.get $init) (local.get $c))))
            (else (f32.const 0))))
        (local.set $t (if (result f32) (local.get $init)
            (then (f32.load offset=4 (i32.add (local.get $init) (local.get $c))))
            (else (f32.const 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $s (f32.add (local.get $s)
              (f32.mul (f32.load offset=4 (local.get $pair)) (f32.load (local.get $row)))))
            (local.set $t (f32.add (local.get $t)
              (f32.mul (f32.load offset=4 (local.get $pair)) (f32.load offset=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (f32.store (i32.add (local.get $out) (local.get $c)) (local.get $s))
        (f32.store offset=4 (i32.add (local.get $out) (local.get $c)) (local.get $t))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $s) (local.get $s))))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $t) (local.get $t))))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))))
    (if (i32.lt_u (local.get $c) (local.get $end))
      (then
        (local.set $s (if (result f32) (local.get $init)
            (then (f32.load (i32.add (local.get $init) (local.get $c))))
            (else (f32.const 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $s (f32.add (local.get $s)
              (f32.mul (f32.load offset=4 (local.get $pair)) (f32.load (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (f32.store (i32.add (local.get $out) (local.get $c)) (local.get $s))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $s) (local.get $s))))))
    (local.get $check))

  ;; The product, forward: y = x · w + b. ------------------------------------------------------

  ;; forward(x, rows, k, w, n, b, y, list) -> check: y = x · w + b (b optional), the check of y.
  ;; x [rows, k], w [k, n], y [rows, n]; list is scratch for k pairs (8k bytes).
  (func (export "forward")
    (param $x i32) (param $rows i32) (param $k i32) (param $w i32) (param $n i32)
    (param $b i32) (param $y i32) (param $list i32) (result f32)
    (local $r i32) (local $check f32)
    (block $done
      (br_if $done (i32.eqz (local.get $rows)))
      (loop $row
        ;; y[r,:] = b + Σⱼ x[r,j] w[j,:] over the nonzero x[r,j]
        (local.set $check
          (f32.add (local.get $check)
            (call $combine
              (local.get $list)
              (call $nonzeros
                (local.get $x)
                (i32.const 4)
                (local.get $k)
                (i32.shl (local.get $n) (i32.const 2))
                (local.get $list))
              (local.get $w) (local.get $n) (local.get $b) (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $y (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 2))))
        (br_if $row
          (i32.lt_u
            (local.tee $r (i32.add (local.get $r) (i32.const 1)))
            (local.get $rows)))))
    (local.get $check))

  ;; ... and backward: dw = xᵀ · dz, db = Σ dz, dx = dz · wᵀ. ----------------------------------

  ;; kernel_gradient(x, rows, k, dz, n, dw, list) -> check: dw = xᵀ · dz, the kernel gradient, and
  ;; its check. x [rows, k], dz [rows, n], dw [k, n]; list is scratch for rows pairs (8 rows bytes).
  (func (export "kernel_gradient")
    (param $x i32) (param $rows i32) (param $k i32) (param $dz i32) (param $n i32) (param $dw i32)
    (param $list i32) (result f32)
    (local $j i32) (local $check f32)
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $col
        ;; dw[j,:] = Σᵣ x[r,j] dz[r,:] over the nonzero x[r,j], down column j of x
        (local.set $check
          (f32.add (local.get $check)
            (call $combine
              (local.get $list)
              (call $nonzeros
                (local.get $x)
                (i32.shl (local.get $k) (i32.const 2))
                (local.get $rows)
                (i32.shl (local.get $n) (i32.const 2))
                (local.get $list))
              (local.get $dz) (local.get $n) (i32.const 0) (local.get $dw))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $dw (i32.add (local.get $dw) (i32.shl (local.get $n) (i32.const 2))))
        (br_if $col
          (i32.lt_u
            (local.tee $j (i32.add (local.get $j) (i32.const 1)))
            (local.get $k)))))
    (local.get $check))

  ;; column_sums(dz, rows, n, db) -> check: db = Σᵣ dz[r,:], the bias gradient, and its check.
  ;; dz [rows, n], db [n].
  (func (export "column_sums") (param $dz i32) (param $rows i32) (param $n i32) (param $db i32)
    (result f32)
    (local $row_bytes i32) (local $r i32) (local $i i32) (local $value f32) (local $check f32)
    (local.set $row_bytes (i32.shl (local.get $n) (i32.const 2)))
    (call $zero (local.get $db) (local.get $n))
    (block $done
      (br_if $done (i32.eqz (local.get $rows)))
      (loop $row
        (call $axpy (local.get $db) (local.get $dz) (f32.const 1) (local.get $n))
        (local.set $dz (i32.add (local.get $dz) (local.get $row_bytes)))
        (br_if $row
          (i32.lt_u
            (local.tee $r (i32.add (local.get $r) (i32.const 1)))
            (local.get $rows)))))
    (block $checked
      (br_if $checked (i32.eqz (local.get $n)))
      (loop $next
        (local.set $value (f32.load (local.get $db)))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $value) (local.get $value))))
        (local.set $db (i32.add (local.get $db) (i32.const 4)))
        (br_if $next
          (i32.lt_u
            (local.tee $i (i32.add (local.get $i) (i32.const 1)))
            (local.get $n)))))
    (local.get $check))

  ;; input_gradient(dz, rows, n, w, k, dx, wt, list): dx = dz · wᵀ, the gradient the layer passes
  ;; back. dz [rows, n], w [k, n], dx [rows, k]; wt is scratch for wᵀ [n, k] (4nk bytes), list for
  ;; n pairs (8n bytes).
  (func (export "input_gradient")
    (param $dz i32) (param $rows i32) (param $n i32) (param $w i32) (param $k i32) (param $dx i32)
    (param $wt i32) (param $list i32)
    (local $r i32) (local $i i32) (local $count i32)
    ;; wt = wᵀ, so that each row of dx is a sum of rows of wt.
    (local.set $count (i32.mul (local.get $k) (local.get $n)))
    (block $transposed
      (br_if $transposed (i32.eqz (local.get $count)))
      (loop $next
        ;; w[j, c] with i = j n + c goes to wt[c, j] = wt[c k + j]
        (f32.store
          (i32.add (local.get $wt)
            (i32.shl
              (i32.add
                (i32.mul (i32.rem_u (local.get $i) (local.get $n)) (local.get $k))
                (i32.div_u (local.get $i) (local.get $n)))
              (i32.const 2)))
          (f32.load (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 2)))))
        (br_if $next
          (i32.lt_u
            (local.tee $i (i32.add (local.get $i) (i32.const 1)))
            (local.get $count)))))
    (block $done
      (br_if $done (i32.eqz (local.get $rows)))
      (loop $row
        ;; dx[r,:] = Σ꜀ dz[r,c] wᵀ[c,:] over the nonzero dz[r,c]
        (drop
          (call $combine
            (local.get $list)
            (call $nonzeros
              (local.get $dz)
              (i32.const 4)
              (local.get $n)
              (i32.shl (local.get $k) (i32.const 2))
              (local.get $list))
            (local.get $wt) (local.get $k) (i32.const 0) (local.get $dx)))
        (local.set $dz (i32.add (local.get $dz) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $k) (i32.const 2))))
        (br_if $row
          (i32.lt_u
            (local.tee $r (i32.add (local.get $r) (i32.const 1)))
            (local.get $rows))))))

  ;; The activation, forward: y = relu(z) · mask. ------------------------------------------------

  ;; activate(y, count, relu, mask): y = relu(y) (when relu ≠ 0), then y ·= mask (when mask ≠ 0),
  ;; in place.
  (func (export "activate") (param $y i32) (param $count i32) (param $relu i32) (param $mask i32)
    (local $vector_end i32) (local $end i32) (local $z4 v128) (local $z f32)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $y)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $y) (local.get $vector_end))
      (then
        (loop $four
          (local.set $z4 (v128.load align=4 (local.get $y)))
          ;; pmax(0, z) is z where 0 < z, else 0: ReLU.
          (if (local.get $relu)
            (then (local.set $z4 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $z4)))))
          (if (local.get $mask)
            (then
              (local.set $z4 (f32x4.mul (local.get $z4) (v128.load align=4 (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 16)))))
          (v128.store align=4 (local.get $y) (local.get $z4))
          (br_if $four
            (i32.lt_u
              (local.tee $y (i32.add (local.get $y) (i32.const 16)))
              (local.get $vector_end))))))
    (if (i32.lt_u (local.get $y) (local.get $end))
      (then
        (loop $one
          (local.set $z (f32.load (local.get $y)))
          (if (local.get $relu)
            (then (if (i32.eqz (f32.gt (local.get $z) (f32.const 0)))
              (then (local.set $z (f32.const 0))))))
          (if (local.get $mask)
            (then
              (local.set $z (f32.mul (local.get $z) (f32.load (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 4)))))
          (f32.store (local.get $y) (local.get $z))
          (br_if $one
            (i32.lt_u
              (local.tee $y (i32.add (local.get $y) (i32.const 4)))
              (local.get $end)))))))

  ;; ... and backward: dz = dy · mask · (y > 0). -----------------------------------------------

  ;; gate(dy, y, mask, count, relu, dz): dz = dy · mask (when mask ≠ 0), then 0 where y <= 0
  ;; (when relu ≠ 0): the gradient through activate, from its output y.
  (func (export "gate")
    (param $dy i32) (param $y i32) (param $mask i32) (param $count i32) (param $relu i32)
    (param $dz i32)
    (local $vector_end i32) (local $end i32) (local $d4 v128) (local $d f32)
    (local.set $end (i32.add (local.get $dz) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $dz)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $dz) (local.get $vector_end))
      (then
        (loop $four
          (local.set $d4 (v128.load align=4 (local.get $dy)))
          (if (local.get $mask)
            (then
              (local.set $d4 (f32x4.mul (local.get $d4) (v128.load align=4 (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 16)))))
          (if (local.get $relu)
            (then
              (local.set $d4
                (v128.and
                  (local.get $d4)
                  (f32x4.gt (v128.load align=4 (local.get $y)) (v128.const f32x4 0 0 0 0))))))
          (v128.store align=4 (local.get $dz) (local.get $d4))
          (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
          (local.set $y (i32.add (local.get $y) (i32.const 16)))
          (br_if $four
            (i32.lt_u
              (local.tee $dz (i32.add (local.get $dz) (i32.const 16)))
              (local.get $vector_end))))))
    (if (i32.lt_u (local.get $dz) (local.get $end))
      (then
        (loop $one
          (local.set $d (f32.load (local.get $dy)))
          (if (local.get $mask)
            (then
              (local.set $d (f32.mul (local.get $d) (f32.load (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 4)))))
          (if (local.get $relu)
            (then (if (i32.eqz (f32.gt (f32.load (local.get $y)) (f32.const 0)))
              (then (local.set $d (f32.const 0))))))
          (f32.store (local.get $dz) (local.get $d))
          (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
          (local.set $y (i32.add (local.get $y) (i32.const 4)))
          (br_if $one
            (i32.lt_u
              (local.tee $dz (i32.add (local.get $dz) (i32.const 4)))
              (local.get $end)))))))
)
