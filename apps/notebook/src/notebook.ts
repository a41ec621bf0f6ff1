import { initWasmBackend, type WasmBackendReport } from '@mnist-wasm/backend';
import { toTensors } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import {
  confusionMatrix,
  evaluate,
  formatConfusionMatrix,
  predictClasses,
} from '@mnist-wasm/evaluator';
import {
  createMnistMlp,
  sparseCategoricalCrossentropy,
  summary,
  withSoftmax,
} from '@mnist-wasm/model';
import { saveModel } from '@mnist-wasm/model/node';
import { type TrainHistory, train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { cellHeading, formatRow, formatShape } from './format';
import type { NotebookOptions } from './options';
import type { EpochProgress, StepProgress } from './progress';

/** Where the notebook writes what each cell shows. */
export interface NotebookOutput {
  /** Prints one block of a cell's output (may be a no-op under `--quiet`). */
  print(text: string): void;
  /** Draws training progress. */
  progress: EpochProgress;
}

/** What a notebook run measured: the `--json` output. */
export interface NotebookResult {
  seed: number;
  backend: WasmBackendReport;
  data: { train: number; test: number; loadMs: number };
  untrainedLoss: number;
  history: TrainHistory;
  test: { loss: number; accuracy: number; count: number };
  trainMs: number;
  /** Peak resident set size of the whole process so far, in MB. */
  peakRssMb: number;
  /** The folder the trained model was saved to, with `--save`. */
  savedTo?: string;
}

const EXAMPLES_SHOWN = 5;

/**
 * Runs the Keras MNIST notebook cell by cell on the SIMD WASM backend and returns what it measured.
 * The model is disposed before this resolves.
 */
export async function runNotebook(
  options: NotebookOptions,
  output: NotebookOutput,
): Promise<NotebookResult> {
  const { print } = output;

  const backend = await initWasmBackend();
  print(
    `TensorFlow.js ${backend.tfjsVersion} on the '${backend.backend}' backend ` +
      `(SIMD ${backend.simd ? 'on' : 'off'}, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}), seed ${options.seed}`,
  );

  print(cellHeading(1, '(x_train, y_train), (x_test, y_test) = mnist.load_data()'));
  const loadStart = performance.now();
  const mnist = await loadMnist({
    dir: options.dataDir,
    trainLimit: options.trainLimit,
    testLimit: options.testLimit,
  });
  const loadMs = performance.now() - loadStart;
  const { train: trainSplit, test: testSplit } = mnist;
  const shapeOf = (count: number) => formatShape([count, ...trainSplit.shape]);
  print(
    [
      `x_train ${shapeOf(trainSplit.count)} uint8, y_train ${formatShape([trainSplit.count])} uint8`,
      `x_test  ${shapeOf(testSplit.count)} uint8, y_test  ${formatShape([testSplit.count])} uint8`,
      `loaded in ${loadMs.toFixed(0)} ms; pixels become x / 255.0 batch by batch`,
    ].join('\n'),
  );

  print(cellHeading(2, 'model = Sequential([Flatten, Dense(128, relu), Dropout(0.2), Dense(10)])'));
  const model = createMnistMlp({ seed: options.seed });
  try {
    print(summary(model));

    print(cellHeading(3, 'predictions = model(x_train[:1]); tf.nn.softmax(predictions)'));
    const untrainedLoss = tf.tidy(() => {
      const first = toTensors(trainSplit, { start: 0, end: 1 });
      const logits = model.predict(first.features) as tf.Tensor2D;
      print(`logits        ${formatRow(logits.dataSync())}`);
      print(`probabilities ${formatRow(tf.softmax(logits).dataSync())}`);

      print(cellHeading(4, 'loss_fn(y_train[:1], predictions)'));
      const loss = sparseCategoricalCrossentropy({ fromLogits: true })(first.labels, logits);
      return loss.dataSync()[0]!;
    });
    print(
      `${untrainedLoss.toFixed(4)}  (an untrained model guesses: -ln(1/10) = ${Math.log(10).toFixed(4)})`,
    );

    print(cellHeading(5, `model.fit(x_train, y_train, epochs=${options.epochs})`));
    const trainStart = performance.now();
    let epochStart = 0;
    let last: StepProgress | undefined;
    const { history, optimizer } = await train(model, trainSplit, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed: options.seed,
      callbacks: {
        onEpochBegin: (epoch, { epochs, steps }) => {
          epochStart = performance.now();
          output.progress.start(epoch, epochs, steps);
        },
        onBatchEnd: ({ step, steps, loss, accuracy, msPerStep }) => {
          last = { step: step + 1, steps, loss, accuracy, msPerStep };
          output.progress.update(last);
        },
        onEpochEnd: () => {
          if (last) output.progress.stop(last, performance.now() - epochStart);
        },
      },
    });
    const trainMs = performance.now() - trainStart;
    optimizer.dispose();

    print(cellHeading(6, 'model.evaluate(x_test, y_test, verbose=2)'));
    const test = await evaluate(model, testSplit);
    print(
      `${test.count} examples - loss: ${test.loss.toFixed(4)} - accuracy: ${test.accuracy.toFixed(4)}` +
        '  (the notebook: loss 0.0733, accuracy 0.9768)',
    );

    print(
      cellHeading(
        7,
        'probability_model = Sequential([model, Softmax()]); probability_model(x_test[:5])',
      ),
    );
    const probabilityModel = withSoftmax(model);
    const shown = Math.min(EXAMPLES_SHOWN, testSplit.count);
    const probabilities = tf.tidy(() => {
      const { features } = toTensors(testSplit, { start: 0, end: shown });
      return (probabilityModel.predict(features) as tf.Tensor2D).arraySync();
    });
    probabilities.forEach((row, i) => {
      const predicted = row.indexOf(Math.max(...row));
      print(`${formatRow(row)}  predicted ${predicted}, true ${testSplit.labels[i]}`);
    });

    print(cellHeading(8, 'confusion_matrix(y_test, predicted_classes)'));
    const predicted = await predictClasses(model, testSplit);
    print(formatConfusionMatrix(confusionMatrix(testSplit.labels, predicted)));

    if (options.save !== undefined) {
      print(cellHeading(9, `model.save('${options.save}')`));
      const { modelArtifactsInfo } = await saveModel(model, options.save);
      print(
        `saved to ${options.save}: model.json + weights.bin (${modelArtifactsInfo.weightDataBytes} bytes); ` +
          `classify with: mnist-notebook predict --model ${options.save} --index 0`,
      );
    }

    return {
      seed: options.seed,
      backend,
      data: { train: trainSplit.count, test: testSplit.count, loadMs },
      untrainedLoss,
      history,
      test,
      trainMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      ...(options.save !== undefined && { savedTo: options.save }),
    };
  } finally {
    model.dispose();
  }
}
