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

/** The largest batch a model trains with, and what sets it (see {@link trainBatchBound}). */
export interface TrainBatchBound {
  /** The largest `batchSize` {@link train} takes for the model: a whole number from 1 to 65,536. */
  readonly maxBatchSize: number;
  /** What a step holds per example ({@link trainStepBytesPerExample}), in KiB rounded up. */
  readonly kibPerExample: number;
  /** What a step's batch may take ({@link trainStepMemoryBudget}), in MiB. */
  readonly budgetMib: number;
}

/**
 * The one place the trainer's batch-size limit is decided: as many examples as fit a step's
 * per-example memory ({@link trainStepBytesPerExample}) into {@link trainStepMemoryBudget}, and at
 * most {@link maxBatchSize}, with the figures a message needs to explain it. The notebook's MLP
 * keeps a bound in the tens of thousands; the convnet of `createMnistCnn` gets about a thousand.
 */
export function trainBatchBound(model: LayersModel): TrainBatchBound {
  const bytes = trainStepBytesPerExample(model);
  const fit = Math.floor(trainStepMemoryBudget / bytes);
  return {
    maxBatchSize: Math.max(1, Math.min(maxBatchSize, fit)),
    kibPerExample: Math.ceil(bytes / 1024),
    budgetMib: trainStepMemoryBudget / 2 ** 20,
  };
}

/**
 * The largest `batchSize` {@link train} takes for `model` ({@link trainBatchBound}'s).
 *
 * @returns A whole number from 1 to 65,536.
 */
export function maxTrainBatchSize(model: LayersModel): number {
  return trainBatchBound(model).maxBatchSize;
}

/**
 * Refuses a batch size (`batchSize` or `validationBatchSize`) larger than
 * {@link maxTrainBatchSize} of `model`, before any step allocates it.
 *
 * @throws TrainerOptionError naming the option, the model's bound and what to do.
 */
export function checkBatchFits(model: LayersModel, option: string, batchSize: number): void {
  const bound = trainBatchBound(model);
  if (batchSize <= bound.maxBatchSize) return;
  const format = (n: number) => n.toLocaleString('en-US');
  throw new TrainerOptionError(
    'train',
    option,
    batchSize,
    `an integer from 1 to ${format(bound.maxBatchSize)} for this model: a step holds about ${format(bound.kibPerExample)} KiB per example, and a batch may take ${bound.budgetMib} MiB; train with a smaller batch`,
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
