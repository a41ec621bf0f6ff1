import type { MnistSplit } from '@mnist-wasm/dataset';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TrainDataError } from './errors';

/**
 * Checks that `split` can be fed to `model`: one input whose feature size is `rows * cols`, one
 * output whose last dimension is the number of classes, every label a class index.
 *
 * @param name - How messages call the split, e.g. `'data'` or `'validationData'`.
 * @returns The number of classes of the model's output.
 * @throws TrainDataError naming the split, what mismatched and how to fix it.
 */
export function checkTrainingData(model: LayersModel, split: MnistSplit, name: string): number {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new TrainDataError(
      `train: the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; it must have one input (the image) and one output (the class logits).`,
    );
  }
  const { count, rows, cols } = split;
  if (!Number.isInteger(count) || count < 1) {
    throw new TrainDataError(
      `train: ${name}.count is ${count}; the split needs at least one example.`,
    );
  }
  if (split.images.length !== count * rows * cols || split.labels.length !== count) {
    throw new TrainDataError(
      `train: ${name} holds ${split.images.length} pixels and ${split.labels.length} labels, but count ${count} x ${rows} x ${cols} needs ${count * rows * cols} pixels and ${count} labels.`,
    );
  }
  const inputShape = model.inputs[0]!.shape.slice(1);
  const features = inputShape.reduce<number>((product, size) => product * (size ?? Number.NaN), 1);
  if (features !== rows * cols) {
    throw new TrainDataError(
      `train: the model's input shape [${inputShape.join(', ')}] does not take ${name}'s ${rows}x${cols} images; build the model for inputs of ${rows}x${cols}.`,
    );
  }
  const classes = model.outputs[0]!.shape.at(-1);
  if (classes == null || classes < 2) {
    throw new TrainDataError(
      `train: the model's output shape [${model.outputs[0]!.shape.join(', ')}] has no class dimension; the last layer must output one logit per class.`,
    );
  }
  for (let i = 0; i < count; i++) {
    const label = split.labels[i]!;
    if (label >= classes) {
      throw new TrainDataError(
        `train: ${name}.labels[${i}] is ${label} but the model outputs ${classes} classes (labels 0-${classes - 1}); give the last layer more units or fix the labels.`,
      );
    }
  }
  return classes;
}
