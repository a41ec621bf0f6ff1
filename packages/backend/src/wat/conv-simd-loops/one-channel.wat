;; Part of conv-simd-loops.wat (which includes the parts in order): the one-input-channel pair
;; for MNIST's first layer (eight filters five wide), $scatter_one_channel (forward) beside
;; $backward_one_channel (its filter and bias gradients, also from a max-pool's output), with
;; $check, the finite check the backward loops return, between them.

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
    (local $limit i32) (local $p4 v128)
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
            (local.set $limit (i32.shr_u (local.get $dz_bytes) (i32.const 2)))
            ;; Four at a time while four are left: the gradients gated in one f32x4 (a mask,
            ;; +0 where py <= 0, as the select below makes it), then added one lane at a time.
            (block $scattered4
              (loop $scatter4
                (br_if $scattered4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $pooled)))
                (local.set $p4 (v128.load align=4 (local.get $argmax)))
                (local.set $d4 (v128.load align=4 (local.get $dy)))
                (if (local.get $y)
                  (then (local.set $d4 (v128.and (local.get $d4)
                    (f32x4.gt (v128.load align=4 (local.get $py)) (v128.const f32x4 0 0 0 0))))))
                (local.set $place (i32x4.extract_lane 0 (local.get $p4)))
                (if (i32.lt_u (local.get $place) (local.get $limit))
                  (then
                    (local.set $place (i32.add (local.get $dz) (i32.shl (local.get $place) (i32.const 2))))
                    (f32.store (local.get $place)
                      (f32.add (f32.load (local.get $place)) (f32x4.extract_lane 0 (local.get $d4))))))
                (local.set $place (i32x4.extract_lane 1 (local.get $p4)))
                (if (i32.lt_u (local.get $place) (local.get $limit))
                  (then
                    (local.set $place (i32.add (local.get $dz) (i32.shl (local.get $place) (i32.const 2))))
                    (f32.store (local.get $place)
                      (f32.add (f32.load (local.get $place)) (f32x4.extract_lane 1 (local.get $d4))))))
                (local.set $place (i32x4.extract_lane 2 (local.get $p4)))
                (if (i32.lt_u (local.get $place) (local.get $limit))
                  (then
                    (local.set $place (i32.add (local.get $dz) (i32.shl (local.get $place) (i32.const 2))))
                    (f32.store (local.get $place)
                      (f32.add (f32.load (local.get $place)) (f32x4.extract_lane 2 (local.get $d4))))))
                (local.set $place (i32x4.extract_lane 3 (local.get $p4)))
                (if (i32.lt_u (local.get $place) (local.get $limit))
                  (then
                    (local.set $place (i32.add (local.get $dz) (i32.shl (local.get $place) (i32.const 2))))
                    (f32.store (local.get $place)
                      (f32.add (f32.load (local.get $place)) (f32x4.extract_lane 3 (local.get $d4))))))
                (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
                (local.set $py (i32.add (local.get $py) (i32.const 16)))
                (local.set $argmax (i32.add (local.get $argmax) (i32.const 16)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $scatter4)))
            ;; The rest one at a time.
            (block $scattered
              (loop $scatter
                (br_if $scattered (i32.ge_u (local.get $i) (local.get $pooled)))
                (local.set $place (i32.load (local.get $argmax)))
                (if (i32.lt_u (local.get $place) (local.get $limit))
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
        ;; dz = dy, 0 where y <= 0 with ReLU; db adds every row. (After a max-pool dz is made and
        ;; gated already: only db's sums.)
        (local.set $at (i32.const 0))
        (if (i32.eq (local.get $src) (local.get $dz))
          (then
            (block $summed
              (loop $sum_rows
                (br_if $summed (i32.ge_u (local.get $at) (local.get $dz_bytes)))
                (local.set $bias0 (f32x4.add (local.get $bias0)
                  (v128.load align=4 (i32.add (local.get $dz) (local.get $at)))))
                (local.set $bias1 (f32x4.add (local.get $bias1)
                  (v128.load offset=16 align=4 (i32.add (local.get $dz) (local.get $at)))))
                (local.set $at (i32.add (local.get $at) (i32.const 32)))
                (br $sum_rows)))))
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

