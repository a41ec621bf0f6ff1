import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { createMnistMlp } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DivergedUpdateError, FusedAdam, NonFiniteLossError, train } from '../src';
import { setupWasmMnist } from './wasm-mnist';

let trainSplit: MnistSplit;

beforeAll(async () => {
  ({ train: trainSplit } = await setupWasmMnist());
});

/** Whether every weight of `model` is finite. */
function allWeightsFinite(model: tfl.LayersModel): boolean {
  return weightValues(model).every((values) => values.every(Number.isFinite));
}

/** What `run` rejects with (fails the test if it resolves). */
async function rejection(run: Promise<unknown>): Promise<Error> {
  return run.then(
    () => {
      throw new Error('expected train to throw');
    },
    (error: unknown) => error as Error,
  );
}

describe('train undoes an update that makes the weights diverge', () => {
  for (const learningRate of [1e30, 1e300]) {
    it(`keeps the initial weights when step 0's update diverges (learning rate ${learningRate})`, async () => {
      const model = createMnistMlp({ seed: 4 });
      const initial = weightValues(model);
      const before = tf.memory().numTensors;
      const error = await rejection(
        train(model, sliceExamples(trainSplit, 0, 640), { epochs: 2, seed: 1, learningRate }),
      );
      // Before the fix: a NonFiniteLossError at step 1 with step 0's update kept (non-finite weights).
      expect(error).toBeInstanceOf(DivergedUpdateError);
      expect(error).toBeInstanceOf(NonFiniteLossError);
      expect(error).toMatchObject({ epoch: 0, step: 0, optimizerRestored: true });
      expect(error.message).toMatch(/^train: the update of epoch 0, step 0 diverged/);
      expect(error.message).toMatch(/Lower the learning rate/);
      expect(allWeightsFinite(model)).toBe(true);
      expect(weightValues(model)).toEqual(initial);
      // The default optimizer is freed on error, and nothing the rollback held is left.
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }

  it('restores the weights from before a later diverging update, with any optimizer', async () => {
    const model = createMnistMlp({ seed: 5 });
    const optimizer = tf.train.sgd(0.01);
    let afterStep2: Float32Array[] = [];
    const before = tf.memory().numTensors;
    const error = await rejection(
      train(model, sliceExamples(trainSplit, 0, 640), {
        epochs: 1,
        seed: 1,
        optimizer,
        callbacks: {
          onBatchEnd: ({ step }) => {
            if (step !== 2) return;
            // Step 3's update is the one that diverges.
            afterStep2 = weightValues(model);
            optimizer.setLearningRate(1e300);
          },
        },
      }),
    );
    expect(error).toBeInstanceOf(DivergedUpdateError);
    expect(error).toMatchObject({ epoch: 0, step: 3, optimizerRestored: false });
    expect(error.message).toMatch(/The optimizer's state was not rolled back/);
    expect(allWeightsFinite(model)).toBe(true);
    expect(weightValues(model)).toEqual(afterStep2);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });

  it("restores a FusedAdam's step count and moments with the weights", async () => {
    const model = createMnistMlp({ seed: 6 });
    const data = sliceExamples(trainSplit, 0, 320);
    const good = new FusedAdam({ learningRate: 0.001 });
    await train(model, data, { epochs: 1, seed: 1, optimizer: good });
    const diverging = new FusedAdam({ learningRate: 1e300 });
    await diverging.setWeights(await good.getWeights());
    good.dispose();
    const state = async () =>
      (await diverging.getWeights()).map(({ name, tensor }) => ({
        name,
        values: Array.from(tensor.dataSync()),
      }));
    const stateBefore = await state();
    const weightsBefore = weightValues(model);
    const tensorsBefore = tf.memory().numTensors;
    const error = await rejection(train(model, data, { epochs: 1, seed: 2, optimizer: diverging }));
    expect(error).toMatchObject({ epoch: 0, step: 0, optimizerRestored: true });
    expect(diverging.iterations).toBe(10);
    expect(await state()).toEqual(stateBefore);
    expect(weightValues(model)).toEqual(weightsBefore);
    // getWeights made a scalar for the step count each time; nothing else was added.
    expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
    diverging.dispose();
    model.dispose();
  });

  it("checks the last step's update, which no later step's loss shows", async () => {
    const model = createMnistMlp({ seed: 7 });
    const initial = weightValues(model);
    // One step per epoch, one epoch: the weights are checked after it.
    const error = await rejection(
      train(model, sliceExamples(trainSplit, 0, 32), { epochs: 1, seed: 1, learningRate: 1e300 }),
    );
    expect(error).toBeInstanceOf(DivergedUpdateError);
    expect(error).toMatchObject({ epoch: 0, step: 0 });
    expect((error as DivergedUpdateError).loss).toBeNaN();
    expect(weightValues(model)).toEqual(initial);
    model.dispose();
  });

  it('checks the last update before stopping on abort', async () => {
    const model = createMnistMlp({ seed: 8 });
    const initial = weightValues(model);
    const controller = new AbortController();
    const error = await rejection(
      train(model, sliceExamples(trainSplit, 0, 320), {
        epochs: 1,
        seed: 1,
        learningRate: 1e300,
        signal: controller.signal,
        callbacks: { onBatchEnd: () => controller.abort() },
      }),
    );
    expect(error).toMatchObject({ epoch: 0, step: 0 });
    expect(error).toBeInstanceOf(DivergedUpdateError);
    expect(weightValues(model)).toEqual(initial);
    model.dispose();
  });

  it('undoes a diverged update when a callback throws after it', async () => {
    const model = createMnistMlp({ seed: 9 });
    const initial = weightValues(model);
    const error = await rejection(
      train(model, sliceExamples(trainSplit, 0, 320), {
        epochs: 1,
        seed: 1,
        learningRate: 1e300,
        callbacks: {
          onBatchEnd: () => {
            throw new Error('callback failed');
          },
        },
      }),
    );
    // The callback's error is the one reported; the weights it left are not kept.
    expect(error.message).toBe('callback failed');
    expect(weightValues(model)).toEqual(initial);
    model.dispose();
  });

  it('undoes a diverged update on the tape path (a model the plan does not cover)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28] }),
        tfl.layers.dense({
          units: 16,
          activation: 'relu',
          kernelRegularizer: tfl.regularizers.l2({ l2: 1e-4 }),
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
        }),
        tfl.layers.dense({
          units: 10,
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
        }),
      ],
    });
    const initial = weightValues(model);
    const before = tf.memory().numTensors;
    const error = await rejection(
      train(model, sliceExamples(trainSplit, 0, 320), { epochs: 1, seed: 1, learningRate: 1e300 }),
    );
    expect(error).toBeInstanceOf(DivergedUpdateError);
    expect(error).toMatchObject({ epoch: 0, step: 0 });
    expect(weightValues(model)).toEqual(initial);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses weights that ReLU hides from the logits before the first update', async () => {
    const model = createMnistMlp({ seed: 10 });
    // Hidden unit 0 gets -Infinity weights: relu(-Infinity) is 0, so the logits stay finite.
    const hidden = model.layers[1]!;
    const [kernel, bias] = hidden.getWeights();
    const poisoned = tf.tidy(() => {
      const values = kernel!.arraySync() as number[][];
      for (const row of values) row[0] = Number.NEGATIVE_INFINITY;
      return tf.tensor2d(values);
    });
    hidden.setWeights([poisoned, bias!]);
    poisoned.dispose();
    const weights = weightValues(model);
    const error = await rejection(
      train(model, sliceExamples(trainSplit, 0, 64), { epochs: 1, seed: 1 }),
    );
    // Before the fix training went on, and Adam kept the -Infinity weights.
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).not.toBeInstanceOf(DivergedUpdateError);
    expect(error).toMatchObject({ epoch: 0, step: 0 });
    expect(error.message).toMatch(/before any update/);
    expect(weightValues(model)).toEqual(weights);
    model.dispose();
  });

  it('refuses a non-finite weight that only zero pixels meet (the Dense kernels skip zeros)', async () => {
    const model = createMnistMlp({ seed: 11 });
    // Pixel 0 (the top-left corner) is 0 in every MNIST image: its row of the hidden kernel
    // multiplies only zeros, which a product that skips zeros never reads.
    const hidden = model.layers[1]!;
    const [kernel, bias] = hidden.getWeights();
    const poisoned = tf.tidy(() => {
      const values = kernel!.arraySync() as number[][];
      values[0]![3] = Number.NaN;
      return tf.tensor2d(values);
    });
    hidden.setWeights([poisoned, bias!]);
    poisoned.dispose();
    const data = sliceExamples(trainSplit, 0, 64);
    expect(data.features.filter((_, i) => i % 784 === 0).every((pixel) => pixel === 0)).toBe(true);
    const error = await rejection(train(model, data, { epochs: 1, seed: 1 }));
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ epoch: 0, step: 0 });
    expect(error.message).toMatch(/before any update/);
    model.dispose();
  });
});
