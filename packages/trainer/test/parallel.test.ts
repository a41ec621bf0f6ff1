import { type MnistSplit, sliceExamples } from '@mnist-wasm/dataset';
import { classifierSignature, createMnistCnn, createMnistMlp, planModel } from '@mnist-wasm/model';
import { weightValues } from '@mnist-wasm/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chooseThreads,
  type SpawnTrainingThread,
  TrainerOptionError,
  TrainingThreadError,
  type TrainOptions,
  train,
} from '../src';
import { FusedAdam } from '../src/fused-adam';
import { spawnNodeTrainingThread } from '../src/node';
import { ParallelTrainStep } from '../src/parallel/parallel-train-step';
import { shareOfBatch } from '../src/parallel/share-of-batch';
import { setupWasmMnist } from './wasm-mnist';

let trainSplit: MnistSplit;

beforeAll(async () => {
  ({ train: trainSplit } = await setupWasmMnist());
});

/** Trains a fresh model of `make` and returns its history and final weights. */
async function run(make: () => LayersModel, options: TrainOptions, count = 320) {
  const model = make();
  try {
    const result = await train(model, sliceExamples(trainSplit, 0, count), {
      epochs: 2,
      seed: 3,
      ...options,
    });
    result.optimizer.dispose();
    return { ...result, weights: weightValues(model) };
  } finally {
    model.dispose();
  }
}

const threads2 = { threads: 2, spawnThread: spawnNodeTrainingThread } as const;

/** What `ParallelTrainStep.start` needs for `model` on `data` (its spawner aside). */
function stepSetup(model: LayersModel, optimizer: FusedAdam, data: MnistSplit, threads = 2) {
  return {
    model,
    plan: planModel(model).plan!,
    signature: classifierSignature(model, 'train'),
    optimizer,
    seed: 3,
    threads,
    maxBatch: 32,
    bytes: data.features as Uint8Array,
    labels: data.labels,
  };
}

describe('shareOfBatch', () => {
  it('splits a batch in contiguous shares in thread order, the first ones one row larger', () => {
    expect([0, 1].map((t) => shareOfBatch(32, 2, t))).toEqual([
      { start: 0, size: 16 },
      { start: 16, size: 16 },
    ]);
    expect([0, 1, 2].map((t) => shareOfBatch(32, 3, t))).toEqual([
      { start: 0, size: 11 },
      { start: 11, size: 11 },
      { start: 22, size: 10 },
    ]);
    expect([0, 1, 2, 3].map((t) => shareOfBatch(2, 4, t).size)).toEqual([1, 1, 0, 0]);
  });
});

describe('train on threads', () => {
  it("2 threads give 1 thread's history within float tolerance, and the same numbers twice", async () => {
    const one = await run(() => createMnistMlp({ seed: 5 }), {});
    const two = await run(() => createMnistMlp({ seed: 5 }), threads2);
    const again = await run(() => createMnistMlp({ seed: 5 }), threads2);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.threadRefusal).toBeNull();
    expect(again.history).toEqual(two.history);
    expect(again.weights).toEqual(two.weights);
    for (const [i, loss] of one.history.loss.entries()) {
      expect(two.history.loss[i]).toBeCloseTo(loss, 5);
      expect(two.history.accuracy[i]).toBeCloseTo(one.history.accuracy[i]!, 5);
    }
    for (const [i, values] of one.weights.entries()) {
      const other = two.weights[i]!;
      let worst = 0;
      for (let k = 0; k < values.length; k++)
        worst = Math.max(worst, Math.abs(values[k]! - other[k]!));
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it("keeps the helper's weights identical to the caller's, to the bit (convnet, uneven shares)", async () => {
    // The helper posts its final weights when it stops (the test-only reportWeights).
    let helperWeights: Float32Array[] | undefined;
    const reporting: SpawnTrainingThread = (init, events) =>
      spawnNodeTrainingThread(
        { ...init, reportWeights: true },
        {
          ...events,
          message: (reply) => {
            if (reply.kind === 'stopped') helperWeights = reply.weights;
            events.message(reply);
          },
        },
      );
    const model = createMnistCnn({ seed: 2 });
    try {
      const result = await train(model, sliceExamples(trainSplit, 0, 99), {
        epochs: 1,
        batchSize: 33,
        seed: 4,
        threads: 2,
        spawnThread: reporting,
      });
      result.optimizer.dispose();
      expect(result.threads).toBe(2);
      expect(result.history.loss[0]).toBeGreaterThan(0);
      expect(helperWeights).toEqual(weightValues(model));
    } finally {
      model.dispose();
    }
  });

  it('stops every thread when the signal aborts, after the current step', async () => {
    const controller = new AbortController();
    const result = await run(() => createMnistMlp({ seed: 5 }), {
      ...threads2,
      signal: controller.signal,
      callbacks: { onBatchEnd: ({ step }) => (step === 2 ? controller.abort() : undefined) },
    });
    expect(result.history.aborted).toEqual({ epoch: 0, step: 2 });
    expect(result.threads).toBe(2);
  });

  it('ends the run with a TrainingThreadError naming the thread that died, no tensor leaked', async () => {
    const dying: SpawnTrainingThread = (init, events) =>
      spawnNodeTrainingThread({ ...init, killAtStep: 3 }, events);
    const model = createMnistMlp({ seed: 5 });
    const before = tf.memory().numTensors;
    try {
      const error = await train(model, sliceExamples(trainSplit, 0, 320), {
        epochs: 1,
        seed: 3,
        threads: 2,
        spawnThread: dying,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrainingThreadError);
      expect((error as TrainingThreadError).thread).toBe(1);
      expect((error as Error).message).toMatch(/training thread 1 of 2 ended \(exit code 70\)/);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });

  it('ends the run with a TrainingThreadError when a thread throws, at start or mid-run', async () => {
    // A thread that cannot build the model fails at start.
    const broken: SpawnTrainingThread = (init, events) =>
      spawnNodeTrainingThread({ ...init, modelTopology: { nonsense: true } }, events);
    // A thread whose labels are out of range throws at its first step (the loss refuses them):
    // the error reaches the caller through the shared memory, at the barrier.
    const badLabels: SpawnTrainingThread = (init, events) => {
      const labels = new Int32Array(new SharedArrayBuffer(init.examples.labels.length * 4));
      labels.fill(99);
      return spawnNodeTrainingThread({ ...init, examples: { ...init.examples, labels } }, events);
    };
    for (const [spawn, pattern] of [
      [broken, /training thread 1 of 2 failed: /],
      [badLabels, /training thread 1 of 2 failed: TensorShapeError: .*labels\[0\] is 99/],
    ] as const) {
      const model = createMnistMlp({ seed: 5 });
      const before = tf.memory().numTensors;
      try {
        const error = await train(model, sliceExamples(trainSplit, 0, 128), {
          epochs: 1,
          seed: 3,
          threads: 2,
          spawnThread: spawn,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TrainingThreadError);
        expect((error as Error).message).toMatch(pattern);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        model.dispose();
      }
    }
  });

  it('ends the run with a TrainingThreadError when a thread goes silent (a browser reports no end)', async () => {
    // Ready, then nothing: no arrival, no heartbeat, no exit event, as a page's worker the browser
    // ended without a word.
    const silent: SpawnTrainingThread = (_init, events) => {
      setTimeout(() => events.message({ kind: 'ready' }), 0);
      return { terminate: () => Promise.resolve() };
    };
    const model = createMnistMlp({ seed: 5 });
    const optimizer = new FusedAdam({ learningRate: 0.001 });
    const data = sliceExamples(trainSplit, 0, 64);
    const before = tf.memory().numTensors;
    try {
      const step = (await ParallelTrainStep.start({
        ...stepSetup(model, optimizer, data),
        spawn: silent,
        stallMs: 300,
      }))!;
      const indices = Int32Array.from({ length: 32 }, (_, i) => i);
      const batch = { features: new Float32Array(0), labels: new Int32Array(32), size: 32 };
      const error = await step
        .run({ ...batch, byteRows: { bytes: data.features as Uint8Array, indices } })
        .catch((e: unknown) => e);
      await step.close();
      expect(error).toBeInstanceOf(TrainingThreadError);
      expect((error as Error).message).toMatch(/training thread 1 of 2 stopped responding/);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  });

  it('fails to start with a TrainingThreadError when a thread never answers, or cannot be spawned', async () => {
    const terminated: number[] = [];
    const mute: SpawnTrainingThread = (init) => ({
      terminate: () => {
        terminated.push(init.index);
        return Promise.resolve();
      },
    });
    // A spawner that throws for thread 2 (a page where a worker cannot start workers).
    const throwing: SpawnTrainingThread = (init, events) => {
      if (init.index === 2) throw new ReferenceError('Worker is not defined');
      return mute(init, events);
    };
    for (const [spawn, pattern] of [
      [mute, /training thread 1 of 3 did not start within 0\.3 s/],
      [
        throwing,
        /training thread 2 of 3 could not be started \(ReferenceError: Worker is not defined\)/,
      ],
    ] as const) {
      terminated.length = 0;
      const model = createMnistMlp({ seed: 5 });
      const optimizer = new FusedAdam({ learningRate: 0.001 });
      const before = tf.memory().numTensors;
      try {
        const error = await ParallelTrainStep.start({
          ...stepSetup(model, optimizer, sliceExamples(trainSplit, 0, 64), 3),
          spawn,
          startTimeoutMs: 300,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TrainingThreadError);
        expect((error as Error).message).toMatch(pattern);
        // Every thread spawned is ended.
        expect(terminated).toEqual(spawn === mute ? [1, 2] : [1]);
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        optimizer.dispose();
        model.dispose();
      }
    }
  });

  it('returns an aborted run when the signal aborts while the threads start, ending them', async () => {
    let ended = 0;
    const mute: SpawnTrainingThread = () => ({
      terminate: () => {
        ended++;
        return Promise.resolve();
      },
    });
    const model = createMnistMlp({ seed: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    try {
      const result = await train(model, sliceExamples(trainSplit, 0, 128), {
        epochs: 1,
        seed: 3,
        threads: 2,
        spawnThread: mute,
        signal: controller.signal,
      });
      result.optimizer.dispose();
      expect(result.history.aborted).toEqual({ epoch: 0, step: -1 });
      expect(result.history.loss).toEqual([]);
      expect(ended).toBe(1);
    } finally {
      model.dispose();
    }
  });

  it('leaks no tensor in the calling thread over a run', async () => {
    const model = createMnistMlp({ seed: 5 });
    const before = tf.memory().numTensors;
    const { optimizer } = await train(model, sliceExamples(trainSplit, 0, 128), {
      epochs: 1,
      seed: 3,
      ...threads2,
    });
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses threads > 1 without spawnThread, and says why a run keeps one thread', async () => {
    const model = createMnistMlp({ seed: 5 });
    await expect(train(model, sliceExamples(trainSplit, 0, 64), { threads: 2 })).rejects.toThrow(
      TrainerOptionError,
    );
    model.dispose();
    const augmented = await run(
      () => createMnistMlp({ seed: 5 }),
      { ...threads2, epochs: 1, augment: {} },
      64,
    );
    expect(augmented.threads).toBe(1);
    expect(augmented.threadRefusal).toMatch(/augmentation/);
    const facts = {
      requested: 4,
      step: 'plan' as const,
      planRefusal: null,
      augment: false,
      givenOptimizer: false,
      fusedAdam: true,
      byteRows: true,
      batchSize: 3,
      count: 100,
    };
    expect(chooseThreads(facts)).toEqual({ threads: 3, refusal: null });
    expect(chooseThreads({ ...facts, step: 'tape', planRefusal: 'x' }).refusal).toMatch(
      /tape \(x\)/,
    );
    expect(chooseThreads({ ...facts, batchSize: 1 }).threads).toBe(1);
  });
});
