// The harness of the loop A/B benches (conv-, dense-, pool-loops-ab.mjs): two builds of one SIMD
// module on one WebAssembly memory, timed taking turns run by run, so that a busy machine slows
// both alike, and their outputs compared to the bit.
import { moduleBytesAt } from './module-at-commit.mjs';

/**
 * A WebAssembly memory of `pages` 64 KiB pages for both builds of a module, with `region(floats)`
 * (the byte offset of a fresh 64-byte-aligned run of `floats` float32s, and some slack) and
 * `put(tensor)` (a region holding the tensor's values).
 */
export function benchMemory(pages) {
  const memory = new WebAssembly.Memory({ initial: pages });
  const heap = new Float32Array(memory.buffer);
  let free = 1024;
  const region = (floats) => {
    const at = free;
    free += Math.ceil((floats + 64) / 16) * 16;
    return at * 4;
  };
  const put = (t) => {
    const at = region(t.size);
    heap.set(t.dataSync(), at / 4);
    return at;
  };
  return { memory, heap, region, put };
}

/**
 * The module assembled into `generated` (a `.generated.ts` path) at `commit` and in the working
 * tree, each instantiated on `memory`, as `{ name, exports, out }`: `out()` gives each its own
 * output regions.
 */
export function versionsAt(generated, commit, memory, out) {
  return [
    [commit, moduleBytesAt(generated, commit)],
    ['working tree', moduleBytesAt(generated, 'work')],
  ].map(([name, bytes]) => ({
    name,
    exports: new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports,
    out: out(),
  }));
}

/** The median of `values`. */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Runs `run(version, i)` for each of `versions` in turn, `warmup + runs` times, and returns the
 * median ms of each over the last `runs`.
 */
export function timeTakingTurns(versions, run, runs, warmup = 20) {
  const times = versions.map(() => []);
  for (let r = 0; r < warmup + runs; r++) {
    versions.forEach((version, i) => {
      const start = performance.now();
      run(version, i);
      if (r >= warmup) times[i].push(performance.now() - start);
    });
  }
  return times.map(median);
}

/** Whether `count` 32-bit values at byte offsets `a` and `b` of `memory` are the same bits. */
export function sameBits(memory, a, b, count) {
  const u = new Uint32Array(memory.buffer, a, count);
  const v = new Uint32Array(memory.buffer, b, count);
  return u.every((bits, i) => bits === v[i]);
}

/** One result line: name, both medians, their ratio and whether the outputs are the same bits. */
export function resultLine(name, [before, after], same, { width = 28, digits = 3 } = {}) {
  const ms = (value) => value.toFixed(digits).padStart(digits + 4);
  const verdict = same ? 'same bits' : 'DIFFERENT';
  return `${name.padEnd(width)} ${ms(before)} ${ms(after)}  ${(before / after).toFixed(2)}x  ${verdict}`;
}

/**
 * Times each of `loops` ({ name, run(version), outputs(version): [[byteOffset, count], ...] }) on
 * both `versions` and prints a {@link resultLine} per loop.
 */
export function compareLoops({ title, memory, versions, loops, runs }) {
  console.log(
    `${title}, median ms of ${runs} runs each, taking turns: ${versions[0].name} vs ${versions[1].name}`,
  );
  for (const loop of loops) {
    const medians = timeTakingTurns(versions, loop.run, runs);
    const [before, after] = versions.map(loop.outputs);
    const same = before.every(([at, count], k) => sameBits(memory, at, after[k][0], count));
    console.log(resultLine(loop.name, medians, same));
  }
}
