;; Part of conv-simd-loops.wat (which includes the parts in order): the general helpers of
;; "backward", for any channels and any window: $transpose_filter and $untranspose_gradient (the
;; filter's layout for the input gradient, and the filter gradient's back to the filter's), and,
;; per position, $filter_gradient_patch (through a copy of the window of x) and
;; $input_gradient_tap (one tap). MNIST's layers take their own routes on their hot paths
;; (one-channel.wat, eight-channel-gradients.wat); a call per position is cheap next to these
;; loops, whose work per call is large.

  ;; transpose_filter(filter, wt, taps, c, f): wt = the filter with each tap's [c, f] transposed
  ;; to [f, c]: filter[tap, ci, j] goes to wt[tap, j, ci], read in the filter's order (nested
  ;; loops: no division per value).
  (func $transpose_filter (param $filter i32) (param $wt i32) (param $taps i32) (param $c i32)
    (param $f i32)
    (local $count i32) (local $src i32) (local $tap i32) (local $i i32) (local $ci i32)
    (local $channel_bytes i32) (local $tap_bytes i32) (local $dst i32) (local $j i32)
    (local.set $channel_bytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $tap_bytes (i32.mul (local.get $f) (local.get $channel_bytes)))
    (local.set $count (i32.mul (i32.mul (local.get $taps) (local.get $c)) (local.get $f)))
    (block $transposed
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
        (br $taps_of_wt))))

  ;; untranspose_gradient(dwt, dw, count, f): dw[t, ci, j] = dwt[j, t, ci] for the count = taps
  ;; · c places (t, ci): written in dw's order, (t c + ci) outside, j inside, each read a row of
  ;; dwt (4 · count bytes) further on.
  (func $untranspose_gradient (param $dwt i32) (param $dw i32) (param $count i32) (param $f i32)
    (local $patch_bytes i32) (local $dst i32) (local $i i32) (local $src i32) (local $j i32)
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
        (br $back))))

  ;; filter_gradient_patch(x, g, oy, ox, patch, dwt, list, list_end): backward's filter gradient
  ;; at position (oy, ox) of the example at x, any channels and window: dwt[j, :] += value · the
  ;; window for each listed (j · 4c, value) from list to list_end. The window of x, [kh, kw, c],
  ;; is copied into patch first: per tap row, the columns in range, kx0 <= kx < kx1, are one
  ;; segment of x's row from column ox - left + kx0 on; the padding around it is 0.
  (func $filter_gradient_patch
    (param $x i32) (param $g i32) (param $oy i32) (param $ox i32) (param $patch i32)
    (param $dwt i32) (param $list i32) (param $list_end i32)
    (local $h i32) (local $w i32) (local $c i32) (local $kh i32) (local $kw i32) (local $top i32)
    (local $left i32) (local $channel_bytes i32) (local $taps i32) (local $patch_bytes i32)
    (local $kx0 i32) (local $kx1 i32) (local $segment i32) (local $ky i32) (local $iy i32)
    (local $dst i32) (local $dst_b i32) (local $src i32) (local $j i32) (local $p i32)
    (local $value f32) (local $value_b f32) (local $sum f32)
    (local $value4 v128) (local $value4b v128) (local $sum4 v128)
    (local.set $h (i32.load offset=4 (local.get $g)))
    (local.set $w (i32.load offset=8 (local.get $g)))
    (local.set $c (i32.load offset=12 (local.get $g)))
    (local.set $kh (i32.load offset=16 (local.get $g)))
    (local.set $kw (i32.load offset=20 (local.get $g)))
    (local.set $top (i32.load offset=36 (local.get $g)))
    (local.set $left (i32.load offset=40 (local.get $g)))
    (local.set $channel_bytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $taps (i32.mul (local.get $kh) (local.get $kw)))
    (local.set $patch_bytes (i32.mul (local.get $taps) (local.get $channel_bytes)))
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
        (br $lanes))))

  ;; input_gradient_tap(at, tap, channel_bytes, list, list_end): backward's input gradient for
  ;; one tap in range of one position, any channels: dx[b, iy, ix, :] (at) += Σ dz[j] · wt[ky,
  ;; kx, j, :] (tap: wt[ky, kx, 0, 0]) over the listed (j · 4c, dz[j]) from list to list_end, in
  ;; list order: each channel's sum from 0, then added to dx.
  (func $input_gradient_tap
    (param $at i32) (param $tap i32) (param $channel_bytes i32) (param $list i32)
    (param $list_end i32)
    (local $vector_channels i32) (local $col i32) (local $p i32) (local $row i32) (local $src i32)
    (local $dst i32) (local $sum f32) (local $value4 v128) (local $sum4 v128) (local $sum4b v128)
    (local.set $vector_channels (i32.and (local.get $channel_bytes) (i32.const -16)))
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
        (br $ones))))
