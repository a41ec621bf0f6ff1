// Writes MNIST test image N as a PNG the way a person's scan would be: twice the size, a dark digit
// on a light background. Runs in the app's consumer project: the digit comes from the installed
// `@mnist-wasm/dataset`, the encoder is the `pngjs` the installed app itself depends on.
// Usage: node digit-png.mjs INDEX FILE.png   (prints the digit's true label)
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadMnistSplit } from '@mnist-wasm/dataset/node';

const [index, file] = [Number(process.argv[2]), process.argv[3]];
const app = createRequire(import.meta.url).resolve('@mnist-wasm/notebook/package.json');
const { PNG } = createRequire(app)('pngjs');

const test = await loadMnistSplit('test', { limit: index + 1 });
const scale = 2;
const size = 28 * scale;
const png = new PNG({ width: size, height: size });
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const ink = test.features[index * 784 + Math.floor(y / scale) * 28 + Math.floor(x / scale)];
    png.data.set([255 - ink, 255 - ink, 255 - ink, 255], 4 * (y * size + x));
  }
}
writeFileSync(file, PNG.sync.write(png));
console.log(test.labels[index]);
