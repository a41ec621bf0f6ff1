import { tensorFromByteRows } from '@mnist-wasm/backend';
import { exampleSize, range, type UnlabeledExamples } from '@mnist-wasm/dataset';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Examples `[start, end)` as one float32 tensor of shape `[end - start, ...shape]`: uint8
 * features scaled by 1/255 as they become the tensor (`tensorFromByteRows`, on 'wasm' in the WASM
 * heap with SIMD), float32 features as they are. Only the batch exists as floats. Call inside a
 * tidy.
 */
export function batchTensor(
  examples: UnlabeledExamples,
  start: number,
  end: number,
  shape: readonly number[],
): tf.Tensor {
  const size = exampleSize(examples.shape);
  const batchShape = [end - start, ...shape];
  const { features } = examples;
  if (features instanceof Uint8Array) {
    return tensorFromByteRows(features, range(start, end), size, { shape: batchShape });
  }
  return tf.tensor(features.subarray(start * size, end * size), batchShape, 'float32');
}
