// How many f32x4 sums V8 keeps in registers through a loop: a standalone loop of K independent
// sums, each pass a splatted value and K loaded vectors (the shape of the Dense and conv loops'
// inner loops: a pair of the list, then K multiply-adds), for K = 1, 2, 4, 6, 8. Prints the best
// of 15 runs in ns per pass and per multiply-add. When V8 runs out of xmm registers it keeps a
// sum on the stack, and the time per pass jumps (see README, Dense kernels).
//   node packages/backend/bench/register-sums.mjs
import createWabt from 'wabt';

const wabt = await createWabt();

/** The module of K sums: each pass adds value · memory[row + 16k] to sum k. */
function sumsModule(k) {
  const sums = Array.from({ length: k }, (_, i) => i);
  const adds = sums
    .map(
      (i) =>
        `(local.set $a${i} (f32x4.add (local.get $a${i}) (f32x4.mul (local.get $v) (v128.load offset=${16 * i} (local.get $row)))))`,
    )
    .join('\n      ');
  const total = sums
    .slice(1)
    .reduce((sum, i) => `(f32x4.add ${sum} (local.get $a${i}))`, '(local.get $a0)');
  return `(module (import "env" "memory" (memory 1))
  (func (export "run") (param $n i32) (result f32)
    (local $i i32) (local $row i32) (local $v v128) ${sums.map((i) => `(local $a${i} v128)`).join(' ')}
    (loop $pass
      (local.set $v (v128.load32_splat (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 1020))))
      (local.set $row (i32.and (i32.shl (local.get $i) (i32.const 6)) (i32.const 16320)))
      ${adds}
      (br_if $pass (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (f32x4.extract_lane 0 ${total})))`;
}

const memory = new WebAssembly.Memory({ initial: 1 });
new Float32Array(memory.buffer).fill(0.001);
const passes = 2_000_000;
for (const k of [1, 2, 4, 6, 8]) {
  const { buffer } = wabt.parseWat(`sums-${k}.wat`, sumsModule(k), { simd: true }).toBinary({});
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(buffer), { env: { memory } });
  for (let run = 0; run < 5; run++) exports.run(passes);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 15; run++) {
    const start = performance.now();
    exports.run(passes);
    best = Math.min(best, performance.now() - start);
  }
  const ns = (best * 1e6) / passes;
  console.log(
    `${k} sums: ${ns.toFixed(3)} ns a pass, ${(ns / k).toFixed(3)} ns a multiply-add of four floats`,
  );
}
