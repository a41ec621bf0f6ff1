import { initWasmBackend } from '@mnist-wasm/backend';
import type { Mnist, MnistSplit } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

let mnist: Promise<Mnist> | undefined;

/** Makes the WASM backend active and loads MNIST once per test file. */
export async function setup(): Promise<Mnist> {
  await initWasmBackend();
  mnist ??= loadMnist();
  return mnist;
}

/** Examples `[start, start + count)` of `split`, as a view. */
export function slice(split: MnistSplit, start: number, count: number): MnistSplit {
  const pixels = split.rows * split.cols;
  return {
    images: split.images.subarray(start * pixels, (start + count) * pixels),
    labels: split.labels.subarray(start, start + count),
    count,
    rows: split.rows,
    cols: split.cols,
  };
}

/** The model's weights as plain arrays, in `model.getWeights()` order. */
export function weightValues(model: LayersModel): Float32Array[] {
  return model.getWeights().map((weight: tf.Tensor) => weight.dataSync() as Float32Array);
}
