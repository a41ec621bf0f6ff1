// Real handwriting, measured: trains the notebook's model twice, as the notebook does and with
// `augment`, and reports its test accuracy on (a) MNIST's test images and (b) the same digits
// re-laid-out the way people's images are (relaid-digits.ts), each fed as is (the whole image
// resized to 28x28) and through `toMnistLayout`, MNIST's own preprocessing.
//   node apps/bench/dist/handwriting.js [--seed=1] [--epochs=5] [--count=10000] [--json]
import { parseArgs } from 'node:util';
import { initWasmBackend } from '@mnist-wasm/backend';
import {
  createExamples,
  type Examples,
  exampleSize,
  type MnistSplit,
  resizeArea,
  sliceExamples,
  toMnistLayout,
} from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { evaluate } from '@mnist-wasm/evaluator';
import { createMnistMlp } from '@mnist-wasm/model';
import { parseWholeNumber } from '@mnist-wasm/notebook/whole-number';
import { type AugmentOptions, train } from '@mnist-wasm/trainer';
import { type CanvasDigit, relayDigits } from './relaid-digits';
import { median } from './stats';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seed: { type: 'string', default: '1' },
    epochs: { type: 'string', default: '5' },
    count: { type: 'string', default: '10000' },
    json: { type: 'boolean', default: false },
  },
});
const seed = parseWholeNumber('--seed', values.seed, 0);
const epochs = parseWholeNumber('--epochs', values.epochs, 1);
const count = parseWholeNumber('--count', values.count, 1, 10_000);
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Examples of 28x28 uint8 images, one per `images` entry, with `labels`. */
function examplesOf(images: Uint8Array[], labels: ArrayLike<number>): Examples {
  const features = new Uint8Array(images.length * 784);
  images.forEach((image, i) => {
    features.set(image, i * 784);
  });
  return createExamples({
    features,
    labels: Uint8Array.from(labels),
    shape: [28, 28],
    numClasses: 10,
  });
}

/** The old way: the whole image, gray, resized to 28x28 by area averaging; no inversion. */
function resizedAsIs(digit: CanvasDigit): Uint8Array {
  const { data, width, height } = digit.image;
  const pixels = Float32Array.from(data, (value) => value / 255);
  const small = resizeArea({ pixels, width, height }, 28, 28);
  return Uint8Array.from(small.pixels, (value) => Math.round(value * 255));
}

await initWasmBackend();
const { train: trainSplit, test: fullTest } = await loadMnist();
const test: MnistSplit = sliceExamples(fullTest, 0, count);
const relaid = relayDigits(test, count, seed + 1000);
const labels = relaid.map((digit) => digit.label);

const size = exampleSize(test.shape);
const mnistImages = Array.from({ length: test.count }, (_, i) => ({
  data: test.features.subarray(i * size, (i + 1) * size),
  width: 28,
  height: 28,
}));
const layoutTimes: number[] = [];
const laidOut = (image: CanvasDigit['image']) => {
  const start = performance.now();
  const { pixels } = toMnistLayout(image);
  layoutTimes.push(performance.now() - start);
  return pixels;
};
const sets: Record<string, Examples> = {
  'MNIST test, as is': test,
  'MNIST test, toMnistLayout': examplesOf(mnistImages.map(laidOut), test.labels),
  're-laid-out, resized as is': examplesOf(relaid.map(resizedAsIs), labels),
  're-laid-out, toMnistLayout': examplesOf(
    relaid.map((digit) => laidOut(digit.image)),
    labels,
  ),
};
log(`toMnistLayout: median ${(median(layoutTimes) * 1000).toFixed(0)} µs per digit`);

const variants: Array<{ name: string; augment?: AugmentOptions }> = [
  { name: 'notebook model' },
  { name: 'notebook model, augment: {}', augment: {} },
];
const results = [];
for (const variant of variants) {
  const model = createMnistMlp({ seed });
  const start = performance.now();
  const { optimizer } = await train(model, trainSplit, {
    epochs,
    seed,
    ...(variant.augment && { augment: variant.augment }),
  });
  const trainSeconds = (performance.now() - start) / 1000;
  optimizer.dispose();
  const accuracy: Record<string, number> = {};
  for (const [name, examples] of Object.entries(sets)) {
    accuracy[name] = (await evaluate(model, examples)).accuracy;
  }
  model.dispose();
  results.push({ model: variant.name, trainSeconds, accuracy });
  log(`${variant.name}: trained in ${trainSeconds.toFixed(1)} s`);
}

if (values.json) {
  process.stdout.write(`${JSON.stringify({ seed, epochs, count, results }, null, 2)}\n`);
} else {
  const names = Object.keys(sets);
  process.stdout.write(
    `test accuracy, ${count} digits, seed ${seed}, ${epochs} epochs\n${'model'.padEnd(30)}${names.map((n) => n.padStart(30)).join('')}\n`,
  );
  for (const result of results) {
    process.stdout.write(
      `${result.model.padEnd(30)}${names.map((n) => (result.accuracy[n] as number).toFixed(4).padStart(30)).join('')}\n`,
    );
  }
}
