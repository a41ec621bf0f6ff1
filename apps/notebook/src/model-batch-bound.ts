import { trainBatchBound } from '@mnist-wasm/trainer';
import type * as tfl from '@tensorflow/tfjs-layers';
import { UsageError } from './errors';
import type { ModelKind } from './options';

/**
 * Refuses a `--batch-size` larger than the model can train with (`trainBatchBound` of
 * `@mnist-wasm/trainer`, which owns the limit: what a step's per-example memory allows), before any data is loaded.
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
  const { maxBatchSize, kibPerExample, budgetMib } = trainBatchBound(model);
  if (batchSize <= maxBatchSize) return;
  const format = (n: number) => n.toLocaleString('en-US');
  throw new UsageError(
    `--batch-size ${batchSize} is more than --model ${kind} can train with: at most ${format(maxBatchSize)} ` +
      `(a training step holds about ${format(kibPerExample)} KiB per example, and the trainer gives a step at most ${budgetMib} MiB); ` +
      `give --batch-size ${maxBatchSize} or less.`,
  );
}
