;; Part of conv-simd-loops.wat (which includes the parts in order): the helpers the forward
;; loops share, $index_rows (one example's nonzero values of x, row by row, with a table of
;; where each column's pairs start) and $window (an output column's window in that table).

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
