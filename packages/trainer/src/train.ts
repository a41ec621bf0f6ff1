import { AdamUpdate } from '@mnist-wasm/backend';
import { checkExamples, type Examples, exampleSize, gatherBatch, range } from '@mnist-wasm/dataset';
import { evaluate } from '@mnist-wasm/evaluator';
import { type ClassifierSignature, classifierSignature, planModel } from '@mnist-wasm/model';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { augmentBatch, augmentImageSize, createAugmentScratch, type ImageSize } from './augment';
import { checkBatchFits } from './batch-memory';
import type { EpochLogs } from './callbacks';
import { DivergedUpdateError, NonFiniteLossError, type UpdatePoint } from './errors';
import { createEventLoopYielder } from './event-loop-yield';
import { allFinite } from './finite-checks';
import { FusedAdam } from './fused-adam';
import type { TrainHistory } from './history';
import { type ResolvedTrainOptions, resolveTrainOptions, type TrainOptions } from './options';
import { ParallelTrainStep } from './parallel/parallel-train-step';
import { chooseThreads } from './parallel/thread-choice';
import { SeededRandom, shuffleInPlace } from './random';
import { createTrainStep, type StepBatch } from './train-step';
import { lockForTraining } from './training-lock';
import { createUpdateRollback, type UpdateRollback } from './update-rollback';
import { splitForValidation } from './validation-split';

/** What {@link train} returns. */
export interface TrainResult {
  /** Per-epoch metrics, and whether training was aborted. */
  history: TrainHistory;
  /** The optimizer that updated the model (the default Adam, or `options.optimizer`): pass it to a
   * later `train` to continue with its state; `dispose()` it when done. */
  optimizer: tf.Optimizer;
  /**
   * Which training step ran: `'plan'`, the model's plan (`planModel` of `@mnist-wasm/model`: each
   * layer's forward and backward on this project's kernels), or `'tape'`, `tf.variableGrads` over
   * the model's layers, for a model or backend the plan does not cover.
   */
  step: 'plan' | 'tape';
  /** Why the model trained on the tape (the layer or kernel the plan lacks); null on the plan. */
  planRefusal: string | null;
  /** Threads the run trained on (see `TrainOptions.threads`): 1 unless more were asked for. */
  threads: number;
  /** Why the run trained on one thread although more were asked for; else null. */
  threadRefusal: string | null;
}

/**
 * Trains `model` on `data` in place, like the Keras notebook's `compile` + `fit`: Adam (0.001,
 * 0.9, 0.999, epsilon 1e-7), sparse softmax cross-entropy from logits, accuracy, batch size 32,
 * 5 epochs, reshuffled every epoch.
 *
 * Features stay in their own arrays; each batch is copied (uint8 features scaled by 1/255) into
 * reused float32 buffers, or, for models the plan covers, straight into the backend's memory as bytes that
 * become floats there (`tensorFromByteRows`), so the training set never exists as floats. Dropout layers of
 * Sequential models use masks from the seeded PRNG, so `seed` plus the initial weights determine
 * the run.
 *
 * @param model - A tfjs-layers classifier: one input taking examples of `data.shape` (or any shape
 *   of as many values, e.g. `[784]` for `[28, 28]`: each batch is reshaped to the model's input),
 *   one output of class logits `[batch, classes]` (no softmax). Its weights are updated.
 * @param data - Labelled examples, e.g. an MNIST split or {@link createExamples} of your own
 *   features: uint8 (scaled to [0, 1]) or float32 features, labels in `[0, numClasses)`.
 * @param options - See {@link TrainOptions}; every default is the notebook's.
 * @returns The history (loss, accuracy and validation metrics per epoch) and the optimizer.
 * @throws TrainerOptionError for an option outside its allowed values (named in the message),
 *   among them a `batchSize` larger than `maxTrainBatchSize(model)`.
 * @throws ExamplesError (from `@mnist-wasm/dataset`) when the data or `validationData` do not
 *   hold together or do not fit the model (shape, label range, lengths).
 * @throws UnsupportedModelError (from `@mnist-wasm/model`) for a model with several inputs or
 *   outputs or an output that is not `[batch, classes]`.
 * @throws DivergedUpdateError (a NonFiniteLossError) when an update made the weights diverge:
 *   they are not finite, or the next batch's loss (or logits, or ReLU pre-activations) is not.
 *   That update is undone first, so the model keeps the last finite weights; the error names the
 *   epoch and step of the update. No update ever leaves non-finite weights in the model.
 * @throws NonFiniteLossError when the first step's loss is not finite (the initial weights or
 *   data are), with its epoch and step; nothing was updated.
 * @throws ConcurrentTrainingError when another `train` call is still training `model`; the model
 *   is held from the call's start until it returns or throws (an abort included).
 *
 * @example
 * ```ts
 * import { loadMnist } from '@mnist-wasm/dataset/node';
 * import { createMnistMlp } from '@mnist-wasm/model';
 * import { train } from '@mnist-wasm/trainer';
 *
 * const { train: trainSplit, test } = await loadMnist();
 * const model = createMnistMlp();
 * const { history } = await train(model, trainSplit, {
 *   validationData: test,
 *   callbacks: { onEpochEnd: (epoch, logs) => console.log(epoch, logs) },
 * });
 * history.accuracy; // e.g. [0.91, 0.95, 0.96, 0.97, 0.97]
 * ```
 */
export async function train(
  model: LayersModel,
  data: Examples,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const resolved = resolveTrainOptions(options);
  const signature = classifierSignature(model, 'train');
  checkBatchFits(model, 'batchSize', resolved.batchSize);
  checkExamples(data, { caller: 'train', name: 'data', model: signature, labelled: true });
  let trainData = data;
  let validation = resolved.validationData;
  if (validation != null || resolved.validationSplit > 0) {
    checkBatchFits(model, 'validationBatchSize', resolved.validationBatchSize);
  }
  if (validation != null) {
    checkExamples(validation, {
      caller: 'train',
      name: 'validationData',
      model: signature,
      labelled: true,
    });
  } else if (resolved.validationSplit > 0) {
    ({ train: trainData, validation } = splitForValidation(data, resolved.validationSplit));
  }
  const imageSize =
    resolved.augment && augmentImageSize(options.augment, data.shape, signature.inputShape);

  const unlock = lockForTraining(model, 'train');
  try {
    const ownsOptimizer = resolved.optimizer == null;
    const optimizer = resolved.optimizer ?? defaultAdam(resolved.learningRate);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const rollback = createUpdateRollback(optimizer, variables);
    try {
      return await runEpochs({
        model,
        trainData,
        validation,
        signature,
        resolved,
        optimizer,
        rollback,
        variables,
        imageSize: imageSize || null,
      });
    } catch (error) {
      // The caller never sees an optimizer we made when training fails, so free its variables here.
      if (ownsOptimizer) optimizer.dispose();
      throw error;
    } finally {
      rollback.release();
    }
  } finally {
    unlock();
  }
}

/** What {@link runEpochs} works with: checked data and options, the model locked. */
interface TrainingRun {
  model: LayersModel;
  trainData: Examples;
  validation: Examples | null;
  signature: ClassifierSignature;
  resolved: ResolvedTrainOptions;
  optimizer: tf.Optimizer;
  /** Undoes the last update when a later check shows it diverged. */
  rollback: UpdateRollback;
  /** The model's trainable variables, which the optimizer updates. */
  variables: readonly tf.Variable[];
  /** The image size of the training examples when `resolved.augment` is on. */
  imageSize: ImageSize | null;
}

/**
 * The epochs of {@link train}. Every update is checked before the next one is made (by the next
 * step's forward pass, or by a check of the weights after an epoch's last step and on abort); one
 * that diverged is undone through `rollback` and reported with a DivergedUpdateError.
 */
async function runEpochs(run: TrainingRun): Promise<TrainResult> {
  const { model, trainData, validation, signature, resolved, optimizer, rollback, variables } = run;
  const { epochs, batchSize, callbacks, signal, augment } = resolved;
  const history: TrainHistory = {
    loss: [],
    accuracy: [],
    valLoss: [],
    valAccuracy: [],
    aborted: null,
  };
  const random = new SeededRandom(resolved.seed);
  const shuffleRandom = random.fork();
  const step = createTrainStep(model, {
    optimizer,
    random: random.fork(),
    signature,
    beforeUpdate: rollback.beforeUpdate,
  });
  const stepReport = {
    step: step.kind,
    planRefusal: step.refusal,
    threads: 1,
    threadRefusal: null as string | null,
  };
  // Augmentation draws from a third stream, forked only when it is on: the shuffling and dropout
  // streams above are the same with and without it.
  const augmentRandom = augment != null ? random.fork() : null;
  const augmentScratch = createAugmentScratch();
  const order = range(0, trainData.count);
  const steps = Math.ceil(trainData.count / batchSize);
  // Never more rows than the data has, whatever the batch size.
  const rows = Math.min(batchSize, trainData.count);
  const buffers = {
    features: new Float32Array(rows * exampleSize(trainData.shape)),
    labels: new Int32Array(rows),
  };
  const maybeYield = createEventLoopYielder(resolved.yieldEveryMs);
  // Uint8 examples the step turns into floats itself (in the WASM heap), unless augmentation
  // distorts them as floats first.
  const bytes = trainData.features instanceof Uint8Array ? trainData.features : null;
  const byteRows = step.kind === 'plan' && augmentRandom == null && bytes !== null;
  /** The last update applied in this call: the one a non-finite value seen next is blamed on. */
  let lastUpdate: UpdatePoint | null = null;
  /** The error for a non-finite value seen after `lastUpdate` (undone here), or before any update. */
  const divergence = (epoch: number, step: number, loss: number): NonFiniteLossError =>
    lastUpdate !== null && undoLastUpdate()
      ? new DivergedUpdateError(lastUpdate.epoch, lastUpdate.step, loss, rollback.restoresOptimizer)
      : new NonFiniteLossError(epoch, step, loss);
  /**
   * Checks the weights after the last step that ran, which no later forward pass has checked.
   * `lastUpdate` stays: the next step's loss may still show that update diverged.
   */
  const checkLastUpdate = (epoch: number, step: number) => {
    if (lastUpdate !== null && !allFinite(variables)) throw divergence(epoch, step, Number.NaN);
  };
  const parallel = await startThreads(run, stepReport, byteRows && bytes !== null ? bytes : null);
  // On several threads the threads update the weights, not the optimizer: they undo it too.
  function undoLastUpdate(): boolean {
    return parallel !== null ? parallel.undoLastUpdate() : rollback.undo();
  }

  try {
    if (signal?.aborted) {
      history.aborted = { epoch: 0, step: -1 };
      return { history, optimizer, ...stepReport };
    }
    for (let epoch = 0; epoch < epochs; epoch++) {
      await callbacks.onEpochBegin?.(epoch, { epochs, steps });
      if (signal?.aborted) {
        history.aborted = { epoch, step: -1 };
        break;
      }
      if (resolved.shuffle) shuffleInPlace(order, shuffleRandom);
      const started = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let s = 0; s < steps; s++) {
        const indices = order.subarray(s * batchSize, Math.min((s + 1) * batchSize, order.length));
        let batch: StepBatch = byteRows
          ? { ...gatherLabels(trainData, indices, buffers.labels), byteRows: { bytes, indices } }
          : gatherBatch(trainData, indices, buffers);
        if (augmentRandom != null && augment != null && run.imageSize != null) {
          // Distorted in place, so only ever in the trainer's own copy in `buffers`, not the data.
          if (batch.features.buffer !== buffers.features.buffer) {
            const features = buffers.features.subarray(0, batch.features.length);
            features.set(batch.features);
            batch = { ...batch, features };
          }
          const { height, width } = run.imageSize;
          augmentBatch(
            batch.features,
            batch.size,
            height,
            width,
            augmentRandom,
            augment,
            augmentScratch,
          );
        }
        const stats = parallel !== null ? await parallel.run(batch) : step.run(batch);
        if (!Number.isFinite(stats.loss)) throw divergence(epoch, s, stats.loss);
        lastUpdate = { epoch, step: s };
        lossSum += stats.loss * batch.size;
        correct += stats.correct;
        seen += batch.size;
        await callbacks.onBatchEnd?.({
          epoch,
          step: s,
          steps,
          loss: lossSum / seen,
          accuracy: correct / seen,
          batchLoss: stats.loss,
          batchAccuracy: stats.correct / batch.size,
          batchSize: batch.size,
          msPerStep: (performance.now() - started) / (s + 1),
        });
        if (signal?.aborted) {
          history.aborted = { epoch, step: s };
          break;
        }
        const pause = maybeYield();
        if (pause) await pause;
      }
      // The epoch's last update is checked before validation or the callbacks see the weights.
      checkLastUpdate(epoch, steps);
      if (history.aborted) break;

      const logs: EpochLogs = { loss: lossSum / seen, accuracy: correct / seen };
      history.loss.push(logs.loss);
      history.accuracy.push(logs.accuracy);
      if (validation != null) {
        const result = await evaluate(model, validation, {
          batchSize: resolved.validationBatchSize,
        });
        logs.valLoss = result.loss;
        logs.valAccuracy = result.accuracy;
        history.valLoss.push(result.loss);
        history.valAccuracy.push(result.accuracy);
      }
      await callbacks.onEpochEnd?.(epoch, logs);
    }
  } catch (error) {
    // A callback threw after an update that no check has seen: no non-finite weights are left
    // behind whatever stopped training (the callback's error is the one reported).
    if (!(error instanceof NonFiniteLossError) && lastUpdate !== null) {
      const finite = (() => {
        try {
          return allFinite(variables);
        } catch {
          return true;
        }
      })();
      if (!finite) undoLastUpdate();
    }
    throw error;
  } finally {
    await parallel?.close();
  }
  return { history, optimizer, ...stepReport };
}

/**
 * The data-parallel step of `run` when it trains on more than one thread (`stepReport` then
 * says how many, or why one): its helpers started and ready. Null on one thread, or when the
 * signal aborted while the helpers started.
 */
async function startThreads(
  run: TrainingRun,
  stepReport: {
    step: 'plan' | 'tape';
    planRefusal: string | null;
    threads: number;
    threadRefusal: string | null;
  },
  bytes: Uint8Array | null,
): Promise<ParallelTrainStep | null> {
  const { resolved, trainData } = run;
  const choice = chooseThreads({
    requested: resolved.threads,
    step: stepReport.step,
    planRefusal: stepReport.planRefusal,
    augment: resolved.augment != null,
    givenOptimizer: resolved.optimizer != null,
    fusedAdam: run.optimizer instanceof FusedAdam,
    byteRows: bytes !== null,
    batchSize: resolved.batchSize,
    count: trainData.count,
  });
  stepReport.threadRefusal = choice.refusal;
  const { plan } = planModel(run.model);
  const { optimizer } = run;
  const { spawnThread } = resolved;
  if (choice.threads === 1 || plan === null || bytes === null || spawnThread === null) return null;
  if (!(optimizer instanceof FusedAdam)) return null;
  const parallel = await ParallelTrainStep.start({
    model: run.model,
    plan,
    signature: run.signature,
    optimizer,
    seed: resolved.seed,
    threads: choice.threads,
    maxBatch: Math.min(resolved.batchSize, trainData.count),
    bytes: bytes.subarray(0, trainData.count * exampleSize(trainData.shape)),
    labels: trainData.labels,
    spawn: spawnThread,
    beforeUpdate: run.rollback.beforeUpdate,
    ...(resolved.signal != null && { signal: resolved.signal }),
  });
  // Null: the signal aborted while the threads started; the run returns before its first step.
  if (parallel !== null) stepReport.threads = parallel.threads;
  return parallel;
}

/**
 * Keras's Adam(lr, 0.9, 0.999, 1e-7): fused into one kernel per step on 'wasm' (where
 * `initWasmBackend` registered it), `tf.train.adam` on any other backend.
 */
function defaultAdam(learningRate: number): tf.Optimizer {
  if (tf.getBackend() === 'wasm' && tf.getKernel(AdamUpdate, 'wasm') !== undefined) {
    return new FusedAdam({ learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  }
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

/** The labels of the examples at `indices`, as a batch whose features are not gathered. */
function gatherLabels(data: Examples, indices: Int32Array, labels: Int32Array): StepBatch {
  const size = indices.length;
  const out = labels.subarray(0, size);
  for (let i = 0; i < size; i++) out[i] = data.labels[indices[i]!]!;
  return { features: new Float32Array(0), labels: out, size };
}
