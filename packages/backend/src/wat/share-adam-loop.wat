;; The update of a data-parallel training run (packages/trainer/src/parallel/): one thread's share
;; of the weights, the gradient slots of every thread summed and Adam applied in one pass, four
;; floats at a time in f32x4 lanes:
;;
;;   g  = s_0 + s_1 + ... + s_(count-1)     (added in slot order, each partial sum in float32)
;;   m' = b1 m + c1 g;  v' = b2 v + c2 g²   (each 0 when smaller than 2^-126 in size)
;;   w' = w - alpha m' / (√v' + eps)
;;
;; The Adam part is adam-simd-loop.wat's, operation for operation, so a value gets the bits the
;; AdamUpdate kernel gives it from the summed gradients (see that file for the flush to zero).
;;
;; Unlike the kernels' modules, this one imports a SHARED memory: the slots, weights and moments
;; live in a WebAssembly.Memory that every training thread views, and each thread runs this loop
;; on its own share in place, nothing copied. Every pointer is a byte offset into that memory.
;;
;; Assembled at build time by build/assemble-wat.mjs into share-adam-loop.generated.ts.
(module
  (import "env" "memory" (memory 0 65536 shared))

  ;; sum_adam(slots, stride, count, w, m, v, new_w, new_m, new_v, bytes, b1, c1, b2, c2, alpha, eps)
  ;; slot k of the run's first value is at slots + k * stride; count >= 1; bytes a multiple of 16.
  (func (export "sum_adam")
    (param $slots i32) (param $stride i32) (param $count i32)
    (param $w i32) (param $m i32) (param $v i32)
    (param $new_w i32) (param $new_m i32) (param $new_v i32)
    (param $bytes i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32)
    (param $alpha f32) (param $eps f32)
    (local $i i32)         ;; byte offset of the current group of four floats
    (local $at i32)        ;; byte offset of the current slot's group
    (local $k i32)         ;; slots added so far
    (local $grad v128)
    (local $m_next v128)
    (local $v_next v128)
    (local $b1x4 v128) (local $c1x4 v128) (local $b2x4 v128) (local $c2x4 v128)
    (local $alphax4 v128) (local $epsx4 v128)
    (local $tinyx4 v128)

    (local.set $b1x4 (f32x4.splat (local.get $b1)))
    (local.set $c1x4 (f32x4.splat (local.get $c1)))
    (local.set $b2x4 (f32x4.splat (local.get $b2)))
    (local.set $c2x4 (f32x4.splat (local.get $c2)))
    (local.set $alphax4 (f32x4.splat (local.get $alpha)))
    (local.set $epsx4 (f32x4.splat (local.get $eps)))
    (local.set $tinyx4 (f32x4.splat (f32.const 0x1p-126)))

    (block $done
      (br_if $done (i32.eqz (local.get $bytes)))
      (loop $next
        ;; g = s_0, then + s_k for k = 1 .. count - 1, in order
        (local.set $at (i32.add (local.get $slots) (local.get $i)))
        (local.set $grad (v128.load align=4 (local.get $at)))
        (local.set $k (i32.const 1))
        (block $summed
          (loop $add
            (br_if $summed (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (local.set $grad
              (f32x4.add (local.get $grad) (v128.load align=4 (local.get $at))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $add)))

        ;; m' = b1 m + c1 g, flushed to zero below 2^-126 (andnot keeps NaN)
        (local.set $m_next
          (f32x4.add
            (f32x4.mul
              (local.get $b1x4)
              (v128.load align=4 (i32.add (local.get $m) (local.get $i))))
            (f32x4.mul (local.get $c1x4) (local.get $grad))))
        (local.set $m_next
          (v128.andnot
            (local.get $m_next)
            (f32x4.lt (f32x4.abs (local.get $m_next)) (local.get $tinyx4))))

        ;; v' = b2 v + c2 g², flushed the same way
        (local.set $v_next
          (f32x4.add
            (f32x4.mul
              (local.get $b2x4)
              (v128.load align=4 (i32.add (local.get $v) (local.get $i))))
            (f32x4.mul
              (local.get $c2x4)
              (f32x4.mul (local.get $grad) (local.get $grad)))))
        (local.set $v_next
          (v128.andnot
            (local.get $v_next)
            (f32x4.lt (f32x4.abs (local.get $v_next)) (local.get $tinyx4))))

        (v128.store align=4 (i32.add (local.get $new_m) (local.get $i)) (local.get $m_next))
        (v128.store align=4 (i32.add (local.get $new_v) (local.get $i)) (local.get $v_next))

        ;; w' = w - alpha m' / (√v' + eps)
        (v128.store align=4
          (i32.add (local.get $new_w) (local.get $i))
          (f32x4.sub
            (v128.load align=4 (i32.add (local.get $w) (local.get $i)))
            (f32x4.div
              (f32x4.mul (local.get $alphax4) (local.get $m_next))
              (f32x4.add (f32x4.sqrt (local.get $v_next)) (local.get $epsx4)))))

        (br_if $next
          (i32.lt_u
            (local.tee $i (i32.add (local.get $i) (i32.const 16)))
            (local.get $bytes))))))
)
