import { expectNoNewTensors, useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createMnistCnn, sparseCategoricalCrossentropy } from '../src';

useCpuBackend();

// The convnet learns: Adam steps on its gradients cut a tiny batch's loss.
describe('createMnistCnn', () => {
  it('learns: Adam steps on gradients from tf.variableGrads cut the loss of a tiny batch', () => {
    expectNoNewTensors(() => {
      const model = createMnistCnn({
        filters: [4, 8],
        kernelSize: 3,
        denseUnits: 16,
        numClasses: 4,
        dropoutRate: 0,
        inputShape: [12, 12],
        seed: 2,
      });
      const images = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 5);
      const labels = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
      const crossentropy = sparseCategoricalCrossentropy();
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const loss = () => crossentropy(labels, model.apply(images, { training: true }) as tf.Tensor);
      const optimizer = tf.train.adam(0.02);
      const losses: number[] = [];
      for (let step = 0; step < 30; step++) {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(loss, variables);
          expect(Object.keys(grads).sort()).toEqual(variables.map((v) => v.name).sort());
          losses.push(value.dataSync()[0]!);
          optimizer.applyGradients(
            Object.entries(grads).map(([name, tensor]) => ({ name, tensor })),
          );
        });
      }
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
      optimizer.dispose();
      tf.dispose([images, labels]);
      model.dispose();
    });
  });
});
