import { initWasmBackend } from '@mnist-wasm/backend';
import { createExamples } from '@mnist-wasm/dataset';
import { createMnistCnn, createMnistMlp, sparseCategoricalCrossentropy } from '@mnist-wasm/model';
import { prng } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, predictProbabilities } from '../src';
import { inferenceForward } from '../src/inference-forward';

beforeAll(async () => {
  await initWasmBackend();
});

/** 300 seeded 28x28 uint8 images, 80% zero pixels like MNIST's, with labels 0-9. */
function mnistLike() {
  const random = prng(7);
  const count = 300;
  const features = Uint8Array.from({ length: count * 784 }, () =>
    random() < 0.8 ? 0 : Math.floor(random() * 256),
  );
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * 10));
  return createExamples({ features, labels, shape: [28, 28], numClasses: 10 });
}

describe('evaluate and predict on the plan (wasm)', () => {
  it("run the MLP and the convnet on their plan's forwards, another model on its layers", () => {
    const mlp = createMnistMlp({ seed: 3 });
    const cnn = createMnistCnn({ seed: 3 });
    const sigmoid = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'sigmoid' })],
    });
    expect(inferenceForward(mlp).kind).toBe('plan');
    expect(inferenceForward(cnn).kind).toBe('plan');
    expect(inferenceForward(sigmoid).kind).toBe('layers');
    for (const m of [mlp, cnn, sigmoid]) m.dispose();
  });

  it.each([
    ['MLP', () => createMnistMlp({ seed: 4 })],
    ['convnet', () => createMnistCnn({ seed: 4 })],
  ])(
    'give the layers’ loss, accuracy and probabilities for the %s, whatever the batch size',
    async (_, create) => {
      const model = create();
      const data = mnistLike();
      const inputShape = model.inputs[0]!.shape.slice(1) as number[];
      // The reference: the model's own layers, with the loss in TF.js ops.
      const reference = tf.tidy(() => {
        const x = tf.div(tf.tensor(data.features, [data.count, ...inputShape], 'float32'), 255);
        const logits = model.apply(x, { training: false }) as tf.Tensor2D;
        const labels = tf.tensor1d(Int32Array.from(data.labels), 'int32');
        const loss = sparseCategoricalCrossentropy()(labels, logits).dataSync()[0]!;
        const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32'));
        return {
          loss,
          accuracy: correct.dataSync()[0]! / data.count,
          probabilities: tf.softmax(logits).dataSync() as Float32Array,
        };
      });
      const before = tf.memory().numTensors;
      for (const batchSize of [1, 32, 77, 1000]) {
        const result = await evaluate(model, data, { batchSize });
        expect(Math.abs(result.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
        expect(result.accuracy).toBe(reference.accuracy);
        const probabilities = await predictProbabilities(model, data, { batchSize });
        const worst = Math.max(
          ...Array.from(probabilities, (p, i) => Math.abs(p - reference.probabilities[i]!)),
        );
        expect(worst).toBeLessThan(1e-6);
      }
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    },
  );
});
