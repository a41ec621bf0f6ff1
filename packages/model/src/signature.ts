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

/** What a model saved by the apps carries in `model.json`'s `userDefinedMetadata`. */
export interface ClassifierMetadata {
  /** The name of each class, class 0 first, e.g. Fashion-MNIST's `'T-shirt/top'`. */
  readonly classNames: readonly string[];
  /** The data set it was trained on, e.g. `'fashion-mnist'`, when known. */
  readonly dataset?: string;
}

/**
 * Records the class names (and the data set) in the model's user-defined metadata, which
 * `model.save` writes to `model.json` and `tf.loadLayersModel` reads back: a saved model then
 * names its classes wherever it is loaded. Other metadata keys are kept.
 *
 * @param model - A classifier; its output width must be `classNames.length`.
 * @throws UnsupportedModelError when the number of names is not the model's number of classes.
 *
 * @example
 * ```ts
 * setClassifierMetadata(model, { classNames: DATASETS['fashion-mnist'].classNames, dataset: 'fashion-mnist' });
 * ```
 */
export function setClassifierMetadata(model: tfl.LayersModel, metadata: ClassifierMetadata): void {
  const { numClasses } = classifierSignature(model, 'setClassifierMetadata');
  if (metadata.classNames.length !== numClasses) {
    throw new UnsupportedModelError(
      `setClassifierMetadata: ${metadata.classNames.length} class names for a model of ${numClasses} classes; give one name per class.`,
    );
  }
  const current = model.getUserDefinedMetadata();
  model.setUserDefinedMetadata({
    ...(typeof current === 'object' && current !== null ? current : {}),
    classNames: [...metadata.classNames],
    ...(metadata.dataset !== undefined && { dataset: metadata.dataset }),
  });
}

/**
 * The class names (and data set) a model carries in its user-defined metadata, or undefined when
 * it has none or they do not fit it (not one non-empty string per class): a model saved before
 * class names were recorded, or by another tool, then shows its classes by index.
 *
 * @param model - A classifier, e.g. loaded with `loadModel`.
 */
export function classifierMetadata(model: tfl.LayersModel): ClassifierMetadata | undefined {
  const metadata = model.getUserDefinedMetadata() as
    | { classNames?: unknown; dataset?: unknown }
    | undefined;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { classNames, dataset } = metadata;
  const { numClasses } = classifierSignature(model, 'classifierMetadata');
  if (
    !Array.isArray(classNames) ||
    classNames.length !== numClasses ||
    !classNames.every(
      (name) => typeof name === 'string' && name.trim() !== '' && name.length <= 100,
    )
  ) {
    return undefined;
  }
  return {
    classNames: classNames as string[],
    ...(typeof dataset === 'string' && { dataset }),
  };
}
