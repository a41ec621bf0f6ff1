;; Part of dense-simd-loops.wat (which includes the parts in order): the loops the products
;; share, $axpy and $zero, $nonzeros (a row's nonzero values as (row, value) pairs) and
;; $combine (an output row as a sum of rows scaled by those values).

  ;; dst[i] += a · src[i] for i < count: the inner loop of the column sums.
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

  ;; nonzeros(src, stride, count, row_bytes, list) -> list_end: the values src[i · stride] (byte
  ;; stride) for i < count that are not 0, as (i · row_bytes, value) pairs of 8 bytes from list to
  ;; list_end, in order. Each pair is written and only kept (list_end advanced) when its value is
  ;; not 0, so that no branch depends on the values.
  (func $nonzeros
    (param $src i32) (param $stride i32) (param $count i32) (param $row_bytes i32) (param $list i32)
    (result i32)
    (local $i i32) (local $whole i32) (local $offset i32) (local $value f32)
    ;; Contiguous values four at a time: four zeros (most of an MNIST image) cost one test.
    (if (i32.eq (local.get $stride) (i32.const 4))
      (then
        (local.set $whole (i32.and (local.get $count) (i32.const -4)))
        (block $done
          (loop $four
            (br_if $done (i32.ge_u (local.get $i) (local.get $whole)))
            (if (v128.any_true (v128.load align=4 (local.get $src)))
              (then
                (local.set $offset (i32.mul (local.get $i) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load offset=4 (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load offset=8 (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
                (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
                (i32.store (local.get $list) (local.get $offset))
                (f32.store offset=4 (local.get $list) (local.tee $value (f32.load offset=12 (local.get $src))))
                (local.set $list (i32.add (local.get $list)
                  (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $four)))))
    ;; The rest (or, strided, all) one at a time.
    (local.set $offset (i32.mul (local.get $i) (local.get $row_bytes)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (i32.store (local.get $list) (local.get $offset))
        (f32.store offset=4 (local.get $list) (local.tee $value (f32.load (local.get $src))))
        (local.set $list (i32.add (local.get $list)
          (i32.shl (f32.ne (local.get $value) (f32.const 0)) (i32.const 3))))
        (local.set $offset (i32.add (local.get $offset) (local.get $row_bytes)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $one)))
    (local.get $list))

  ;; combine(list, list_end, m, n, init, out) -> check: out[c] = init[c] + Σ value · m[row + c]
  ;; over the (row, value) pairs from list to list_end, for c < n, the sum in list order; init 0
  ;; starts from zeros. Returns the check of out.
  (func $combine
    (param $list i32) (param $list_end i32) (param $m i32) (param $n i32) (param $init i32)
    (param $out i32) (result f32)
    (local $c i32) (local $end8 i32) (local $end4 i32) (local $end i32)
    (local $pair i32) (local $row i32) (local $value4 v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $check4 v128)
    (local $s f32) (local $t f32) (local $check f32)
    ;; Byte offsets of the columns where the blocks of 8 and 4 columns, and all columns, end.
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end8 (i32.and (local.get $end) (i32.const -32)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    ;; 24 columns at a time, in a0..a5: six independent sums, so that the adds of one pair do
    ;; not wait for each other (each waits only for its own sum's previous add). With eight
    ;; sums V8 runs out of xmm registers (eight sums, eight loaded rows and the value) and keeps
    ;; a sum on the stack, whose store and reload then chain every pair's add.
    (block $done24
      (loop $block24
        (br_if $done24 (i32.gt_u (i32.add (local.get $c) (i32.const 96)) (local.get $end)))
        (if (local.get $init)
          (then
            (local.set $row (i32.add (local.get $init) (local.get $c)))
            (local.set $a0 (v128.load align=4 (local.get $row)))
            (local.set $a1 (v128.load offset=16 align=4 (local.get $row)))
            (local.set $a2 (v128.load offset=32 align=4 (local.get $row)))
            (local.set $a3 (v128.load offset=48 align=4 (local.get $row)))
            (local.set $a4 (v128.load offset=64 align=4 (local.get $row)))
            (local.set $a5 (v128.load offset=80 align=4 (local.get $row))))
          (else
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0))
            (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $a4 (v128.const i32x4 0 0 0 0))
            (local.set $a5 (v128.const i32x4 0 0 0 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $value4 (v128.load32_splat offset=4 (local.get $pair)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (local.get $value4) (v128.load align=4 (local.get $row)))))
            (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul (local.get $value4) (v128.load offset=16 align=4 (local.get $row)))))
            (local.set $a2 (f32x4.add (local.get $a2)
              (f32x4.mul (local.get $value4) (v128.load offset=32 align=4 (local.get $row)))))
            (local.set $a3 (f32x4.add (local.get $a3)
              (f32x4.mul (local.get $value4) (v128.load offset=48 align=4 (local.get $row)))))
            (local.set $a4 (f32x4.add (local.get $a4)
              (f32x4.mul (local.get $value4) (v128.load offset=64 align=4 (local.get $row)))))
            (local.set $a5 (f32x4.add (local.get $a5)
              (f32x4.mul (local.get $value4) (v128.load offset=80 align=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (local.set $row (i32.add (local.get $out) (local.get $c)))
        (v128.store align=4 (local.get $row) (local.get $a0))
        (v128.store offset=16 align=4 (local.get $row) (local.get $a1))
        (v128.store offset=32 align=4 (local.get $row) (local.get $a2))
        (v128.store offset=48 align=4 (local.get $row) (local.get $a3))
        (v128.store offset=64 align=4 (local.get $row) (local.get $a4))
        (v128.store offset=80 align=4 (local.get $row) (local.get $a5))
        (local.set $check4
          (f32x4.add (local.get $check4)
            (f32x4.add
              (f32x4.add
                (f32x4.add (f32x4.sub (local.get $a0) (local.get $a0)) (f32x4.sub (local.get $a1) (local.get $a1)))
                (f32x4.add (f32x4.sub (local.get $a2) (local.get $a2)) (f32x4.sub (local.get $a3) (local.get $a3))))
              (f32x4.add (f32x4.sub (local.get $a4) (local.get $a4)) (f32x4.sub (local.get $a5) (local.get $a5))))))
        (local.set $c (i32.add (local.get $c) (i32.const 96)))
        (br $block24)))
    ;; Fewer than 24 columns left (all of them when n < 24, as for logits): 8 at a time in a0 and
    ;; a1, then 4 in a0, then two and one in s and t, each pass running down the list once.
    (block $done8
      (loop $block8
        (br_if $done8 (i32.ge_u (local.get $c) (local.get $end8)))
        (local.set $a0 (if (result v128) (local.get $init)
            (then (v128.load align=4 (i32.add (local.get $init) (local.get $c))))
            (else (v128.const i32x4 0 0 0 0))))
        (local.set $a1 (if (result v128) (local.get $init)
            (then (v128.load offset=16 align=4 (i32.add (local.get $init) (local.get $c))))
            (else (v128.const i32x4 0 0 0 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul
                (v128.load32_splat offset=4 (local.get $pair))
                (v128.load align=4 (local.get $row)))))
            (local.set $a1 (f32x4.add (local.get $a1)
              (f32x4.mul
                (v128.load32_splat offset=4 (local.get $pair))
                (v128.load offset=16 align=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $c)) (local.get $a0))
        (v128.store offset=16 align=4 (i32.add (local.get $out) (local.get $c)) (local.get $a1))
        (local.set $check4
          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a0) (local.get $a0))))
        (local.set $check4
          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a1) (local.get $a1))))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (br $block8)))
    (if (i32.lt_u (local.get $c) (local.get $end4))
      (then
        (local.set $a0 (if (result v128) (local.get $init)
            (then (v128.load align=4 (i32.add (local.get $init) (local.get $c))))
            (else (v128.const i32x4 0 0 0 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul
                (v128.load32_splat offset=4 (local.get $pair))
                (v128.load align=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $c)) (local.get $a0))
        (local.set $check4
          (f32x4.add (local.get $check4) (f32x4.sub (local.get $a0) (local.get $a0))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))))
    (local.set $check
      (f32.add
        (f32.add
          (f32.add
            (f32x4.extract_lane 0 (local.get $check4))
            (f32x4.extract_lane 1 (local.get $check4)))
          (f32x4.extract_lane 2 (local.get $check4)))
        (f32x4.extract_lane 3 (local.get $check4))))
    (if (i32.le_u (i32.add (local.get $c) (i32.const 8)) (local.get $end))
      (then
        (local.set $s (if (result f32) (local.get $init)
            (then (f32.load (i32.add (local.get $init) (local.get $c))))
            (else (f32.const 0))))
        (local.set $t (if (result f32) (local.get $init)
            (then (f32.load offset=4 (i32.add (local.get $init) (local.get $c))))
            (else (f32.const 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $s (f32.add (local.get $s)
              (f32.mul (f32.load offset=4 (local.get $pair)) (f32.load (local.get $row)))))
            (local.set $t (f32.add (local.get $t)
              (f32.mul (f32.load offset=4 (local.get $pair)) (f32.load offset=4 (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (f32.store (i32.add (local.get $out) (local.get $c)) (local.get $s))
        (f32.store offset=4 (i32.add (local.get $out) (local.get $c)) (local.get $t))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $s) (local.get $s))))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $t) (local.get $t))))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))))
    (if (i32.lt_u (local.get $c) (local.get $end))
      (then
        (local.set $s (if (result f32) (local.get $init)
            (then (f32.load (i32.add (local.get $init) (local.get $c))))
            (else (f32.const 0))))
        (local.set $pair (local.get $list))
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.ge_u (local.get $pair) (local.get $list_end)))
            (local.set $row
              (i32.add (i32.add (local.get $m) (local.get $c)) (i32.load (local.get $pair))))
            (local.set $s (f32.add (local.get $s)
              (f32.mul (f32.load offset=4 (local.get $pair)) (f32.load (local.get $row)))))
            (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
            (br $pairs)))
        (f32.store (i32.add (local.get $out) (local.get $c)) (local.get $s))
        (local.set $check (f32.add (local.get $check) (f32.sub (local.get $s) (local.get $s))))))
    (local.get $check))
