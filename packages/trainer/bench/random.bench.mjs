// Times `SeededRandom.fillUint32`, the hot loop of the dropout masks, against the same mulberry32
// loop with its state kept unsigned (`>>> 0`): V8 holds an int32 state as a small integer, an
// unsigned one from 2^31 up as a double. The figure in the README comes from here. Run after
// building:
//   node packages/trainer/bench/random.bench.mjs [rounds]
import { SeededRandom } from '../dist/index.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const VALUES = 1 << 20;

/** The same stream as SeededRandom's, its state held unsigned. */
function fillUnsigned(seed, out) {
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = t ^ (t >>> 14);
  }
  return state;
}

const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];
const signed = new Uint32Array(VALUES);
const unsigned = new Uint32Array(VALUES);
const times = { signed: [], unsigned: [] };
// One generator each, as training keeps one: the state carries on from round to round.
const random = new SeededRandom(1);
let state = 1;
for (let round = 0; round < ROUNDS; round++) {
  let start = performance.now();
  random.fillUint32(signed);
  times.signed.push(performance.now() - start);
  start = performance.now();
  state = fillUnsigned(state, unsigned);
  times.unsigned.push(performance.now() - start);
  if (signed.some((v, i) => v !== unsigned[i])) throw new Error('the two loops disagree');
}
const [a, b] = [median(times.signed), median(times.unsigned)];
console.log(`fillUint32 of ${VALUES} values, median of ${ROUNDS} rounds (the first warm-up):`);
console.log(`  int32 state (SeededRandom): ${a.toFixed(2)} ms`);
console.log(`  unsigned state:             ${b.toFixed(2)} ms (${(b / a).toFixed(1)}x)`);
