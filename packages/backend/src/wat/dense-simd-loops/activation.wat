;; Part of dense-simd-loops.wat (which includes the parts in order): the activation's forward,
;; "activate" (ReLU and a dropout mask), beside its backward, "gate".

  ;; The activation, forward: y = relu(z) · mask. ------------------------------------------------

  ;; activate(y, count, relu, mask): y = relu(y) (when relu ≠ 0), then y ·= mask (when mask ≠ 0),
  ;; in place.
  (func (export "activate") (param $y i32) (param $count i32) (param $relu i32) (param $mask i32)
    (local $vector_end i32) (local $end i32) (local $z4 v128) (local $z f32)
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $y)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $y) (local.get $vector_end))
      (then
        (loop $four
          (local.set $z4 (v128.load align=4 (local.get $y)))
          ;; pmax(0, z) is z where 0 < z, else 0: ReLU.
          (if (local.get $relu)
            (then (local.set $z4 (f32x4.pmax (v128.const f32x4 0 0 0 0) (local.get $z4)))))
          (if (local.get $mask)
            (then
              (local.set $z4 (f32x4.mul (local.get $z4) (v128.load align=4 (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 16)))))
          (v128.store align=4 (local.get $y) (local.get $z4))
          (br_if $four
            (i32.lt_u
              (local.tee $y (i32.add (local.get $y) (i32.const 16)))
              (local.get $vector_end))))))
    (if (i32.lt_u (local.get $y) (local.get $end))
      (then
        (loop $one
          (local.set $z (f32.load (local.get $y)))
          (if (local.get $relu)
            (then (if (i32.eqz (f32.gt (local.get $z) (f32.const 0)))
              (then (local.set $z (f32.const 0))))))
          (if (local.get $mask)
            (then
              (local.set $z (f32.mul (local.get $z) (f32.load (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 4)))))
          (f32.store (local.get $y) (local.get $z))
          (br_if $one
            (i32.lt_u
              (local.tee $y (i32.add (local.get $y) (i32.const 4)))
              (local.get $end)))))))

  ;; ... and backward: dz = dy · mask · (y > 0). -----------------------------------------------

  ;; gate(dy, y, mask, count, relu, dz): dz = dy · mask (when mask ≠ 0), then 0 where y <= 0
  ;; (when relu ≠ 0): the gradient through activate, from its output y.
  (func (export "gate")
    (param $dy i32) (param $y i32) (param $mask i32) (param $count i32) (param $relu i32)
    (param $dz i32)
    (local $vector_end i32) (local $end i32) (local $d4 v128) (local $d f32)
    (local.set $end (i32.add (local.get $dz) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vector_end
      (i32.add (local.get $dz)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $dz) (local.get $vector_end))
      (then
        (loop $four
          (local.set $d4 (v128.load align=4 (local.get $dy)))
          (if (local.get $mask)
            (then
              (local.set $d4 (f32x4.mul (local.get $d4) (v128.load align=4 (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 16)))))
          (if (local.get $relu)
            (then
              (local.set $d4
                (v128.and
                  (local.get $d4)
                  (f32x4.gt (v128.load align=4 (local.get $y)) (v128.const f32x4 0 0 0 0))))))
          (v128.store align=4 (local.get $dz) (local.get $d4))
          (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
          (local.set $y (i32.add (local.get $y) (i32.const 16)))
          (br_if $four
            (i32.lt_u
              (local.tee $dz (i32.add (local.get $dz) (i32.const 16)))
              (local.get $vector_end))))))
    (if (i32.lt_u (local.get $dz) (local.get $end))
      (then
        (loop $one
          (local.set $d (f32.load (local.get $dy)))
          (if (local.get $mask)
            (then
              (local.set $d (f32.mul (local.get $d) (f32.load (local.get $mask))))
              (local.set $mask (i32.add (local.get $mask) (i32.const 4)))))
          (if (local.get $relu)
            (then (if (i32.eqz (f32.gt (f32.load (local.get $y)) (f32.const 0)))
              (then (local.set $d (f32.const 0))))))
          (f32.store (local.get $dz) (local.get $d))
          (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
          (local.set $y (i32.add (local.get $y) (i32.const 4)))
          (br_if $one
            (i32.lt_u
              (local.tee $dz (i32.add (local.get $dz) (i32.const 4)))
              (local.get $end)))))))
