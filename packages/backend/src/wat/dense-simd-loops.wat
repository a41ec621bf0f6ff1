;; The loops of the Dense training kernels (src/kernels/DenseForward.ts, DenseBackward.ts): a
;; fully connected layer's forward pass and its backward pass, four floats at a time in f32x4
;; lanes. Every matrix is float32, row-major, in tfjs-backend-wasm's heap (the module imports the
;; backend's non-shared WebAssembly.Memory); every pointer is a byte offset into it, 0 for "none".
;;
;; Shapes: x [rows, k] (the layer's input), w [k, n] (its kernel), b [n], y [rows, n] (its output).
;; Both products are sums of rows scaled by single values, so both skip the zero values of x for
;; free: after a ReLU, and in MNIST's images, most of them are zero.
;;
;;   forward                               backward
;;   y[r,:] = b + Σⱼ x[r,j] w[j,:]          dw[j,:] = Σᵣ x[r,j] dz[r,:]     (kernel_gradient)
;;                                          db      = Σᵣ dz[r,:]            (column_sums)
;;                                          dx[r,j] = dz[r,:] · w[j,:]      (input_gradient)
;;   y = relu(z) · mask                     dz = dy · mask · (y > 0)        (gate)
;;   (activate)
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

  ;; dst[i] += a · src[i] for i < count: the inner loop of both products and of the column sums.
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

  ;; a[:count] · b[:count], summed in four lanes (lane i takes the elements ≡ i mod 4), then the
  ;; lanes in order 0+1+2+3, then the last count mod 4 products in order.
  (func $dot (param $a i32) (param $b i32) (param $count i32) (result f32)
    (local $vector_end i32) (local $end i32) (local $sum4 v128) (local $sum f32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $a)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $a) (local.get $vector_end))
      (then
        (loop $four
          (local.set $sum4
            (f32x4.add
              (local.get $sum4)
              (f32x4.mul (v128.load align=4 (local.get $a)) (v128.load align=4 (local.get $b)))))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $four
            (i32.lt_u
              (local.tee $a (i32.add (local.get $a) (i32.const 16)))
              (local.get $vector_end))))))
    (local.set $sum
      (f32.add
        (f32.add
          (f32.add
            (f32x4.extract_lane 0 (local.get $sum4))
            (f32x4.extract_lane 1 (local.get $sum4)))
          (f32x4.extract_lane 2 (local.get $sum4)))
        (f32x4.extract_lane 3 (local.get $sum4))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $one
          (local.set $sum
            (f32.add
              (local.get $sum)
              (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
          (local.set $b (i32.add (local.get $b) (i32.const 4)))
          (br_if $one
            (i32.lt_u
              (local.tee $a (i32.add (local.get $a) (i32.const 4)))
              (local.get $end))))))
    (local.get $sum))

  ;; forward(x, rows, k, w, n, b, y): y = x · w + b, b optional.
  ;; x [rows, k], w [k, n], b [n], y [rows, n]. Zeros of x cost nothing.
  (func (export "forward")
    (param $x i32) (param $rows i32) (param $k i32) (param $w i32) (param $n i32)
    (param $b i32) (param $y i32)
    (local $row_bytes i32) (local $r i32) (local $j i32) (local $value f32)
    (local.set $row_bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $rows_done
      (br_if $rows_done (i32.eqz (local.get $rows)))
      (loop $row
        ;; y[r,:] = b (or 0) ...
        (call $zero (local.get $y) (local.get $n))
        (if (local.get $b)
          (then (call $axpy (local.get $y) (local.get $b) (f32.const 1) (local.get $n))))
        ;; ... + Σⱼ x[r,j] w[j,:]
        (local.set $j (i32.const 0))
        (block $cols_done
          (br_if $cols_done (i32.eqz (local.get $k)))
          (loop $col
            (local.set $value (f32.load (local.get $x)))
            (if (f32.ne (local.get $value) (f32.const 0))
              (then
                (call $axpy
                  (local.get $y)
                  (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $row_bytes)))
                  (local.get $value)
                  (local.get $n))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br_if $col
              (i32.lt_u
                (local.tee $j (i32.add (local.get $j) (i32.const 1)))
                (local.get $k)))))
        (local.set $y (i32.add (local.get $y) (local.get $row_bytes)))
        (br_if $row
          (i32.lt_u
            (local.tee $r (i32.add (local.get $r) (i32.const 1)))
            (local.get $rows))))))

  ;; activate(y, count, relu, mask) -> check: y = relu(y) (when relu ≠ 0), then y ·= mask (when
  ;; mask ≠ 0), in place. Returns the sum of z - z over the values z before activation: 0 when all
  ;; are finite, NaN when one is not (ReLU would hide a -∞).
  (func (export "activate")
    (param $y i32) (param $count i32) (param $relu i32) (param $mask i32) (result f32)
    (local $vector_end i32) (local $end i32) (local $z4 v128) (local $check4 v128)
    (local $z f32) (local $check f32)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $y)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $y) (local.get $vector_end))
      (then
        (loop $four
          (local.set $z4 (v128.load align=4 (local.get $y)))
          (local.set $check4
            (f32x4.add (local.get $check4) (f32x4.sub (local.get $z4) (local.get $z4))))
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
    (local.set $check
      (f32.add
        (f32.add
          (f32.add
            (f32x4.extract_lane 0 (local.get $check4))
            (f32x4.extract_lane 1 (local.get $check4)))
          (f32x4.extract_lane 2 (local.get $check4)))
        (f32x4.extract_lane 3 (local.get $check4))))
    (if (i32.lt_u (local.get $y) (local.get $end))
      (then
        (loop $one
          (local.set $z (f32.load (local.get $y)))
          (local.set $check (f32.add (local.get $check) (f32.sub (local.get $z) (local.get $z))))
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
              (local.get $end))))))
    (local.get $check))

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

  ;; column_sums(dz, rows, n, db): db = Σᵣ dz[r,:], the bias gradient. dz [rows, n], db [n].
  (func (export "column_sums") (param $dz i32) (param $rows i32) (param $n i32) (param $db i32)
    (local $row_bytes i32) (local $r i32)
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
            (local.get $rows))))))

  ;; kernel_gradient(x, rows, k, dz, n, dw): dw = xᵀ · dz, the kernel gradient.
  ;; x [rows, k], dz [rows, n], dw [k, n]. Zeros of x cost nothing.
  (func (export "kernel_gradient")
    (param $x i32) (param $rows i32) (param $k i32) (param $dz i32) (param $n i32) (param $dw i32)
    (local $row_bytes i32) (local $r i32) (local $j i32) (local $value f32)
    (local.set $row_bytes (i32.shl (local.get $n) (i32.const 2)))
    (call $zero (local.get $dw) (i32.mul (local.get $k) (local.get $n)))
    (block $rows_done
      (br_if $rows_done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $k))))
      (loop $row
        ;; dw[j,:] += x[r,j] dz[r,:] for every j
        (local.set $j (i32.const 0))
        (loop $col
          (local.set $value (f32.load (local.get $x)))
          (if (f32.ne (local.get $value) (f32.const 0))
            (then
              (call $axpy
                (i32.add (local.get $dw) (i32.mul (local.get $j) (local.get $row_bytes)))
                (local.get $dz)
                (local.get $value)
                (local.get $n))))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (br_if $col
            (i32.lt_u
              (local.tee $j (i32.add (local.get $j) (i32.const 1)))
              (local.get $k))))
        (local.set $dz (i32.add (local.get $dz) (local.get $row_bytes)))
        (br_if $row
          (i32.lt_u
            (local.tee $r (i32.add (local.get $r) (i32.const 1)))
            (local.get $rows))))))

  ;; input_gradient(dz, rows, n, w, k, dx): dx = dz · wᵀ, the gradient the layer passes back.
  ;; dz [rows, n], w [k, n], dx [rows, k].
  (func (export "input_gradient")
    (param $dz i32) (param $rows i32) (param $n i32) (param $w i32) (param $k i32) (param $dx i32)
    (local $row_bytes i32) (local $r i32) (local $j i32)
    (local.set $row_bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $rows_done
      (br_if $rows_done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $k))))
      (loop $row
        (local.set $j (i32.const 0))
        (loop $col
          (f32.store (local.get $dx)
            (call $dot
              (local.get $dz)
              (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $row_bytes)))
              (local.get $n)))
          (local.set $dx (i32.add (local.get $dx) (i32.const 4)))
          (br_if $col
            (i32.lt_u
              (local.tee $j (i32.add (local.get $j) (i32.const 1)))
              (local.get $k))))
        (local.set $dz (i32.add (local.get $dz) (local.get $row_bytes)))
        (br_if $row
          (i32.lt_u
            (local.tee $r (i32.add (local.get $r) (i32.const 1)))
            (local.get $rows))))))
)
