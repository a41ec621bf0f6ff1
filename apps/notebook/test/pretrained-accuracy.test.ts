import { initWasmBackend } from '@mnist-wasm/backend';
import { loadMnistSplit } from '@mnist-wasm/dataset/node';
import { evaluate } from '@mnist-wasm/evaluator';
import { loadPretrainedMnist } from '@mnist-wasm/model';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await initWasmBackend();
});

// What the shipped weights promise (packages/model/README.md): 0.99 or better on MNIST's test set.
describe('the pretrained convnet on all 10,000 MNIST test images', () => {
  it('scores an accuracy of at least 0.99', async () => {
    const test = await loadMnistSplit('test');
    const model = await loadPretrainedMnist();
    try {
      const { accuracy, count } = await evaluate(model, test, { batchSize: 500 });
      expect(count).toBe(10_000);
      expect(accuracy).toBeGreaterThanOrEqual(0.99);
    } finally {
      model.dispose();
    }
  }, 120_000);
});
