import { useCpuBackend } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  NonFiniteModelWeightError,
  predict,
  predictClasses,
  predictProbabilities,
} from '../src';
import { createTinyModel, SPLIT } from './tiny-model';

useCpuBackend();

describe('a model with a non-finite weight', () => {
  // Pixel 0's row of the hidden kernel (rows the Dense kernels skip where the pixel is 0), and
  // the last weight of the model.
  for (const [what, value, layer, index] of [
    ['NaN in the kernel row of pixel 0', Number.NaN, 'hidden', 0],
    ['Infinity in the output bias', Number.POSITIVE_INFINITY, 'logits', -1],
  ] as const) {
    it(`is refused by evaluate and every predict function: ${what}`, async () => {
      const model = createTinyModel();
      const target = model.getLayer(layer);
      const weights = target.getWeights();
      const which = index < 0 ? weights.length - 1 : 0;
      const values = weights[which]!.dataSync().slice();
      values[index < 0 ? values.length - 1 : index] = value;
      const poisoned = weights.map((w, i) => (i === which ? tf.tensor(values, w.shape) : w));
      target.setWeights(poisoned);
      poisoned[which]!.dispose();
      const name = target.weights[which]!.originalName;
      const before = tf.memory().numTensors;
      for (const [caller, run] of [
        ['evaluate', () => evaluate(model, SPLIT)],
        ['predictProbabilities', () => predictProbabilities(model, SPLIT)],
        ['predictClasses', () => predictClasses(model, SPLIT)],
        ['predict', () => predict(model, SPLIT)],
      ] as const) {
        const error = await run().then(
          () => expect.unreachable(`${caller} ran`),
          (e: unknown) => e as NonFiniteModelWeightError,
        );
        expect(error).toBeInstanceOf(NonFiniteModelWeightError);
        expect(error.weight).toBe(name);
        expect(error.message).toMatch(new RegExp(`^(${caller}|predictProbabilities): `));
        expect(error.message).toContain(`'${name}' holds 1 NaN or infinite value(s)`);
      }
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }
});
