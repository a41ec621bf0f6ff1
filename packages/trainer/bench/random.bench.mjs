// Times `SeededRandom.fillUint32`, the hot loop of the dropout masks and the elastic noise, against
// the same mulberry32 loop in a plain function and in a class whose state field is declared bare
// (`state;`, what TypeScript emits for `private state: number;`: the field holds undefined until
// the constructor runs). The figures in the README come from here. Run after building:
//   node packages/trainer/bench/random.bench.mjs [fills]
import { SeededRandom } from '../dist/index.js';

const FILLS = Number(process.argv[2] ?? 20);
const VALUES = 1 << 20;

function step(out, state) {
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = t ^ (t >>> 14);
  }
  return state;
}

/** SeededRandom's loop with its field declared bare. */
class BareField {
  state;
  constructor(seed) {
    this.state = seed | 0;
  }
  fillUint32(out) {
    let state = this.state;
    for (let i = 0; i < out.length; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = t ^ (t >>> 14);
    }
    this.state = state;
  }
}

const median = (values) => [...values].sort((x, y) => x - y)[values.length >> 1];
let plainState = 1;
const variants = {
  'SeededRandom.fillUint32': (() => {
    const random = new SeededRandom(1);
    return (out) => random.fillUint32(out);
  })(),
  'plain function': (out) => {
    plainState = step(out, plainState);
  },
  'bare field declaration': (() => {
    const random = new BareField(1);
    return (out) => random.fillUint32(out);
  })(),
};
const outputs = {};
const times = {};
// Each variant runs its fills in a phase of its own after a warm-up fill, one generator each (the
// state carries on, as in training); all three give the same stream.
for (const [name, fill] of Object.entries(variants)) {
  const out = new Uint32Array(VALUES);
  times[name] = [];
  for (let round = 0; round <= FILLS; round++) {
    const start = performance.now();
    fill(out);
    if (round > 0) times[name].push(performance.now() - start);
    if (round === 0) outputs[name] = out.slice(0, 1024);
  }
}
const [first, ...others] = Object.values(outputs);
if (others.some((out) => out.some((v, i) => v !== first[i]))) {
  throw new Error('the loops disagree');
}
console.log(`fill of ${VALUES} values, median of ${FILLS} fills after a warm-up:`);
for (const [name, values] of Object.entries(times)) {
  console.log(`  ${name.padEnd(24)} ${median(values).toFixed(2)} ms`);
}
