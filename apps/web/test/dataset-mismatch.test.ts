import { DATASETS } from '@mnist-wasm/dataset';
import { describe, expect, it } from 'vitest';
import { datasetMismatch } from '../src/worker/dataset-mismatch';

const DIGITS = DATASETS.mnist.classNames;
const FASHION = DATASETS['fashion-mnist'].classNames;
const mnist = { set: 'mnist', title: 'MNIST', classNames: DIGITS } as const;
const fashion = { set: 'fashion-mnist', title: 'Fashion-MNIST', classNames: FASHION } as const;
const own = (classNames: readonly string[]) =>
  ({ set: 'own', title: 'your own files', classNames }) as const;

describe('datasetMismatch', () => {
  it('says a Fashion-MNIST model is evaluated on MNIST', () => {
    expect(datasetMismatch({ classNames: FASHION, dataset: 'fashion-mnist' }, mnist)).toBe(
      'this model was trained on Fashion-MNIST; it is evaluated on MNIST, so its accuracy says little',
    );
  });

  it('says nothing when the model was trained on the selected set', () => {
    expect(datasetMismatch({ classNames: FASHION, dataset: 'fashion-mnist' }, fashion)).toBe(
      undefined,
    );
    expect(datasetMismatch({ classNames: DIGITS, dataset: 'mnist' }, mnist)).toBe(undefined);
  });

  it('compares the data sets, not the names, when both are known', () => {
    // A KMNIST model whose metadata names its classes by digits is still no MNIST model.
    const message = datasetMismatch({ classNames: DIGITS, dataset: 'kmnist' }, mnist);
    expect(message).toBe(
      'this model was trained on Kuzushiji-MNIST; it is evaluated on MNIST, so its accuracy says little',
    );
  });

  it('compares the class names when the model records no data set', () => {
    expect(datasetMismatch({ classNames: FASHION }, fashion)).toBe(undefined);
    expect(datasetMismatch({ classNames: FASHION }, mnist)).toBe(
      "this model's classes are T-shirt/top, Trouser, Pullover, Dress, … (10 classes); " +
        'those of MNIST are 0, 1, 2, 3, … (10 classes): it is evaluated on them anyway, so its accuracy says little',
    );
  });

  it("compares the class names on own files, naming the model's data set", () => {
    expect(datasetMismatch({ classNames: FASHION, dataset: 'fashion-mnist' }, own(FASHION))).toBe(
      undefined,
    );
    expect(datasetMismatch({ classNames: DIGITS, dataset: 'mnist' }, own(['cat', 'dog']))).toBe(
      'this model was trained on MNIST, whose classes are 0, 1, 2, 3, … (10 classes); ' +
        'those of your own files are cat, dog: it is evaluated on them anyway, so its accuracy says little',
    );
  });

  it('names a data set it does not know as recorded', () => {
    expect(datasetMismatch({ classNames: DIGITS, dataset: 'emnist-digits' }, mnist)).toMatch(
      /^this model was trained on emnist-digits; it is evaluated on MNIST,/,
    );
  });

  it('says nothing of a model that records neither', () => {
    expect(datasetMismatch(undefined, fashion)).toBe(undefined);
  });
});
