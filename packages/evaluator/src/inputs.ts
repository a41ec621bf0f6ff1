import type * as tfl from '@tensorflow/tfjs-layers';
import { EvaluationInputError, InvalidEvaluatorOptionError } from './errors';

/** Shape of one example as the model takes it, e.g. `[28, 28]`, and its number of pixels. */
export function exampleShape(model: tfl.LayersModel, caller: string) {
  const input = model.inputs[0];
  if (model.inputs.length !== 1 || input === undefined) {
    throw new EvaluationInputError(
      `${caller}: the model has ${model.inputs.length} inputs; pass a model with one image input such as createMnistMlp().`,
    );
  }
  const shape = input.shape.slice(1);
  if (!shape.every((dim): dim is number => dim !== null && dim > 0)) {
    throw new EvaluationInputError(
      `${caller}: the model's input shape [${input.shape}] has an unknown dimension besides the batch axis; give the model a fixed inputShape.`,
    );
  }
  return { shape, pixels: shape.reduce((a, b) => a * b, 1) };
}

/** Checks that option `name` of `caller` is a positive integer; `example` goes in the message. */
export function checkPositiveInteger(
  value: number,
  name: string,
  caller: string,
  example: number,
): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidEvaluatorOptionError(
      caller,
      name,
      value,
      `a positive integer such as ${example}`,
    );
  }
  return value;
}

/** Checks an options' batch size: a positive integer. */
export function checkBatchSize(batchSize: number, caller: string): number {
  return checkPositiveInteger(batchSize, 'batchSize', caller, 32);
}
