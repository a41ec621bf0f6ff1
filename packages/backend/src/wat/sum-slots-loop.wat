;; The gradient sum of a data-parallel training run (packages/trainer/src/parallel/): every
;; thread's gradient slot added, in slot order, four floats at a time in f32x4 lanes:
;;
;;   out = s_0 + s_1 + ... + s_(count-1)     (each partial sum rounded to float32)
;;
;; Every thread of a step computes the same sum, so every thread's Adam update sees the same bits.
;;
;; Unlike the kernels' modules, this one imports a SHARED memory: the slots and each thread's sum
;; live in a WebAssembly.Memory that every training thread views. Every pointer is a byte offset
;; into that memory.
;;
;; Assembled at build time by build/assemble-wat.mjs into sum-slots-loop.generated.ts.
(module
  (import "env" "memory" (memory 0 65536 shared))

  ;; sum_slots(slots, stride, count, out, bytes): slot k's first value is at slots + k * stride;
  ;; count >= 1; bytes a multiple of 16.
  (func (export "sum_slots")
    (param $slots i32) (param $stride i32) (param $count i32) (param $out i32) (param $bytes i32)
    (local $i i32)         ;; byte offset of the current group of four floats
    (local $at i32)        ;; byte offset of the current slot's group
    (local $k i32)         ;; slots added so far
    (local $sum v128)
    (block $done
      (br_if $done (i32.eqz (local.get $bytes)))
      (loop $next
        (local.set $at (i32.add (local.get $slots) (local.get $i)))
        (local.set $sum (v128.load align=4 (local.get $at)))
        (local.set $k (i32.const 1))
        (block $summed
          (loop $add
            (br_if $summed (i32.ge_u (local.get $k) (local.get $count)))
            (local.set $at (i32.add (local.get $at) (local.get $stride)))
            (local.set $sum (f32x4.add (local.get $sum) (v128.load align=4 (local.get $at))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $add)))
        (v128.store align=4 (i32.add (local.get $out) (local.get $i)) (local.get $sum))
        (br_if $next
          (i32.lt_u
            (local.tee $i (i32.add (local.get $i) (i32.const 16)))
            (local.get $bytes))))))
)
