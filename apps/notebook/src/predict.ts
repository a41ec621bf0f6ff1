import { initWasmBackend, type WasmBackendReport } from '@mnist-wasm/backend';
import { normalize } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { loadModel } from '@mnist-wasm/model/node';
import * as tf from '@tensorflow/tfjs-core';
import { readDigitPng } from './digit-image';

/** What `mnist-notebook predict` is told from the command line. */
export interface PredictOptions {
  /** Folder of a saved model (`model.json` + `weights.bin`). */
  model: string;
  /** Indices into the MNIST test set. */
  index: number[];
  /** PNG files to classify. */
  files: string[];
  /** The PNGs are dark digits on a light background. */
  invert: boolean;
  dataDir?: string;
  json: boolean;
}

/** One classified image. */
export interface Prediction {
  /** `test[N]` or the PNG's path. */
  source: string;
  predicted: number;
  /** Softmax probability of the predicted class. */
  probability: number;
  /** Softmax probabilities of all classes. */
  probabilities: number[];
  /** The true label, for test images. */
  label?: number;
  /** For PNGs: the stored size, and whether it was resized to the model's input. */
  width?: number;
  height?: number;
  resized?: boolean;
}

/** The `--json` output of `predict`. */
export interface PredictResult {
  model: string;
  backend: WasmBackendReport;
  predictions: Prediction[];
}

interface Input {
  pixels: Float32Array;
  info: Omit<Prediction, 'predicted' | 'probability' | 'probabilities'>;
}

/** Loads a saved model and classifies MNIST test images and PNG files with it, in one batch. */
export async function runPredict(options: PredictOptions): Promise<PredictResult> {
  const backend = await initWasmBackend();
  const model = await loadModel(options.model);
  try {
    const [, rows, cols, ...rest] = model.inputs[0]!.shape;
    if (typeof rows !== 'number' || typeof cols !== 'number' || rest.length > 0) {
      throw new Error(
        `The model in ${options.model} takes input of shape [${model.inputs[0]!.shape}], not ` +
          'images [n, rows, cols]; pass a model saved by mnist-notebook --save.',
      );
    }
    const inputs = await testImages(options, rows, cols);
    // One at a time, so an error names the first bad file of the command line.
    for (const file of options.files) {
      const image = await readDigitPng(file, { rows, cols, invert: options.invert });
      const { width, height, resized } = image;
      inputs.push({ pixels: image.pixels, info: { source: file, width, height, resized } });
    }
    const batch = new Float32Array(inputs.length * rows * cols);
    inputs.forEach((input, i) => {
      batch.set(input.pixels, i * rows * cols);
    });
    const probabilities = tf.tidy(() => {
      const logits = model.predict(tf.tensor3d(batch, [inputs.length, rows, cols])) as tf.Tensor2D;
      return tf.softmax(logits).arraySync();
    });
    const predictions = inputs.map(({ info }, i) => {
      const row = probabilities[i]!;
      const predicted = row.indexOf(Math.max(...row));
      return { ...info, predicted, probability: row[predicted]!, probabilities: row };
    });
    return { model: options.model, backend, predictions };
  } finally {
    model.dispose();
  }
}

async function testImages(options: PredictOptions, rows: number, cols: number): Promise<Input[]> {
  if (options.index.length === 0) return [];
  const { test } = await loadMnist({
    dir: options.dataDir,
    trainLimit: 1,
    testLimit: Math.max(...options.index) + 1,
  });
  const [testRows, testCols] = test.shape;
  if (testRows !== rows || testCols !== cols) {
    throw new Error(
      `The model takes ${rows}x${cols} images but the test set has ${testRows}x${testCols} ones.`,
    );
  }
  const size = rows * cols;
  return options.index.map((index) => {
    if (index >= test.count) {
      throw new Error(
        `--index ${index} is out of range: the test set has ${test.count} images (0 to ${test.count - 1}).`,
      );
    }
    return {
      pixels: normalize(test.features.subarray(index * size, (index + 1) * size)),
      info: { source: `test[${index}]`, label: test.labels[index]! },
    };
  });
}

/** One line per prediction: `test[0]: 7 (probability 0.9990), true label 7`. */
export function formatPrediction(prediction: Prediction): string {
  const { source, predicted, probability, label, width, height, resized } = prediction;
  const truth = label === undefined ? '' : `, true label ${label}`;
  const note = resized ? `  (${width}x${height} resized)` : '';
  return `${source}: ${predicted} (probability ${probability.toFixed(4)})${truth}${note}`;
}
