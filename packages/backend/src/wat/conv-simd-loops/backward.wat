;; Part of conv-simd-loops.wat (which includes the parts in order): the exported backward
;; passes, "backward_pooled" (the one-channel layer with its max-pool's backward) and the
;; general "backward" (filter, bias and input gradients in one pass over the positions).

  ;; backward(x, dy, y, filter, dw, db, dx, g, scratch) -> check: with dz = dy where y > 0, else 0
  ;; (ReLU's gradient, one row at a time; dz = dy when y = 0, no activation), the gradients of the
  ;; filter, dw[ky,kx,ci,j] = Σ x[b,iy,ix,ci] dz[b,oy,ox,j], of the bias, db = Σ dz[b,oy,ox,:] (when
  ;; db ≠ 0), and of x (when dx ≠ 0), dx[b,iy,ix,:] = Σ dz[b,oy,ox,j] filter[ky,kx,:,j], with iy = oy + ky -
  ;; top and ix = ox + kx - left in range, in one pass over the positions (b, oy, ox); the check
  ;; of dw and db. A max-pool's gradient leaves three in four values of dz zero (in each channel,
  ;; all but the window's maximum), ReLU more: each position lists its row's nonzero gradients
  ;; (j, value) and only those do work. For the filter each adds value · x's window (copied to
  ;; a patch [kh, kw, c], zeros where it is padding: $filter_gradient_patch; read in place by
  ;; $filter_gradient_window8 for eight channels) into a row of dw transposed (dwt[j,:,:,:]),
  ;; transposed back at the end ($untranspose_gradient); for x each tap adds rows of the filter
  ;; transposed (wt[ky,kx,j,:], $transpose_filter) scaled by the values into the c input values it
  ;; covers ($input_gradient_tap; a row of five taps of eight channels by $input_gradient_row).
  ;; The position loop, the gating and the lists stay here: they run at every position. scratch: dwt
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
    (local $n i32) (local $h i32) (local $w i32) (local $c i32) (local $kh i32) (local $kw i32)
    (local $f i32) (local $oh i32) (local $ow i32) (local $top i32) (local $left i32)
    (local $e i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $kx i32) (local $iy i32)
    (local $ix i32) (local $i i32) (local $j i32) (local $step i32) (local $channel_bytes i32)
    (local $x_bytes i32) (local $tap_bytes i32) (local $taps i32) (local $size i32)
    (local $dwt i32) (local $wt i32) (local $list i32) (local $list_end i32) (local $dz i32)
    (local $gated i32) (local $patch i32) (local $row i32) (local $window8 i32) (local $value f32)
    (local $value4 v128) (local $any4 v128) (local $all8 i32) (local $ends i32) (local $lists8 i32)
    (local $list_bytes8 i32) (local $window_at i32) (local $end_at i32) (local $p i32)
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
    ;; Eight channels and every window five wide inside x ('valid'): the filter gradient after
    ;; the pass over the positions, from a list per output channel j of (the position's window
    ;; in x, dz[j]) for its nonzero dz[j], in the positions' order ($filter_gradient_lists8).
    ;; After the patch (4·taps·c bytes): the lists' ends (4f bytes), then the lists, each room
    ;; for every position (8·n·oh·ow bytes).
    (local.set $all8
      (i32.and
        (i32.and
          (i32.and (i32.eq (local.get $c) (i32.const 8)) (i32.eq (local.get $kw) (i32.const 5)))
          (i32.eqz (i32.or (local.get $top) (local.get $left))))
        (i32.and
          (i32.le_s (i32.add (local.get $ow) (i32.const 4)) (local.get $w))
          (i32.le_s (i32.sub (i32.add (local.get $oh) (local.get $kh)) (i32.const 1)) (local.get $h)))))
    (local.set $ends (i32.add (local.get $patch) (i32.mul (local.get $taps) (local.get $channel_bytes))))
    (local.set $lists8 (i32.add (local.get $ends) (i32.shl (local.get $f) (i32.const 2))))
    (local.set $list_bytes8
      (i32.shl (i32.mul (i32.mul (local.get $n) (local.get $oh)) (local.get $ow)) (i32.const 3)))
    (if (local.get $all8)
      (then
        (local.set $j (i32.const 0))
        (block $ends_set
          (loop $set_end
            (br_if $ends_set (i32.ge_u (local.get $j) (local.get $f)))
            (i32.store (i32.add (local.get $ends) (i32.shl (local.get $j) (i32.const 2)))
              (i32.add (local.get $lists8) (i32.mul (local.get $j) (local.get $list_bytes8))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $set_end)))))
    (memory.fill (local.get $dwt) (i32.const 0) (local.get $size))
    (if (local.get $db) (then (memory.fill (local.get $db) (i32.const 0) (local.get $step))))
    ;; wt = the filter with each tap's [c, f] transposed to [f, c].
    (if (local.get $dx)
      (then (call $transpose_filter (local.get $filter) (local.get $wt) (local.get $taps)
        (local.get $c) (local.get $f))))
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
                (if (i32.and (local.get $window8) (local.get $all8))
                  (then
                    ;; Each listed (j · 32, value) onto list j, with the window's place in x.
                    (local.set $window_at
                      (i32.add (local.get $x)
                        (i32.shl (i32.add (i32.mul (local.get $oy) (local.get $w)) (local.get $ox))
                          (i32.const 5))))
                    (local.set $p (local.get $list))
                    (block $appended
                      (loop $append
                        (br_if $appended (i32.ge_u (local.get $p) (local.get $list_end)))
                        (local.set $end_at
                          (i32.add (local.get $ends) (i32.shr_u (i32.load (local.get $p)) (i32.const 3))))
                        (local.set $row (i32.load (local.get $end_at)))
                        (i32.store (local.get $row) (local.get $window_at))
                        (i32.store offset=4 (local.get $row) (i32.load offset=4 (local.get $p)))
                        (i32.store (local.get $end_at) (i32.add (local.get $row) (i32.const 8)))
                        (local.set $p (i32.add (local.get $p) (i32.const 8)))
                        (br $append)))))
                (if (i32.and (local.get $window8) (i32.eqz (local.get $all8)))
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
                    (call $filter_gradient_patch (local.get $x) (local.get $g) (local.get $oy)
                      (local.get $ox) (local.get $patch) (local.get $dwt) (local.get $list)
                      (local.get $list_end))))
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
                                    (call $input_gradient_tap
                                      ;; dx[b, iy, ix, :] and wt[ky, kx, :, :]
                                      (i32.add (local.get $dx)
                                        (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $w)) (local.get $ix))
                                          (local.get $channel_bytes)))
                                      (i32.add (local.get $wt)
                                        (i32.mul (i32.add (i32.mul (local.get $ky) (local.get $kw)) (local.get $kx))
                                          (local.get $tap_bytes)))
                                      (local.get $channel_bytes) (local.get $list) (local.get $list_end))))
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
    ;; dw[t, ci, j] = dwt[j, t, ci] for the taps t.
    (if (local.get $all8)
      (then
        (call $filter_gradient_lists8 (local.get $dwt) (local.get $ends) (local.get $lists8)
          (local.get $list_bytes8) (local.get $f) (local.get $kh) (i32.shl (local.get $w) (i32.const 5)))))
    (call $untranspose_gradient (local.get $dwt) (local.get $dw) (i32.mul (local.get $taps) (local.get $c))
      (local.get $f))
    (f32.add
      (call $check (local.get $dw) (local.get $size))
      (if (result f32) (local.get $db)
        (then (call $check (local.get $db) (local.get $step)))
        (else (f32.const 0)))))
