import type * as tfl from '@tensorflow/tfjs-layers';
import { UnsupportedModelError } from './errors';

/** What a classifier takes and gives: the shape of one input example and the number of classes. */
export interface ClassifierSignature {
  /** Shape of one input example, without the batch axis, e.g. `[28, 28]`. */
  readonly inputShape: readonly number[];
  /** Width of the output: the number of classes scored, at least 2, e.g. 10. */
  readonly numClasses: number;
}

/**
 * Reads the signature of a classifier: one input of a fixed shape, one output `[batch, classes]`
 * (logits or probabilities). The trainer, the evaluator and the apps check data against it.
 *
 * @param model - Any TF.js layers model, e.g. from `createMnistMlp()`.
 * @param caller - The function asking, for the error message. Default `'classifierSignature'`.
 * @returns `{ inputShape, numClasses }`, e.g. `{ inputShape: [28, 28], numClasses: 10 }`.
 * @throws UnsupportedModelError when the model has several inputs or outputs, an input dimension
 *   other than the batch axis is unknown, or the output is not `[batch, classes]` with at least
 *   2 classes.
 *
 * @example
 * ```ts
 * classifierSignature(createMnistMlp()); // { inputShape: [28, 28], numClasses: 10 }
 * ```
 */
export function classifierSignature(
  model: tfl.LayersModel,
  caller = 'classifierSignature',
): ClassifierSignature {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new UnsupportedModelError(
      `${caller}: the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; pass a classifier with one input (the examples) and one output (the class scores), such as createMnistMlp().`,
    );
  }
  const input = model.inputs[0]!.shape;
  const inputShape = input.slice(1);
  if (!inputShape.every((dim): dim is number => dim !== null && dim > 0)) {
    throw new UnsupportedModelError(
      `${caller}: the model's input shape [${input.map(String)}] has an unknown dimension besides the batch axis; give the model a fixed inputShape.`,
    );
  }
  const output = model.outputs[0]!.shape;
  const numClasses = output[1];
  if (output.length !== 2 || numClasses == null || numClasses < 2) {
    throw new UnsupportedModelError(
      `${caller}: the model's output shape [${output.map(String)}] is not [batch, classes] with at least 2 classes; end the model with a Dense layer of one unit per class.`,
    );
  }
  return { inputShape, numClasses };
}
