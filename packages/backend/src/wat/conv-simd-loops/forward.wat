;; Part of conv-simd-loops.wat (which includes the parts in order): the general forward,
;; "forward", which gathers each output position's window of pairs, 16, 4 or 1 output
;; channels at a time, and hands mostly-zero examples to the scatter loops that follow.

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
