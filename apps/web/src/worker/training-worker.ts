// The training worker: all TensorFlow.js work of the page happens here, so the page stays
// responsive while a model trains. It loads MNIST (the gzipped IDX files the build copied under
// mnist/), starts the SIMD WASM backend (binaries under wasm/), runs the notebook's cells and
// answers predict, save and load requests. Messages: src/protocol.ts.
import { initWasmBackend } from '@mnist-wasm/backend';
import {
  gunzip,
  isGzip,
  MNIST_FILES,
  type MnistFile,
  type MnistSplit,
  parseMnistSplit,
  sliceExamples,
  toMnistLayout,
  toTensors,
} from '@mnist-wasm/dataset';
import { argMaxRows, confusionMatrix, evaluate, predictProbabilities } from '@mnist-wasm/evaluator';
import {
  classifierSignature,
  createMnistCnn,
  createMnistMlp,
  sparseCategoricalCrossentropy,
  summary,
} from '@mnist-wasm/model';
import { train } from '@mnist-wasm/trainer';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  INDEXED_DB_URL,
  MISCLASSIFIED_SHOWN,
  type PageToWorker,
  PROBABILITY_EXAMPLES,
  type RunConfig,
  SAMPLE_DIGITS,
  VALIDATION_EXAMPLES,
  type WorkerToPage,
} from '../protocol';

const PIXELS = 28 * 28;

/** Posts `message`, transferring `transfer` (the `{ transfer }` form types under DOM and workers). */
function post(message: WorkerToPage, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

function status(text: string, busy = true): void {
  post({ type: 'status', text, busy });
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

let baseUrl = '';
let backendReady: Promise<void> | undefined;
let mnist: Promise<{ train: MnistSplit; test: MnistSplit; loadMs: number }> | undefined;
/** The model the page works with: the last one trained or loaded. */
let model: tfl.LayersModel | undefined;
/** Set while a run or a load is in progress; the page does not start another meanwhile. */
let busy = false;
let abort: AbortController | undefined;

async function fetchIdx(file: MnistFile): Promise<Uint8Array> {
  const url = new URL(`mnist/${file.name}.gz`, baseUrl).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A server may have decoded the gzip already (Content-Encoding): the bytes say which.
  return isGzip(bytes) ? gunzip(bytes, url, { maxBytes: file.size }) : bytes;
}

/** Both MNIST splits in full, fetched and parsed once (the training set is sliced per run). */
function loadMnist(): Promise<{ train: MnistSplit; test: MnistSplit; loadMs: number }> {
  mnist ??= (async () => {
    const start = performance.now();
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
      [
        MNIST_FILES.trainImages,
        MNIST_FILES.trainLabels,
        MNIST_FILES.testImages,
        MNIST_FILES.testLabels,
      ].map(fetchIdx),
    );
    return {
      train: parseMnistSplit(trainImages!, trainLabels!, {
        imagesFile: MNIST_FILES.trainImages.name,
        labelsFile: MNIST_FILES.trainLabels.name,
      }),
      test: parseMnistSplit(testImages!, testLabels!, {
        imagesFile: MNIST_FILES.testImages.name,
        labelsFile: MNIST_FILES.testLabels.name,
      }),
      loadMs: performance.now() - start,
    };
  })();
  mnist.catch(() => {
    mnist = undefined; // let a later run try again
  });
  return mnist;
}

function digit(split: MnistSplit, index: number): Uint8Array {
  return split.features.slice(index * PIXELS, (index + 1) * PIXELS);
}

/**
 * XNNPACK threads: TF.js's own choice, half the cores up to 4, but asked for explicitly, because one
 * thread then loads the plain SIMD binary instead of the threaded one. On a 2-core machine the
 * threaded binary with its one thread ran 2.91 ms/step against the plain one's 1.91, and only the
 * plain one trains bit-identically to Node (apps/web/e2e/run-in-chromium.mjs measures both).
 */
function threadCount(): number {
  return Math.min(4, Math.max(1, Math.floor((navigator.hardwareConcurrency || 1) / 2)));
}

async function init(url: string): Promise<void> {
  baseUrl = url;
  backendReady = (async () => {
    status('starting the WebAssembly backend');
    const backend = await initWasmBackend({
      wasmPaths: new URL('wasm/', baseUrl).href,
      threads: threadCount(),
    });
    post({
      type: 'ready',
      backend,
      crossOriginIsolated: self.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency,
    });
    status('ready', false);
  })();
  await backendReady;
}

/** In [3] and [4]: the untrained model's logits, softmax and loss on x_train[:1]. */
function untrainedCell(m: tfl.LayersModel, trainSplit: MnistSplit): void {
  const first = sliceExamples(trainSplit, 0, 1);
  const { logits, probabilities, loss } = tf.tidy(() => {
    const { inputShape } = classifierSignature(m);
    const features = tf.reshape(toTensors(first).features, [1, ...inputShape]);
    const output = m.predict(features) as tf.Tensor2D;
    const labels = tf.tensor1d(Int32Array.from(first.labels), 'int32');
    return {
      logits: Array.from(output.dataSync()),
      probabilities: Array.from(tf.softmax(output).dataSync()),
      loss: sparseCategoricalCrossentropy({ fromLogits: true })(labels, output).dataSync()[0]!,
    };
  });
  post({
    type: 'untrained',
    pixels: digit(trainSplit, 0),
    label: first.labels[0]!,
    logits,
    probabilities,
    loss,
    uniformLoss: Math.log(first.numClasses),
  });
}

/** In [5]: `model.fit`, posting every batch and epoch. Returns whether Stop cut it short. */
async function fitCell(
  m: tfl.LayersModel,
  trainSplit: MnistSplit,
  test: MnistSplit,
  config: RunConfig,
  signal: AbortSignal,
): Promise<boolean> {
  const validationData = sliceExamples(test, 0, Math.min(VALIDATION_EXAMPLES, test.count));
  const steps = Math.ceil(trainSplit.count / config.batchSize);
  post({
    type: 'fit-begin',
    epochs: config.epochs,
    steps,
    trainCount: trainSplit.count,
    validationCount: validationData.count,
  });
  status(`training: epoch 1/${config.epochs}`);
  // The trainer reports running means over the epoch; the batch's own values follow from the
  // running sums (each batch weighted by its size, the last one possibly smaller).
  let seen = 0;
  let lossSum = 0;
  let correct = 0;
  const start = performance.now();
  const { history, optimizer } = await train(m, trainSplit, {
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed: config.seed,
    validationData,
    signal,
    ...(config.augment && { augment: {} }),
    callbacks: {
      onEpochBegin: (epoch, info) => {
        seen = 0;
        lossSum = 0;
        correct = 0;
        status(`training: epoch ${epoch + 1}/${info.epochs}`);
        post({ type: 'epoch-begin', epoch, epochs: info.epochs, steps: info.steps });
      },
      onBatchEnd: (info) => {
        const total = Math.min((info.step + 1) * config.batchSize, trainSplit.count);
        const size = total - seen;
        const batchLoss = (info.loss * total - lossSum) / size;
        const batchAccuracy = (info.accuracy * total - correct) / size;
        seen = total;
        lossSum = info.loss * total;
        correct = info.accuracy * total;
        post({
          type: 'batch',
          epoch: info.epoch,
          step: info.step,
          steps: info.steps,
          loss: batchLoss,
          accuracy: Math.min(1, Math.max(0, batchAccuracy)),
          epochLoss: info.loss,
          epochAccuracy: info.accuracy,
          msPerStep: info.msPerStep,
        });
      },
      onEpochEnd: (epoch, logs) => {
        post({ type: 'epoch-end', epoch, logs });
      },
    },
  });
  optimizer.dispose();
  const trainMs = performance.now() - start;
  const stopped = history.aborted !== null;
  post({ type: 'fit-end', history, trainMs, stopped });
  lastTrainMs = trainMs;
  return stopped;
}

let lastTrainMs: number | undefined;

/** In [6], [7] and [8], and the misclassified digits: the model on the whole test set. */
async function testCells(m: tfl.LayersModel, test: MnistSplit): Promise<void> {
  status(`evaluating on ${test.count.toLocaleString('en-US')} test images`);
  const result = await evaluate(m, test, { batchSize: 500 });
  post({ type: 'evaluated', loss: result.loss, accuracy: result.accuracy, count: result.count });

  const classes = test.numClasses;
  const probabilities = await predictProbabilities(m, test, { batchSize: 500 });
  const predicted = argMaxRows(probabilities, classes);
  const row = (i: number) => Array.from(probabilities.subarray(i * classes, (i + 1) * classes));

  const shown = Math.min(PROBABILITY_EXAMPLES, test.count);
  post({
    type: 'probabilities',
    items: Array.from({ length: shown }, (_, i) => ({
      pixels: digit(test, i),
      label: test.labels[i]!,
      predicted: predicted[i]!,
      probabilities: row(i),
    })),
  });

  const matrix = confusionMatrix(test.labels, predicted, classes);
  post({
    type: 'confusion',
    counts: matrix.counts.map((counts) => [...counts]),
    accuracy: matrix.accuracy,
  });

  const wrong: { index: number; probability: number }[] = [];
  for (let i = 0; i < test.count; i++) {
    if (predicted[i] !== test.labels[i]) {
      wrong.push({ index: i, probability: probabilities[i * classes + predicted[i]!]! });
    }
  }
  wrong.sort((a, b) => b.probability - a.probability);
  post({
    type: 'misclassified',
    total: wrong.length,
    items: wrong.slice(0, MISCLASSIFIED_SHOWN).map(({ index, probability }) => ({
      pixels: digit(test, index),
      label: test.labels[index]!,
      predicted: predicted[index]!,
      probability,
    })),
  });
}

function createModel(config: RunConfig): tfl.LayersModel {
  return config.model === 'cnn'
    ? createMnistCnn({ seed: config.seed })
    : createMnistMlp({ seed: config.seed });
}

function replaceModel(next: tfl.LayersModel): void {
  model?.dispose();
  model = next;
}

/** Runs `task` unless another run or load is under way; reports its error to the page. */
async function exclusive(during: string, task: () => Promise<void>): Promise<void> {
  if (busy) {
    post({ type: 'error', during, message: 'the worker is busy; wait for the current run' });
    return;
  }
  busy = true;
  try {
    await backendReady;
    await task();
  } catch (error) {
    console.error(error);
    post({ type: 'error', during, message: errorText(error) });
    status(`error during ${during}: ${errorText(error)}`, false);
  } finally {
    busy = false;
    abort = undefined;
  }
}

function run(config: RunConfig): Promise<void> {
  return exclusive('the run', async () => {
    abort = new AbortController();
    const { signal } = abort;
    status('loading MNIST');
    const data = await loadMnist();
    const trainSplit = sliceExamples(data.train, 0, Math.min(config.trainLimit, data.train.count));
    post({
      type: 'data',
      train: { count: trainSplit.count, shape: [...trainSplit.shape] },
      test: { count: data.test.count, shape: [...data.test.shape] },
      loadMs: data.loadMs,
      samples: Array.from({ length: Math.min(SAMPLE_DIGITS, trainSplit.count) }, (_, i) => ({
        pixels: digit(trainSplit, i),
        label: trainSplit.labels[i]!,
      })),
    });
    const next = createModel(config);
    replaceModel(next);
    post({ type: 'model', kind: config.model, summary: summary(next) });
    untrainedCell(next, trainSplit);
    lastTrainMs = undefined;
    const stopped = await fitCell(next, trainSplit, data.test, config, signal);
    await testCells(next, data.test);
    post({ type: 'done', stopped, ...(lastTrainMs !== undefined && { trainMs: lastTrainMs }) });
    status(
      stopped
        ? 'stopped: training was cut short; the model as trained so far was evaluated and predicts'
        : `done in ${((lastTrainMs ?? 0) / 1000).toFixed(1)} s of training`,
      false,
    );
  });
}

async function predictDrawing(id: number, image: ImageData): Promise<void> {
  try {
    await backendReady;
    if (model === undefined) throw new Error('no model yet: train one (Start) or load one');
    const layout = toMnistLayout({ data: image.data, width: image.width, height: image.height });
    const probabilities = await predictProbabilities(model, {
      features: layout.pixels,
      count: 1,
      shape: [28, 28],
    });
    const values = Array.from(probabilities);
    post({
      type: 'prediction',
      id,
      pixels: layout.pixels,
      probabilities: values,
      predicted: argMaxRows(probabilities, values.length)[0]!,
    });
  } catch (error) {
    post({ type: 'prediction-error', id, message: errorText(error) });
  }
}

/** The model's files in TF.js's layers format: `model.json` naming `weights.bin`, and the weights. */
async function modelFiles(
  m: tfl.LayersModel,
): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  let files: { modelJson: string; weights: ArrayBuffer } | undefined;
  await m.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-core v${tf.version_core}`,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
      };
      files = { modelJson: JSON.stringify(json), weights };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return files!;
}

function save(): Promise<void> {
  return exclusive('Save', async () => {
    if (model === undefined) throw new Error('no model to save: train one (Start) or load one');
    status('saving the model');
    const files = await modelFiles(model);
    await model.save(INDEXED_DB_URL);
    post(
      {
        type: 'saved',
        modelJson: files.modelJson,
        weights: files.weights,
        indexedDb: INDEXED_DB_URL,
      },
      [files.weights],
    );
    status(`saved: model.json + weights.bin downloaded, and stored in ${INDEXED_DB_URL}`, false);
  });
}

function load(source: 'files' | 'indexeddb', files: File[] = []): Promise<void> {
  return exclusive('Load', async () => {
    let handler: tf.io.IOHandler | string;
    if (source === 'files') {
      const json = files.filter((file) => file.name.endsWith('.json'));
      if (json.length !== 1) throw new Error('pick one model.json and its weight file(s)');
      handler = tf.io.browserFiles([json[0]!, ...files.filter((file) => file !== json[0])]);
    } else {
      handler = INDEXED_DB_URL;
    }
    status(source === 'files' ? 'loading the model files' : `loading ${INDEXED_DB_URL}`);
    const loaded = await tfl.loadLayersModel(handler);
    classifierSignature(loaded); // one input, [batch, classes] output, or a clear error
    replaceModel(loaded);
    post({ type: 'model', kind: 'loaded', summary: summary(loaded) });
    status('loading MNIST');
    const data = await loadMnist();
    await testCells(loaded, data.test);
    post({ type: 'done', stopped: false });
    status(
      `loaded the model from ${source === 'files' ? files.map((f) => f.name).join(' + ') : INDEXED_DB_URL} and evaluated it; done`,
      false,
    );
  });
}

self.addEventListener('message', (event: MessageEvent<PageToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      init(message.baseUrl).catch((error: unknown) => {
        post({ type: 'error', during: 'start-up', message: errorText(error) });
        status(`error: ${errorText(error)}`, false);
      });
      break;
    case 'run':
      void run(message.config);
      break;
    case 'stop':
      abort?.abort();
      break;
    case 'predict':
      void predictDrawing(message.id, message.image);
      break;
    case 'save':
      void save();
      break;
    case 'load-files':
      void load('files', message.files);
      break;
    case 'load-indexeddb':
      void load('indexeddb');
      break;
  }
});
