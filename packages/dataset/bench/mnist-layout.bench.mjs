// toMnistLayout per digit, from the built dist, on inputs of four sizes.
// Run from anywhere after building: node packages/dataset/bench/mnist-layout.bench.mjs [runs]
import { toMnistLayout } from '../dist/index.js';
import { loadMnistSplit } from '../dist/node.js';

const runs = Number(process.argv[2] ?? 2000);
const test = await loadMnistSplit('test', { limit: 10 });

/** The MNIST digit `index` at `side x side`, nearest-neighbour scaled, dark ink on white when `rgba`. */
function input(index, side, rgba) {
  const channels = rgba ? 4 : 1;
  const data = new Uint8ClampedArray(side * side * channels);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const p =
        test.features[index * 784 + Math.floor((y * 28) / side) * 28 + Math.floor((x * 28) / side)];
      if (rgba) data.set([255 - p, 255 - p, 255 - p, 255], (y * side + x) * 4);
      else data[y * side + x] = p;
    }
  }
  return { data, width: side, height: side };
}

console.log(`node ${process.version}, median of ${runs} runs (fewer for large inputs), per digit`);
for (const [label, side, rgba] of [
  ['28x28 gray', 28, false],
  ['64x64 gray', 64, false],
  ['200x200 RGBA', 200, true],
  ['1000x1000 RGBA', 1000, true],
]) {
  const images = Array.from({ length: 10 }, (_, k) => input(k, side, rgba));
  const n = Math.max(20, Math.min(runs, Math.round((runs * 40_000) / (side * side))));
  for (let i = 0; i < Math.min(n, 50); i++) toMnistLayout(images[i % 10]); // warm up
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    toMnistLayout(images[i % 10]);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const us = (t) => (t * 1000).toFixed(1);
  console.log(
    `${label.padEnd(16)} median ${us(times[Math.floor(n / 2)]).padStart(8)} µs  (min ${us(times[0])}, ${n} runs)`,
  );
}
