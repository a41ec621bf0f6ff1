;; Part of dense-simd-loops.wat (which includes the parts in order): the product's forward,
;; "forward" (y = x · w + b), beside its backward, "kernel_gradient", "column_sums" and
;; "input_gradient" (with $transpose, which turns the kernel for it).

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
    (local $r i32)
    ;; wt = wᵀ, so that each row of dx is a sum of rows of wt.
    (call $transpose (local.get $w) (local.get $k) (local.get $n) (local.get $wt))
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

  ;; transpose(m, rows, cols, t): t = mᵀ, m [rows, cols], t [cols, rows], in 4x4 blocks (four
  ;; loads, eight shuffles, four stores) where four rows and four columns are left, the rest one
  ;; value at a time. The blocks go along four rows of t at a time, so that its stores are
  ;; consecutive: along m's rows instead, each block's stores land four rows of t further on
  ;; (4 KB when m has 256 rows), and the loads that follow them stall on the aliasing.
  (func $transpose (param $m i32) (param $rows i32) (param $cols i32) (param $t i32)
    (local $r i32) (local $c i32) (local $src i32) (local $dst i32) (local $row_bytes i32)
    (local $col_bytes i32) (local $rows4 i32) (local $cols4 i32)
    (local $a v128) (local $b v128) (local $e v128) (local $d v128)
    (local $ab_lo v128) (local $ab_hi v128) (local $ed_lo v128) (local $ed_hi v128)
    (local.set $row_bytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $col_bytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $blocks_done
      (loop $block_columns
        (br_if $blocks_done (i32.ge_u (local.get $c) (local.get $cols4)))
        (local.set $r (i32.const 0))
        (block $block_rows_done
          (loop $block_rows
            (br_if $block_rows_done (i32.ge_u (local.get $r) (local.get $rows4)))
            ;; m[r..r+3, c..c+3] as rows a, b, e, d; t[c..c+3, r..r+3] their columns.
            (local.set $src (i32.add (local.get $m)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c))
                (i32.const 2))))
            (local.set $a (v128.load align=4 (local.get $src)))
            (local.set $b (v128.load align=4 (i32.add (local.get $src) (local.get $row_bytes))))
            (local.set $src (i32.add (local.get $src) (i32.shl (local.get $row_bytes) (i32.const 1))))
            (local.set $e (v128.load align=4 (local.get $src)))
            (local.set $d (v128.load align=4 (i32.add (local.get $src) (local.get $row_bytes))))
            ;; a0 b0 a1 b1, a2 b2 a3 b3, e0 d0 e1 d1, e2 d2 e3 d3
            (local.set $ab_lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.get $a) (local.get $b)))
            (local.set $ab_hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $a) (local.get $b)))
            (local.set $ed_lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.get $e) (local.get $d)))
            (local.set $ed_hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $e) (local.get $d)))
            (local.set $dst (i32.add (local.get $t)
              (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r))
                (i32.const 2))))
            (v128.store align=4 (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (local.get $ab_lo) (local.get $ed_lo)))
            (v128.store align=4 (i32.add (local.get $dst) (local.get $col_bytes))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                (local.get $ab_lo) (local.get $ed_lo)))
            (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $col_bytes) (i32.const 1))))
            (v128.store align=4 (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (local.get $ab_hi) (local.get $ed_hi)))
            (v128.store align=4 (i32.add (local.get $dst) (local.get $col_bytes))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                (local.get $ab_hi) (local.get $ed_hi)))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $block_rows)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $block_columns)))
    ;; The columns the blocks left (cols mod 4 of the first rows4 rows), then the rows they left.
    (local.set $r (i32.const 0))
    (block $edge_rows_done
      (loop $edge_rows
        (br_if $edge_rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c
          (select (local.get $cols4) (i32.const 0) (i32.lt_u (local.get $r) (local.get $rows4))))
        (local.set $src (i32.add (local.get $m)
          (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
        (local.set $dst (i32.add (local.get $t)
          (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
        (block $edge_columns_done
          (loop $edge_columns
            (br_if $edge_columns_done (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store (local.get $dst) (f32.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (local.get $col_bytes)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $edge_columns)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $edge_rows))))
