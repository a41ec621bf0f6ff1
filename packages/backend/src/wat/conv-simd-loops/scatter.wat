;; Part of conv-simd-loops.wat (which includes the parts in order): $scatter_example, the
;; forward in scatter order for any channels and filters (each listed pair of x adds into the
;; outputs it touches), the same sums as the gather in "forward".

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
