;; Part of dense-simd-loops.wat (which includes the parts in order): the product's forward,
;; "forward" (y = x · w + b), beside its backward, "kernel_gradient", "column_sums" and
;; "input_gradient".

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
