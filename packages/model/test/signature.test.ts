import { expectNoNewTensors, thrown, useCpuBackend } from '@mnist-wasm/test-utils';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  classifierMetadata,
  classifierSignature,
  createMnistMlp,
  ModelError,
  setClassifierMetadata,
  UnsupportedModelError,
  withSoftmax,
} from '../src';

useCpuBackend();

describe('classifierSignature', () => {
  it("reads the MLP's example shape and classes, for every input shape and class count", () => {
    expectNoNewTensors(() => {
      for (const [options, inputShape, numClasses] of [
        [{}, [28, 28], 10],
        [{ inputShape: [784] }, [784], 10],
        [{ inputShape: [28, 28, 1] }, [28, 28, 1], 10],
        [{ inputShape: [8, 8], numClasses: 3, hiddenUnits: 4 }, [8, 8], 3],
      ] as const) {
        const model = createMnistMlp(options);
        expect(classifierSignature(model, 'test')).toEqual({ inputShape, numClasses });
        model.dispose();
      }
    });
  });

  it('reads the probability model around the MLP the same as the MLP', () => {
    expectNoNewTensors(() => {
      const model = createMnistMlp({ inputShape: [784] });
      expect(classifierSignature(withSoftmax(model), 'predict')).toEqual({
        inputShape: [784],
        numClasses: 10,
      });
      model.dispose();
    });
  });

  it('refuses a functional model of two inputs, naming the caller and the counts', () => {
    expectNoNewTensors(() => {
      const images = tfl.input({ shape: [28, 28] });
      const extra = tfl.input({ shape: [4] });
      const joined = tfl.layers
        .concatenate()
        .apply([tfl.layers.flatten().apply(images) as tfl.SymbolicTensor, extra]);
      const scores = tfl.layers.dense({ units: 10 }).apply(joined) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: [images, extra], outputs: scores });
      const error = thrown(() => classifierSignature(model, 'train'));
      expect(error).toBeInstanceOf(UnsupportedModelError);
      expect(error).toBeInstanceOf(ModelError);
      expect(error.name).toBe('UnsupportedModelError');
      expect(error.message).toMatch(
        /^train: the model has 2 inputs and 1 outputs; pass a classifier/,
      );
      model.dispose();
    });
  });

  it('refuses a model whose output is not [batch, classes], such as rank 3', () => {
    expectNoNewTensors(() => {
      // Dense on a [4, 5] input scores each of the 4 rows: [batch, 4, 3], not [batch, classes].
      const model = tfl.sequential({
        layers: [tfl.layers.dense({ inputShape: [4, 5], units: 3 })],
      });
      expect(model.outputs[0]!.shape).toEqual([null, 4, 3]);
      const check = () => classifierSignature(model, 'evaluate');
      expect(check).toThrow(UnsupportedModelError);
      expect(check).toThrow(
        "evaluate: the model's output shape [null,4,3] is not [batch, classes] with at least 2 classes; end the model with a Dense layer of one unit per class.",
      );
      model.dispose();
    });
  });

  it('refuses a single-unit output: one class leaves nothing to classify', () => {
    expectNoNewTensors(() => {
      const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 1 })] });
      const check = () => classifierSignature(model);
      expect(check).toThrow(UnsupportedModelError);
      expect(check).toThrow(
        /^classifierSignature: the model's output shape \[null,1\] is not \[batch, classes\] with at least 2 classes/,
      );
      model.dispose();
    });
  });

  it('refuses an input of unknown size besides the batch axis', () => {
    expectNoNewTensors(() => {
      const input = tfl.input({ shape: [null, 5] });
      const pooled = tfl.layers.globalAveragePooling1d().apply(input) as tfl.SymbolicTensor;
      const scores = tfl.layers.dense({ units: 2 }).apply(pooled) as tfl.SymbolicTensor;
      const model = tfl.model({ inputs: input, outputs: scores });
      expect(model.outputs[0]!.shape).toEqual([null, 2]);
      const check = () => classifierSignature(model, 'predict');
      expect(check).toThrow(UnsupportedModelError);
      expect(check).toThrow(
        "predict: the model's input shape [null,null,5] has an unknown dimension besides the batch axis; give the model a fixed inputShape.",
      );
      model.dispose();
    });
  });
});

describe('classifier metadata', () => {
  it('records the class names and data set, keeps other keys, and reads them back', () => {
    const model = createMnistMlp({ inputShape: [4, 4], numClasses: 3, hiddenUnits: 2 });
    expect(classifierMetadata(model)).toBeUndefined();
    model.setUserDefinedMetadata({ note: 'kept' });
    setClassifierMetadata(model, { classNames: ['Bag', 'Coat', 'つ (tsu)'], dataset: 'x' });
    expect(model.getUserDefinedMetadata()).toEqual({
      note: 'kept',
      classNames: ['Bag', 'Coat', 'つ (tsu)'],
      dataset: 'x',
    });
    expect(classifierMetadata(model)).toEqual({
      classNames: ['Bag', 'Coat', 'つ (tsu)'],
      dataset: 'x',
    });
    model.dispose();
  });

  it('refuses names that do not fit the model, and ignores metadata that does not', () => {
    const model = createMnistMlp({ inputShape: [4, 4], numClasses: 3, hiddenUnits: 2 });
    expect(() => setClassifierMetadata(model, { classNames: ['a', 'b'] })).toThrow(
      UnsupportedModelError,
    );
    model.setUserDefinedMetadata({ classNames: ['a', 'b'] });
    expect(classifierMetadata(model)).toBeUndefined();
    model.setUserDefinedMetadata({ classNames: ['a', '', 'c'] });
    expect(classifierMetadata(model)).toBeUndefined();
    model.dispose();
  });
});
