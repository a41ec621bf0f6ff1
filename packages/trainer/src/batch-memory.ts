import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TrainerOptionError } from './errors';
import { maxBatchSize } from './options';

/**
 * The memory a training step may take for the tensors that grow with the batch (160 MiB): what
 * bounds each model's batch size in {@link maxTrainBatchSize}. A convnet's feature maps are many
 * times an MLP's activations, so one bound on the count of examples cannot suit both: the
 * 65,536 that suits the MLP would ask a convnet for gigabytes, beyond what the WASM heap can
 * grow to.
 */
export const trainStepMemoryBudget = 160 * 2 ** 20;

/** Layers that only reshape their input: their output shares its data, and so does its gradient. */
const RESHAPING_LAYERS = new Set(['InputLayer', 'Flatten', 'Reshape']);

/**
 * Bytes a training step of `model` holds per example, as float32 values: the input batch (the
 * host copy and the tensor), then for every layer each tensor its forward pass leaves on the
 * gradient tape with the gradient backward computes for it. A layer with weights makes up to three
 * tensors of its output's size (product, bias, activation); a Dropout two (mask and output); a
 * pooling or other layer one; a Flatten or Reshape none of its own.
 *
 * @param model - A built model whose layers have known output shapes (`[null, ...dims]`).
 * @returns Bytes per example, a positive integer.
 */
export function trainStepBytesPerExample(model: LayersModel): number {
  const inputs = model.inputs.reduce((sum, input) => sum + exampleValues(input.shape), 0);
  let values = 2 * inputs;
  for (const layer of model.layers) {
    const shapes = layer.outputShape;
    const outputs = Array.isArray(shapes[0])
      ? (shapes as (number | null)[][]).reduce((sum, shape) => sum + exampleValues(shape), 0)
      : exampleValues(shapes as (number | null)[]);
    values += outputs * 2 * tensorsPerOutput(layer);
  }
  return 4 * Math.max(1, values);
}

/**
 * The largest `batchSize` {@link train} takes for `model`: as many examples as fit a step's
 * per-example memory ({@link trainStepBytesPerExample}) into {@link trainStepMemoryBudget}, and at
 * most {@link maxBatchSize}. The notebook's MLP keeps a bound in the tens of thousands; the
 * convnet of `createMnistCnn` gets about a thousand.
 *
 * @returns A whole number from 1 to 65,536.
 */
export function maxTrainBatchSize(model: LayersModel): number {
  const fit = Math.floor(trainStepMemoryBudget / trainStepBytesPerExample(model));
  return Math.max(1, Math.min(maxBatchSize, fit));
}

/**
 * Refuses a batch size (`batchSize` or `validationBatchSize`) larger than
 * {@link maxTrainBatchSize} of `model`, before any step allocates it.
 *
 * @throws TrainerOptionError naming the option, the model's bound and what to do.
 */
export function checkBatchFits(model: LayersModel, option: string, batchSize: number): void {
  const bound = maxTrainBatchSize(model);
  if (batchSize <= bound) return;
  const perExample = Math.ceil(trainStepBytesPerExample(model) / 1024);
  throw new TrainerOptionError(
    'train',
    option,
    batchSize,
    `an integer from 1 to ${bound.toLocaleString('en-US')} for this model: a step holds about ${perExample.toLocaleString('en-US')} KiB per example, and a batch may take ${trainStepMemoryBudget / 2 ** 20} MiB; train with a smaller batch`,
  );
}

function exampleValues(shape: readonly (number | null)[]): number {
  return shape.slice(1).reduce<number>((product, dim) => product * (dim ?? 1), 1);
}

/** Tensors the forward pass of `layer` makes of its output's size (each gets a gradient too). */
function tensorsPerOutput(layer: LayersModel['layers'][number]): number {
  const kind = layer.getClassName();
  if (RESHAPING_LAYERS.has(kind)) return 0;
  if (kind === 'Dropout') return 2;
  if (layer.weights.length === 0) return 1;
  const config = layer.getConfig();
  const bias = config.useBias === false ? 0 : 1;
  const activation = config.activation === undefined || config.activation === 'linear' ? 0 : 1;
  return 1 + bias + activation;
}
