import dataset = require('@mnist-wasm/dataset');
import node = require('@mnist-wasm/dataset/node');

const split: dataset.MnistSplit = dataset.parseMnistSplit(new Uint8Array(16), new Uint8Array(8));
const examples: dataset.Examples = split;
const loaded: Promise<dataset.Mnist> = node.loadMnist();
// @ts-expect-error normalize takes uint8 pixels
dataset.normalize('pixels');
export = { examples, loaded, split };
