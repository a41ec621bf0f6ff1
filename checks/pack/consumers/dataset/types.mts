import {
  createExamples,
  type Examples,
  ExamplesError,
  gatherBatch,
  type MnistSplit,
  normalize,
  parseMnistSplit,
  readIdx,
  sliceExamples,
  type UnlabeledExamples,
} from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';

const split: MnistSplit = parseMnistSplit(new Uint8Array(16), new Uint8Array(8), { limit: 10 });
const pixels: Float32Array = normalize(split.features);
const shape: readonly number[] = split.shape;
const labels: Int32Array = gatherBatch(split, [0]).labels;
const dims: readonly number[] = readIdx(new Uint8Array(8), 'file.idx').dims;
const { train } = await loadMnist({ trainLimit: 10 });
const asExamples: Examples = sliceExamples(train, 0, 5);
const own: Examples = createExamples({
  features: new Float32Array(8),
  labels: new Uint8Array(2),
  shape: [4],
  numClasses: 2,
});
const unlabeled: UnlabeledExamples = own;
const error: Error = new ExamplesError('x');
// @ts-expect-error limit is a number
parseMnistSplit(split.features, split.labels, { limit: 'all' });
// @ts-expect-error features are a Uint8Array or a Float32Array
createExamples({ features: [0.5, 1], labels: new Uint8Array(1), shape: [2], numClasses: 2 });
export { asExamples, dims, error, labels, pixels, shape, train, unlabeled };
