;; Part of conv-simd-loops.wat (which includes the parts in order): the eight-channel helpers
;; of "backward" for MNIST's second layer (windows five wide inside x), $input_gradient_row
;; (the input gradient of one tap row), $filter_gradient_window8 (the filter gradient at one
;; position) and $filter_gradient_lists8 (the whole filter gradient, after the positions, when
;; every window is inside x).

  ;; input_gradient_row(at, tap, tap_bytes, list, list_end): backward's input gradient for one
  ;; tap row ky of one position, for eight input channels and five taps kx all in range (MNIST's
  ;; second layer): the same five sums Σ dz[j] · wt[ky, kx, j, :] over the listed (j · 32, dz[j])
  ;; from list to list_end, in list order, as the general loop takes them one tap at a time, here
  ;; in registers from two walks of the list (channels 0-3, then 4-7); each then added to dx[b, iy, ix0 + kx, :] at
  ;; at + 32 kx. tap: wt[ky, 0, 0, 0]; tap_bytes: one tap of wt (32f).
  (func $input_gradient_row
    (param $at i32) (param $tap i32) (param $tap_bytes i32) (param $list i32) (param $list_end i32)
    (local $p i32) (local $src i32) (local $value4 v128)
    (local $s0a v128) (local $s0b v128) (local $s1a v128) (local $s1b v128) (local $s2a v128) (local $s2b v128) (local $s3a v128) (local $s3b v128) (local $s4a v128) (local $s4b v128)
    ;; Channels 0-3 of the five taps in one walk, then channels 4-7 in another: ten sums at once
    ;; are more than V8 keeps in xmm registers, and a sum kept on the stack chains every pair's
    ;; add through a store and a reload.
    (local.set $p (local.get $list))
    (block $pairs_done_a
      (loop $pair_a
        (br_if $pairs_done_a (i32.ge_u (local.get $p) (local.get $list_end)))
        (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $src (i32.add (local.get $tap) (i32.load (local.get $p))))
        (local.set $s0a (f32x4.add (local.get $s0a)
          (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s1a (f32x4.add (local.get $s1a)
          (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s2a (f32x4.add (local.get $s2a)
          (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s3a (f32x4.add (local.get $s3a)
          (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s4a (f32x4.add (local.get $s4a)
          (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $src)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $pair_a)))
    (local.set $p (local.get $list))
    (block $pairs_done_b
      (loop $pair_b
        (br_if $pairs_done_b (i32.ge_u (local.get $p) (local.get $list_end)))
        (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $src (i32.add (local.get $tap) (i32.load (local.get $p))))
        (local.set $s0b (f32x4.add (local.get $s0b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s1b (f32x4.add (local.get $s1b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s2b (f32x4.add (local.get $s2b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s3b (f32x4.add (local.get $s3b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (local.get $tap_bytes)))
        (local.set $s4b (f32x4.add (local.get $s4b)
          (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $src)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $pair_b)))
    (v128.store offset=0 align=4 (local.get $at)
      (f32x4.add (v128.load offset=0 align=4 (local.get $at)) (local.get $s0a)))
    (v128.store offset=16 align=4 (local.get $at)
      (f32x4.add (v128.load offset=16 align=4 (local.get $at)) (local.get $s0b)))
    (v128.store offset=32 align=4 (local.get $at)
      (f32x4.add (v128.load offset=32 align=4 (local.get $at)) (local.get $s1a)))
    (v128.store offset=48 align=4 (local.get $at)
      (f32x4.add (v128.load offset=48 align=4 (local.get $at)) (local.get $s1b)))
    (v128.store offset=64 align=4 (local.get $at)
      (f32x4.add (v128.load offset=64 align=4 (local.get $at)) (local.get $s2a)))
    (v128.store offset=80 align=4 (local.get $at)
      (f32x4.add (v128.load offset=80 align=4 (local.get $at)) (local.get $s2b)))
    (v128.store offset=96 align=4 (local.get $at)
      (f32x4.add (v128.load offset=96 align=4 (local.get $at)) (local.get $s3a)))
    (v128.store offset=112 align=4 (local.get $at)
      (f32x4.add (v128.load offset=112 align=4 (local.get $at)) (local.get $s3b)))
    (v128.store offset=128 align=4 (local.get $at)
      (f32x4.add (v128.load offset=128 align=4 (local.get $at)) (local.get $s4a)))
    (v128.store offset=144 align=4 (local.get $at)
      (f32x4.add (v128.load offset=144 align=4 (local.get $at)) (local.get $s4b))))


  ;; filter_gradient_window8(src, row_bytes, kh, dwt, taps, list, list_end): backward's filter
  ;; gradient at one position for eight input channels and a window five columns wide inside x
  ;; (MNIST's second layer): dwt[j, :] += value · x's window for each listed (j · 32, value), as
  ;; the general loop does from its copy of the window, here read from x where it is (each tap
  ;; row of the window is 40 floats in a row of x), two listed gradients per load. src: x at the
  ;; window's first value; row_bytes: a row of x; taps: kh · kw.
  (func $filter_gradient_window8
    (param $src i32) (param $row_bytes i32) (param $kh i32) (param $dwt i32) (param $taps i32)
    (param $list i32) (param $list_end i32)
    (local $p i32) (local $dst i32) (local $dst_b i32) (local $s i32) (local $ky i32)
    (local $v4 v128) (local $v4b v128) (local $x4 v128)
    (local.set $p (local.get $list))
    (block $two_done
      (loop $two
        (br_if $two_done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $list_end)))
        (local.set $dst (i32.add (local.get $dwt) (i32.mul (i32.load (local.get $p)) (local.get $taps))))
        (local.set $dst_b
          (i32.add (local.get $dwt) (i32.mul (i32.load offset=8 (local.get $p)) (local.get $taps))))
        (local.set $v4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $v4b (v128.load32_splat offset=12 (local.get $p)))
        (local.set $s (local.get $src))
        (local.set $ky (i32.const 0))
        (block $rows_of_two_done
          (loop $rows_of_two
            (br_if $rows_of_two_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $x4 (v128.load offset=0 align=4 (local.get $s)))
            (v128.store offset=0 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=0 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=0 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=0 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=16 align=4 (local.get $s)))
            (v128.store offset=16 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=16 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=16 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=16 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=32 align=4 (local.get $s)))
            (v128.store offset=32 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=32 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=32 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=32 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=48 align=4 (local.get $s)))
            (v128.store offset=48 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=48 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=48 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=48 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=64 align=4 (local.get $s)))
            (v128.store offset=64 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=64 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=64 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=64 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=80 align=4 (local.get $s)))
            (v128.store offset=80 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=80 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=80 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=80 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=96 align=4 (local.get $s)))
            (v128.store offset=96 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=96 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=96 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=96 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=112 align=4 (local.get $s)))
            (v128.store offset=112 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=112 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=112 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=112 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=128 align=4 (local.get $s)))
            (v128.store offset=128 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=128 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=128 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=128 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $x4 (v128.load offset=144 align=4 (local.get $s)))
            (v128.store offset=144 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=144 align=4 (local.get $dst)) (f32x4.mul (local.get $v4) (local.get $x4))))
            (v128.store offset=144 align=4 (local.get $dst_b)
              (f32x4.add (v128.load offset=144 align=4 (local.get $dst_b)) (f32x4.mul (local.get $v4b) (local.get $x4))))
            (local.set $s (i32.add (local.get $s) (local.get $row_bytes)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 160)))
            (local.set $dst_b (i32.add (local.get $dst_b) (i32.const 160)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $rows_of_two)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $two)))
    (if (i32.lt_u (local.get $p) (local.get $list_end))
      (then
        (local.set $dst (i32.add (local.get $dwt) (i32.mul (i32.load (local.get $p)) (local.get $taps))))
        (local.set $v4 (v128.load32_splat offset=4 (local.get $p)))
        (local.set $s (local.get $src))
        (local.set $ky (i32.const 0))
        (block $rows_of_one_done
          (loop $rows_of_one
            (br_if $rows_of_one_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (v128.store offset=0 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=0 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=0 align=4 (local.get $s)))))
            (v128.store offset=16 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=16 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=16 align=4 (local.get $s)))))
            (v128.store offset=32 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=32 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=32 align=4 (local.get $s)))))
            (v128.store offset=48 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=48 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=48 align=4 (local.get $s)))))
            (v128.store offset=64 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=64 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=64 align=4 (local.get $s)))))
            (v128.store offset=80 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=80 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=80 align=4 (local.get $s)))))
            (v128.store offset=96 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=96 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=96 align=4 (local.get $s)))))
            (v128.store offset=112 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=112 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=112 align=4 (local.get $s)))))
            (v128.store offset=128 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=128 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=128 align=4 (local.get $s)))))
            (v128.store offset=144 align=4 (local.get $dst)
              (f32x4.add (v128.load offset=144 align=4 (local.get $dst))
                (f32x4.mul (local.get $v4) (v128.load offset=144 align=4 (local.get $s)))))
            (local.set $s (i32.add (local.get $s) (local.get $row_bytes)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 160)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $rows_of_one))))))

  ;; filter_gradient_lists8(dwt, ends, lists, list_bytes, f, kh, row_bytes): backward's filter
  ;; gradient for eight input channels and windows five wide all inside x (MNIST's second layer,
  ;; 'valid'), from one list per output channel j (at lists + j · list_bytes, ending at ends[j]) of
  ;; (the position's window in x, dz[j]) for each nonzero dz[j], in the positions' order:
  ;; dwt[j, ky, kx, ci] = Σ dz[j] · x's window[ky, kx, ci] down list j, the same sums in the same
  ;; order as $filter_gradient_window8 adds them position by position, here with the sums in
  ;; registers: for each tap row ky, channels 0-3 of its five taps in one walk of the list (five
  ;; sums: more would not stay in V8's registers), then channels 4-7. dwt is written, not added
  ;; to. row_bytes: a row of x.
  (func $filter_gradient_lists8
    (param $dwt i32) (param $ends i32) (param $lists i32) (param $list_bytes i32) (param $f i32)
    (param $kh i32) (param $row_bytes i32)
    (local $j i32) (local $ky i32) (local $half i32) (local $start i32) (local $end i32)
    (local $p i32) (local $src i32) (local $shift i32) (local $dst i32) (local $value4 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128)
    (local.set $dst (local.get $dwt))
    (block $channels_done
      (loop $channels
        (br_if $channels_done (i32.ge_u (local.get $j) (local.get $f)))
        (local.set $start (i32.add (local.get $lists) (i32.mul (local.get $j) (local.get $list_bytes))))
        (local.set $end (i32.load (i32.add (local.get $ends) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $ky (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $ky) (local.get $kh)))
            (local.set $half (i32.const 0))
            (loop $halves
              ;; x's window row ky, channels half / 4 on: at window + shift + 32 kx.
              (local.set $shift
                (i32.add (i32.mul (local.get $ky) (local.get $row_bytes)) (local.get $half)))
              (local.set $a0 (v128.const i32x4 0 0 0 0))
              (local.set $a1 (v128.const i32x4 0 0 0 0))
              (local.set $a2 (v128.const i32x4 0 0 0 0))
              (local.set $a3 (v128.const i32x4 0 0 0 0))
              (local.set $a4 (v128.const i32x4 0 0 0 0))
              (local.set $p (local.get $start))
              (block $walked
                (loop $walk
                  (br_if $walked (i32.ge_u (local.get $p) (local.get $end)))
                  (local.set $value4 (v128.load32_splat offset=4 (local.get $p)))
                  (local.set $src (i32.add (i32.load (local.get $p)) (local.get $shift)))
                (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (local.get $value4) (v128.load offset=0 align=4 (local.get $src)))))
                (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul (local.get $value4) (v128.load offset=32 align=4 (local.get $src)))))
                (local.set $a2 (f32x4.add (local.get $a2)
              (f32x4.mul (local.get $value4) (v128.load offset=64 align=4 (local.get $src)))))
                (local.set $a3 (f32x4.add (local.get $a3)
              (f32x4.mul (local.get $value4) (v128.load offset=96 align=4 (local.get $src)))))
                (local.set $a4 (f32x4.add (local.get $a4)
              (f32x4.mul (local.get $value4) (v128.load offset=128 align=4 (local.get $src)))))
                  (local.set $p (i32.add (local.get $p) (i32.const 8)))
                  (br $walk)))
              (v128.store offset=0 align=4 (local.get $dst) (local.get $a0))
              (v128.store offset=32 align=4 (local.get $dst) (local.get $a1))
              (v128.store offset=64 align=4 (local.get $dst) (local.get $a2))
              (v128.store offset=96 align=4 (local.get $dst) (local.get $a3))
              (v128.store offset=128 align=4 (local.get $dst) (local.get $a4))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (br_if $halves
                (i32.eq (local.tee $half (i32.add (local.get $half) (i32.const 16))) (i32.const 16))))
            ;; Past this row's five taps: 160 bytes, 32 of them stepped by the halves.
            (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $channels))))
