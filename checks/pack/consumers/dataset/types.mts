import {
  gatherBatch,
  type MnistSplit,
  normalize,
  parseMnistSplit,
  readIdx,
} from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';

const split: MnistSplit = parseMnistSplit(new Uint8Array(16), new Uint8Array(8), { limit: 10 });
const pixels: Float32Array = normalize(split.images);
const labels: Int32Array = gatherBatch(split, [0]).labels;
const dims: readonly number[] = readIdx(new Uint8Array(8), 'file.idx').dims;
const { train } = await loadMnist({ trainLimit: 10 });
// @ts-expect-error limit is a number
parseMnistSplit(split.images, split.labels, { limit: 'all' });
export { dims, labels, pixels, train };
