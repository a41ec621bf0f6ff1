import type { Examples } from '@mnist-wasm/dataset';
import { type BatchEndInfo, type TrainHistory, type TrainResult, train } from '@mnist-wasm/trainer';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cellHeading } from '../format';
import type { NotebookOutput } from '../notebook-output';
import type { NotebookOptions } from '../options';

/**
 * In [5]: `model.fit(x_train, y_train, epochs=5)` with the notebook's `compile` (Adam, sparse
 * cross-entropy from logits, accuracy), drawing each epoch's progress. With `augment`, every
 * batch gets the trainer's seeded random affine transforms (its defaults), which makes the model
 * hold up on digits that are not laid out exactly like MNIST's.
 *
 * @returns The history, the wall-clock training time, which step trained (`'plan'` or `'tape'`)
 *   and why not the plan.
 */
export async function fitModel(
  model: tfl.LayersModel,
  examples: Examples,
  options: Pick<NotebookOptions, 'epochs' | 'batchSize' | 'seed' | 'augment'>,
  { print, progress }: NotebookOutput,
  onBatchEnd?: (batch: BatchEndInfo) => void,
): Promise<{ history: TrainHistory; trainMs: number } & Pick<TrainResult, 'step' | 'planRefusal'>> {
  const augmented = options.augment ? ', with augmentation' : '';
  print(cellHeading(5, `model.fit(x_train, y_train, epochs=${options.epochs})${augmented}`));
  const start = performance.now();
  let epochStart = 0;
  let lastBatch: BatchEndInfo | undefined;
  const { history, optimizer, step, planRefusal } = await train(model, examples, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: options.seed,
    ...(options.augment && { augment: {} }),
    callbacks: {
      onEpochBegin: (epoch, { epochs, steps }) => {
        epochStart = performance.now();
        progress.start(epoch, epochs, steps);
      },
      onBatchEnd: (batch) => {
        lastBatch = batch;
        progress.update(batch);
        onBatchEnd?.(batch);
      },
      onEpochEnd: () => {
        if (lastBatch) progress.stop(lastBatch, performance.now() - epochStart);
      },
    },
  });
  const trainMs = performance.now() - start;
  optimizer.dispose();
  return { history, trainMs, step, planRefusal };
}
