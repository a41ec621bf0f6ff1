import { initWasmBackend, type WasmBackendReport } from '@mnist-wasm/backend';
import { type DatasetName, exampleSize, gatherFeatures, isDatasetName } from '@mnist-wasm/dataset';
import { loadMnistSplit, readClassNames, resolveDataset } from '@mnist-wasm/dataset/node';
import { predict } from '@mnist-wasm/evaluator';
import {
  classifierMetadata,
  classifierSignature,
  loadPretrainedMnist,
  PRETRAINED_MNIST,
} from '@mnist-wasm/model';
import { loadModel } from '@mnist-wasm/model/node';
import { inAppTerms } from './data-file-terms';
import { readDigitImage } from './digit-image';
import { ModelInputError, ModelOutputError, UsageError } from './errors';
import { FORMAT_NAMES, type ImageFormat } from './image-decode';

/** What `mnist-notebook predict` is told from the command line. */
export interface PredictOptions {
  /**
   * Folder of a saved model (`model.json` + `weights.bin`); when absent, the pretrained convnet of
   * `@mnist-wasm/model` (`loadPretrainedMnist`), named {@link PRETRAINED_MODEL_NAME} in the output.
   */
  model?: string;
  /** Indices into the MNIST test set. */
  index: number[];
  /** Image files to classify (PNG, JPEG, WebP, BMP or GIF). */
  files: string[];
  /** The images are dark digits on a light background (instead of detecting it). */
  invert: boolean;
  /**
   * Lay each image out as MNIST's are (crop to the ink, fit 20x20, centre of mass to the centre);
   * `--no-preprocess` turns it off: the whole image is only made gray and resized.
   */
  preprocess: boolean;
  /**
   * The data set whose test images `--index` picks (`--dataset`); default the one the model was
   * trained on, as its metadata says, else MNIST.
   */
  dataset?: DatasetName;
  /** A text file naming the model's classes, one a line (`--class-names`); default the model's own. */
  classNames?: string;
  dataDir?: string;
  /** Check the test files' SHA-256 (`--no-verify` turns it off). */
  verify: boolean;
  /** The most pixels (width x height) an image may declare; default `DEFAULT_MAX_PIXELS`. */
  maxPixels?: number;
  json: boolean;
}

/** How the output names the model used when `--model` is not given. */
export const PRETRAINED_MODEL_NAME = `${PRETRAINED_MNIST.name} (@mnist-wasm/model)`;

/** The number of classes of a digit classifier: class `d` is the digit `d`. */
export const DIGIT_CLASSES = 10;

/** One classified image. */
export interface Prediction {
  /** `test[N]` or the image file's path. */
  source: string;
  /**
   * The most likely class: an index from 0 to `numClasses - 1` (ties go to the lowest). It is a
   * digit only when the model scores the 10 digits; see `digit`.
   */
  predicted: number;
  /**
   * The predicted digit, `predicted` itself, given only when the model scores 10 classes: a model
   * of another width does not say which class is which digit, so its classes are left as indices.
   */
  digit?: number;
  /** The predicted class's name (`'Sneaker'`), when the classes have names; see `classNames`. */
  className?: string;
  /** Softmax probability of the predicted class. */
  probability: number;
  /** Softmax probabilities of all classes. */
  probabilities: number[];
  /** The true label, for test images. */
  label?: number;
  /**
   * The true label's name, for test images: the test set's (MNIST's digits for a Fashion-MNIST
   * model given `--dataset mnist`), or the model's classes' for files of a `--data-dir` that no
   * data set names.
   */
  labelName?: string;
  /** For files: the format, told by the first bytes. */
  format?: ImageFormat;
  /** For files: the stored size, and whether it was resized to the model's input. */
  width?: number;
  height?: number;
  resized?: boolean;
  /** For files: whether it was laid out as MNIST's are (false with `--no-preprocess`). */
  preprocessed?: boolean;
  /** For files: whether it was read as a dark digit on light and inverted. */
  inverted?: boolean;
  /** For preprocessed files: where the ink is in the stored image, in its pixels. */
  box?: { x: number; y: number; width: number; height: number };
}

/** The `--json` output of `predict`. */
export interface PredictResult {
  /** The model folder given with `--model`, or {@link PRETRAINED_MODEL_NAME}. */
  model: string;
  /** Whether the model is the pretrained convnet (no `--model` given). */
  pretrained: boolean;
  /** How many classes the model scores (its output width): 10 for a digit classifier. */
  numClasses: number;
  /**
   * The name of each class, class 0 first: from `--class-names`, else the model's metadata (a
   * model saved by `mnist-notebook --save` records them), else the chosen data set's, else the
   * digits for a 10-class model; absent when none applies.
   */
  classNames?: string[];
  /** The data set the model was trained on, as its metadata says, when it does. */
  dataset?: string;
  backend: WasmBackendReport;
  predictions: Prediction[];
}

/** One image to classify: its features in [0, 1] and what is known about it. */
interface Input {
  features: Float32Array;
  info: Omit<Prediction, 'predicted' | 'digit' | 'className' | 'probability' | 'probabilities'>;
}

/**
 * Loads a saved model (the pretrained convnet when `options.model` is absent) and classifies MNIST test images and image files with it, in one batch.
 *
 * @throws UsageError for an index past the test set; ModelInputError for a model that does not
 *   take images; ModelOutputError when the model's outputs are not finite (NaN or Infinity);
 *   DigitImageError for an image file that cannot be used (or, preprocessed, holds no ink); a DatasetError (from `@mnist-wasm/dataset`)
 *   naming a test file that cannot be used; SavedModelError (from `@mnist-wasm/model/node`) for a missing or damaged model folder.
 */
export async function runPredict(options: PredictOptions): Promise<PredictResult> {
  const backend = await initWasmBackend();
  const name = options.model ?? PRETRAINED_MODEL_NAME;
  const where = options.model === undefined ? PRETRAINED_MODEL_NAME : `in ${options.model}`;
  const model = await (options.model === undefined
    ? loadPretrainedMnist()
    : loadModel(options.model));
  try {
    const { inputShape, numClasses } = classifierSignature(model, 'predict');
    const [rows, cols, ...channels] = inputShape;
    // Gray images: [rows, cols] (the MLP) or [rows, cols, 1] (the convnet).
    const gray = channels.length === 0 || (channels.length === 1 && channels[0] === 1);
    if (rows === undefined || cols === undefined || !gray) {
      throw new ModelInputError(
        `The model ${where} takes examples of shape [${inputShape}], not gray images ` +
          '[rows, cols] or [rows, cols, 1]; pass a model saved by mnist-notebook --save.',
      );
    }
    const imageShape = [rows, cols];
    const metadata = classifierMetadata(model);
    const trainedOn = isDatasetName(metadata?.dataset) ? metadata.dataset : undefined;
    const dataset = options.dataset ?? trainedOn;
    const classNames = await chooseClassNames(options, numClasses, metadata?.classNames, dataset);
    const labelNames = testClassNames(options, dataset, classNames);
    const inputs = await testImages({ ...options, dataset }, imageShape, labelNames);
    // One at a time, so an error names the first bad file of the command line.
    for (const file of options.files) {
      const image = await readDigitImage(file, {
        rows,
        cols,
        invert: options.invert,
        preprocess: options.preprocess,
        maxPixels: options.maxPixels,
      });
      const { format, width, height, resized, preprocessed, inverted, box } = image;
      inputs.push({
        features: image.pixels,
        info: { source: file, format, width, height, resized, preprocessed, inverted, box },
      });
    }
    const size = exampleSize(imageShape);
    const features = new Float32Array(inputs.length * size);
    inputs.forEach((input, i) => {
      features.set(input.features, i * size);
    });
    const results = await predict(model, { features, count: inputs.length, shape: imageShape });
    const bad = results.findIndex(({ probabilities }) => !probabilities.every(Number.isFinite));
    if (bad >= 0) {
      throw new ModelOutputError(
        `The model ${where} gives NaN or infinite outputs for ${inputs[bad]!.info.source}, ` +
          'so it predicts nothing: its weights hold NaN or Infinity (training diverged). Train ' +
          'and save the model again.',
      );
    }
    // A 10-class model scores digits unless its classes are named otherwise (Fashion-MNIST's).
    const digits =
      numClasses === DIGIT_CLASSES &&
      (classNames === undefined || classNames.every((name, i) => name === String(i)));
    const predictions = inputs.map(({ info }, i): Prediction => {
      const { predicted, probability, probabilities } = results[i]!;
      return {
        ...info,
        predicted,
        ...(digits && { digit: predicted }),
        ...(classNames && { className: classNames[predicted] }),
        probability,
        probabilities: Array.from(probabilities),
      };
    });
    return {
      model: name,
      pretrained: options.model === undefined,
      numClasses,
      ...(classNames && { classNames }),
      ...(metadata?.dataset !== undefined && { dataset: metadata.dataset }),
      backend,
      predictions,
    };
  } finally {
    model.dispose();
  }
}

/**
 * The names of the model's classes: `--class-names`, else the model's metadata, else the data set
 * asked for (or the model was trained on) when its count fits, else the digits for 10 classes.
 */
async function chooseClassNames(
  options: PredictOptions,
  numClasses: number,
  fromModel: readonly string[] | undefined,
  dataset: DatasetName | undefined,
): Promise<string[] | undefined> {
  if (options.classNames !== undefined) return readClassNames(options.classNames, numClasses);
  if (fromModel !== undefined) return [...fromModel];
  const names = resolveDataset(dataset ?? 'mnist').classNames;
  return names.length === numClasses ? [...names] : undefined;
}

/**
 * The names of the test set's classes, for the true labels: the data set's when one is named
 * (`--dataset`, else the one the model was trained on), which may not be the model's (its
 * predictions keep theirs); else, for `--data-dir` files, the model's (`--class-names` or its
 * metadata), since nothing else names their classes; else MNIST's, the default test set.
 */
function testClassNames(
  options: PredictOptions,
  dataset: DatasetName | undefined,
  modelNames: readonly string[] | undefined,
): readonly string[] | undefined {
  if (dataset !== undefined) return resolveDataset(dataset).classNames;
  if (options.dataDir !== undefined) return modelNames;
  return resolveDataset('mnist').classNames;
}

/**
 * The test images of `--index`, scaled to [0, 1], checked against the model's input shape, their
 * labels named by `labelNames` (the test set's classes) when given.
 */
async function testImages(
  options: PredictOptions,
  imageShape: readonly number[],
  labelNames: readonly string[] | undefined,
): Promise<Input[]> {
  if (options.index.length === 0) return [];
  // Only the two test files are read: a --data-dir may hold nothing else.
  const test = await loadMnistSplit('test', {
    dataset: options.dataset,
    dir: options.dataDir,
    verify: options.verify,
    limit: Math.max(...options.index) + 1,
  }).catch((error: unknown) => {
    throw inAppTerms(error, options.dataDir, options.dataset);
  });
  if (test.shape.join() !== imageShape.join()) {
    throw new ModelInputError(
      `The model takes ${imageShape.join('x')} images but the test set has ${test.shape.join('x')} ones.`,
    );
  }
  return options.index.map((index) => {
    if (index >= test.count) {
      throw new UsageError(
        `--index ${index} is out of range: the test set has ${test.count} images (0 to ${test.count - 1}).`,
      );
    }
    return {
      features: gatherFeatures(test, [index]),
      info: {
        source: `test[${index}]`,
        label: test.labels[index]!,
        ...(labelNames && {
          labelName: labelNames[test.labels[index]!] ?? String(test.labels[index]),
        }),
      },
    };
  });
}

/**
 * The text output of `predict`: one line per prediction (see {@link formatPrediction}), after a
 * line saying so when the model's classes are not the 10 digits, and after `model: ...` when the
 * model is the pretrained one.
 */
export function formatPredictions({
  model,
  pretrained,
  numClasses,
  classNames,
  predictions,
}: PredictResult): string {
  const lines = predictions.map((prediction) => formatPrediction(prediction, numClasses));
  // Said first so a reader knows no --model was used; a given folder is on the command line.
  if (pretrained) lines.unshift(`model: ${model}`);
  if (numClasses !== DIGIT_CLASSES && classNames === undefined) {
    lines.unshift(
      `The model in ${model} scores ${numClasses} classes, not the ${DIGIT_CLASSES} digits: ` +
        `each prediction is a class index (0 to ${numClasses - 1}), not a digit.`,
    );
  }
  return lines.join('\n');
}

/**
 * One line per prediction: `test[0]: 7 (probability 0.9990), true label 7`; for a file, what was
 * done to it: `a.jpg: 3 (probability 0.9876)  (200x200 JPEG, inverted, ink at 20,100 70x80)`.
 * Classes with names are named (`test[0]: Ankle boot (probability 0.9712), true label Ankle
 * boot`); a model of other than 10 classes without names gives an index: `a.png: class 10 of 11`.
 */
export function formatPrediction(prediction: Prediction, numClasses = DIGIT_CLASSES): string {
  const { source, predicted, className, probability, label, labelName } = prediction;
  const truth = label === undefined ? '' : `, true label ${labelName ?? label}`;
  const answer =
    className ??
    (numClasses === DIGIT_CLASSES ? `${predicted}` : `class ${predicted} of ${numClasses}`);
  return `${source}: ${answer} (probability ${probability.toFixed(4)})${truth}${fileNote(prediction)}`;
}

function fileNote({ format, width, height, resized, inverted, box }: Prediction): string {
  if (format === undefined) return '';
  const notes = [`${width}x${height} ${FORMAT_NAMES[format]}`];
  if (inverted) notes.push('inverted');
  if (box !== undefined) notes.push(`ink at ${box.x},${box.y} ${box.width}x${box.height}`);
  else if (resized) notes.push('resized');
  return `  (${notes.join(', ')})`;
}
