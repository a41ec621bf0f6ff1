import {
  maxTrainBatchSize,
  trainStepBytesPerExample,
  trainStepMemoryBudget,
} from '@mnist-wasm/trainer';
import type * as tfl from '@tensorflow/tfjs-layers';
import { UsageError } from './errors';
import type { ModelKind } from './options';

/**
 * Refuses a `--batch-size` larger than the model can train with (`maxTrainBatchSize` of
 * `@mnist-wasm/trainer`: what a step's per-example memory allows), before any data is loaded.
 * The flag's own range (up to 65,536) suits the MLP; the convnet's feature maps bound it far
 * lower.
 *
 * @param model - The model the run will train, as built for `kind`.
 * @param kind - `--model`, for the message.
 * @param batchSize - `--batch-size`.
 * @throws UsageError naming --batch-size, the model's bound and what to do.
 */
export function checkBatchSizeFlag(
  model: tfl.LayersModel,
  kind: ModelKind,
  batchSize: number,
): void {
  const bound = maxTrainBatchSize(model);
  if (batchSize <= bound) return;
  const perExample = Math.ceil(trainStepBytesPerExample(model) / 1024).toLocaleString('en-US');
  const most = bound.toLocaleString('en-US');
  throw new UsageError(
    `--batch-size ${batchSize} is more than --model ${kind} can train with: at most ${most} ` +
      `(a training step holds about ${perExample} KiB per example, and the trainer gives a step at most ${trainStepMemoryBudget / 2 ** 20} MiB); ` +
      `give --batch-size ${bound} or less.`,
  );
}
