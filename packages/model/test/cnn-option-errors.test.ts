import { thrown, useCpuBackend } from '@mnist-wasm/test-utils';
import { describe, expect, it } from 'vitest';
import {
  createMnistCnn,
  MNIST_CNN_DEFAULTS,
  MNIST_CNN_MAX_BLOCKS,
  type MnistCnnOptions,
  ModelError,
  ModelOptionError,
} from '../src';

useCpuBackend();

// The convnet's option errors: what was given, what to use, and the smallest input that works.
describe('createMnistCnn', () => {
  it.each([
    ['filters', { filters: [] }],
    ['filters', { filters: [8, 0] }],
    ['filters', { filters: [8, 2.5] }],
    ['filters', { filters: [1, 1, 1, 1, 1] }],
    ['filters', { filters: 8 }],
    ['kernelSize', { kernelSize: 0 }],
    ['kernelSize', { kernelSize: 1.5 }],
    ['denseUnits', { denseUnits: 0 }],
    ['denseUnits', { denseUnits: -3 }],
    ['dropoutRate', { dropoutRate: 1 }],
    ['dropoutRate', { dropoutRate: -0.1 }],
    ['dropoutRate', { dropoutRate: Number.NaN }],
    ['numClasses', { numClasses: 1 }],
    ['numClasses', { numClasses: 2.5 }],
    ['inputShape', { inputShape: [] }],
    ['inputShape', { inputShape: [784] }],
    ['inputShape', { inputShape: [28, 28, 1, 1] }],
    ['inputShape', { inputShape: [28, 0] }],
    ['seed', { seed: 0.5 }],
    ['seed', { seed: 2 ** 53 }],
  ])('rejects a bad %s with a typed error naming option and value: %o', (option, options) => {
    const error = thrown(() => createMnistCnn(options as MnistCnnOptions));
    expect(error).toBeInstanceOf(ModelOptionError);
    expect(error).toBeInstanceOf(ModelError);
    const typed = error as ModelOptionError;
    expect(typed.caller).toBe('createMnistCnn');
    expect(typed.option).toBe(option);
    expect(typed.value).toEqual(Object.values(options)[0]);
    expect(typed.message).toContain(`createMnistCnn: ${option} is `);
    expect(typed.message).toContain(`; use ${typed.allowed}.`);
  });

  it('says what was given and what to use', () => {
    expect(() => createMnistCnn({ kernelSize: -1 })).toThrow(
      `createMnistCnn: kernelSize is -1; use a positive integer such as ${MNIST_CNN_DEFAULTS.kernelSize}.`,
    );
    expect(() => createMnistCnn({ filters: [8, 0] })).toThrow(
      `createMnistCnn: filters is [8, 0]; use an array of 1 to ${MNIST_CNN_MAX_BLOCKS} positive integers, one convolution block each, such as [${MNIST_CNN_DEFAULTS.filters.join(', ')}].`,
    );
    expect(() => createMnistCnn({ inputShape: [784] })).toThrow(
      `createMnistCnn: inputShape is [784]; use [height, width] or [height, width, channels] of positive integers such as [${MNIST_CNN_DEFAULTS.inputShape.join(', ')}].`,
    );
    expect(() => createMnistCnn({ numClasses: 1 })).toThrow(
      'createMnistCnn: numClasses is 1; use an integer of at least 2.',
    );
  });

  it('refuses an input too small for one block, naming inputShape and the smallest that works', () => {
    // Two 5x5 blocks need 16 pixels: 16 -> 12 -> 6 -> 2 -> 1.
    const error = thrown(() =>
      createMnistCnn({ filters: [8, 16], kernelSize: 5, inputShape: [4, 28] }),
    ) as ModelOptionError;
    expect(error).toBeInstanceOf(ModelOptionError);
    expect(error.option).toBe('inputShape');
    expect(error.value).toEqual([4, 28]);
    expect(error.message).toBe(
      "createMnistCnn: inputShape is [4, 28]; use a height and width of at least 16 for 2 blocks of kernelSize 5 (each block's 5x5 convolution takes 4 pixels off height and width, its pooling halves them), or a smaller kernelSize or fewer filters entries.",
    );
    // The smallest size it names is accepted; one pixel less is not.
    const model = createMnistCnn({ filters: [8, 16], kernelSize: 5, inputShape: [16, 16] });
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    expect(model.getLayer('pool2').outputShape).toEqual([null, 1, 1, 16]);
    model.dispose();
    expect(
      thrown(() => createMnistCnn({ filters: [8, 16], kernelSize: 5, inputShape: [16, 15] })),
    ).toBeInstanceOf(ModelOptionError);
    // A kernel larger than the image leaves nothing for the first block.
    expect((thrown(() => createMnistCnn({ kernelSize: 29 })) as ModelOptionError).option).toBe(
      'inputShape',
    );
  });

  it('refuses more blocks than the input allows, naming filters and how many fit', () => {
    // 28 with 5x5 kernels: 28 -> 24 -> 12 -> 8 -> 4 -> 0; two blocks fit.
    const error = thrown(() =>
      createMnistCnn({ filters: [8, 16, 32], kernelSize: 5, inputShape: [28, 28] }),
    ) as ModelOptionError;
    expect(error).toBeInstanceOf(ModelOptionError);
    expect(error.option).toBe('filters');
    expect(error.value).toEqual([8, 16, 32]);
    expect(error.message).toBe(
      "createMnistCnn: filters is [8, 16, 32]; use at most 2 entries for inputShape [28, 28] (each block's 5x5 convolution takes 4 pixels off height and width, its pooling halves them), or a smaller kernelSize or a larger inputShape.",
    );
    // With 3x3 kernels three blocks fit: 28 -> 26 -> 13 -> 11 -> 5 -> 3 -> 1.
    const model = createMnistCnn({ filters: [8, 16, 32], kernelSize: 3, inputShape: [28, 28] });
    expect(model.getLayer('pool3').outputShape).toEqual([null, 1, 1, 32]);
    model.dispose();
  });
});
