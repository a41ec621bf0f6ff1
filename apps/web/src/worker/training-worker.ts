// The training worker: all TensorFlow.js work of the page happens here, so the page stays
// responsive while a model trains. It runs the notebook's cells from @mnist-wasm/pipeline and
// posts what each returns, and answers predict, save and load requests. Messages: src/protocol.ts.
import { DatasetError, type Mnist, sliceExamples, toMnistLayout } from '@mnist-wasm/dataset';
import { predict } from '@mnist-wasm/evaluator';
import {
  classifierMetadata,
  classifierSignature,
  SavedModelError,
  setClassifierMetadata,
  summary,
} from '@mnist-wasm/model';
import * as pipeline from '@mnist-wasm/pipeline';
import type { SpawnTrainingThread } from '@mnist-wasm/trainer';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type DataChoice,
  MISCLASSIFIED_SHOWN,
  type PageFault,
  type PageToWorker,
  PROBABILITY_EXAMPLES,
  type RunConfig,
  SAMPLE_DIGITS,
  VALIDATION_EXAMPLES,
  type WorkerToPage,
} from '../protocol';
import { offlineMnistMessage } from '../service-worker-offline-mnist';
import { dataSource, dataTitle } from './data-source';
import { datasetMismatch } from './dataset-mismatch';
import { downloadProgress } from './download-progress';
import { hasStoredModel, modelSource, saveModel } from './model-io';
import { loadPretrained, PRETRAINED_NAME } from './pretrained';
import { type MnistNeed, mnistCache, startBackend, wasmFolder } from './runtime';
import { spawnPageThread } from './spawn-thread';

/** Test images per inference batch of the test cells. */
const TEST_BATCH = 500;

function post(message: WorkerToPage, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}

/** The last status posted, so a task that ends without saying so still clears the page's busy. */
let lastStatus = { text: '', busy: false };

function status(text: string, busy = true): void {
  lastStatus = { text, busy };
  post({ type: 'status', text, busy });
}

function errorText(error: unknown): string {
  // A picked file's fault: the message names the file and what to pick, the class adds nothing.
  if (error instanceof SavedModelError) return error.message;
  // Offline without MNIST in the service worker's cache: what to do, not the fetch's failure.
  const offline = offlineMnistMessage(error);
  if (offline !== undefined) return offline;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

let baseUrl = '';
let backendReady: Promise<void> | undefined;
/** Threads every run asks for, decided once the backend is up; and how it starts the helpers. */
let threads = 1;
let spawnThread: SpawnTrainingThread | undefined;
const progress = downloadProgress((text) => status(text));
const loadData = mnistCache(progress.onProgress, progress.reset, () => threads > 1);
/** The data of `choice` as far as `need` asks, from the build or the URL the page gave. */
const loadMnist = (choice: DataChoice, need: MnistNeed, signal: AbortSignal) =>
  loadData(dataSource(choice, baseUrl), need, signal);
/**
 * The class names of a model that carries none (the pretrained one, old files): its indices, the
 * digits for ten classes.
 */
function indices(m: tfl.LayersModel): string[] {
  return Array.from({ length: classifierSignature(m).numClasses }, (_, index) => String(index));
}
/** The model the page works with: the last one trained or loaded. */
let model: tfl.LayersModel | undefined;
/** Set while a run or a load is in progress; the page does not start another meanwhile. */
let busy = false;
let abort: AbortController | undefined;
/** Whether the task under way reads data from a URL the user gave (not the build's MNIST). */
let usersData = false;

function replaceModel(next: tfl.LayersModel): void {
  model?.dispose();
  model = next;
}

/** Runs `task` unless another run or load is under way; reports its error to the page. */
async function exclusive(during: string, task: (signal: AbortSignal) => Promise<void>) {
  if (busy) {
    post({ type: 'error', during, message: 'the worker is busy; wait for the current run' });
    return;
  }
  busy = true;
  abort = new AbortController();
  try {
    await backendReady;
    await task(abort.signal);
  } catch (error) {
    if (abort.signal.aborted) {
      // Stop before training began (MNIST still loading): nothing to evaluate.
      post({ type: 'done', stopped: true });
      return status(`stopped during ${during}, before training`, false);
    }
    // A picked file's or a given URL's fault is the user's to fix, said in the status; anything
    // else is a bug.
    const usersFault =
      error instanceof SavedModelError || (usersData && error instanceof DatasetError);
    if (!usersFault && offlineMnistMessage(error) === undefined) {
      console.error(error);
    }
    post({ type: 'error', during, message: errorText(error) });
    status(`error during ${during}: ${errorText(error)}`, false);
  } finally {
    busy = false;
    abort = undefined;
    usersData = false;
    if (lastStatus.busy) status(lastStatus.text, false);
  }
}

/** In [6], [7] and [8], and the misclassified digits: the model on the whole test set. */
async function testCells(m: tfl.LayersModel, test: Mnist['test'], quoteKeras: boolean) {
  status(`evaluating on ${test.count.toLocaleString('en-US')} test images`);
  const options = { batchSize: TEST_BATCH };
  post({
    type: 'evaluated',
    ...(await pipeline.evaluateModel(m, test, { ...options, quoteKeras })),
  });
  post({
    type: 'probabilities',
    items: await pipeline.probabilities(m, test, PROBABILITY_EXAMPLES),
  });
  post({ type: 'confusion', matrix: await pipeline.confusion(m, test, options) });
  const mistakes = await pipeline.mostConfidentMistakes(m, test, MISCLASSIFIED_SHOWN, options);
  post({ type: 'misclassified', ...mistakes });
}

function run(config: RunConfig): Promise<void> {
  return exclusive('the run', async (signal) => {
    usersData = config.data.set !== 'mnist';
    const title = dataTitle(config.data);
    status(`loading ${title}`);
    // The first training examples the run asks for, and the test set it evaluates on.
    const need = { train: config.trainLimit, test: true };
    const { data, loadMs, classNames } = await loadMnist(config.data, need, signal);
    const train = sliceExamples(data.train, 0, Math.min(config.trainLimit, data.train.count));
    const { test } = data;
    post({
      type: 'data',
      loadMs,
      title,
      classNames,
      ...pipeline.describeData(train, test, { samples: SAMPLE_DIGITS }),
    });
    const built = pipeline.buildModel(config.model, { seed: config.seed });
    // Saved with the model (Save's files and IndexedDB), so a model loaded later names its classes.
    const dataset = config.data.set === 'own' ? undefined : config.data.set;
    setClassifierMetadata(built.model, { classNames, ...(dataset && { dataset }) });
    replaceModel(built.model);
    const { kind, code } = built;
    post({ type: 'model', kind, code, summary: built.summary, classNames });
    post({ type: 'untrained', ...pipeline.untrainedCells(built.model, train) });

    const validationData = sliceExamples(test, 0, Math.min(VALIDATION_EXAMPLES, test.count));
    const { epochs, batchSize } = config;
    const steps = Math.ceil(train.count / batchSize);
    const counts = { trainCount: train.count, validationCount: validationData.count };
    post({ type: 'fit-begin', epochs, steps, ...counts });
    const options = {
      ...config,
      validationData,
      signal,
      threads,
      ...(spawnThread && { spawnThread }),
    };
    const fit = await pipeline.fitModel(built.model, train, options, (event) => {
      if (event.type === 'epoch-begin') status(`training: epoch ${event.epoch + 1}/${epochs}`);
      post(event);
    });
    post({
      type: 'fit-end',
      history: fit.history,
      trainMs: fit.trainMs,
      stopped: fit.stopped,
      threads: fit.threads,
      threadRefusal: fit.threadRefusal,
    });

    const settings = { ...config, trainCount: train.count, testCount: test.count };
    await testCells(built.model, test, pipeline.isKerasNotebookRun(settings));
    post({ type: 'done', stopped: fit.stopped });
    status(
      fit.stopped
        ? 'stopped: training was cut short; the model as trained so far was evaluated and predicts'
        : `done in ${(fit.trainMs / 1000).toFixed(1)} s of training`,
      false,
    );
  });
}

async function predictDrawing(id: number, image: ImageData): Promise<void> {
  try {
    await backendReady;
    if (model === undefined) throw new Error('no model yet: train one (Start) or load one');
    const { data, width, height } = image;
    const { pixels } = toMnistLayout({ data, width, height });
    const [seen] = await predict(model, { features: pixels, count: 1, shape: [28, 28] });
    const { probabilities, predicted } = seen!;
    post({ type: 'prediction', id, pixels, probabilities, predicted });
  } catch (error) {
    post({ type: 'prediction-error', id, message: errorText(error) });
  }
}

function save(): Promise<void> {
  return exclusive('Save', async () => {
    if (model === undefined) throw new Error('no model to save: train one (Start) or load one');
    status('saving the model');
    const saved = await saveModel(model);
    post(saved, [saved.weights.buffer]);
    post({ type: 'stored', indexedDb: await hasStoredModel() });
    status(
      `saved: model.json + ${saved.weightsName} downloaded, and stored in ${saved.indexedDb}`,
      false,
    );
  });
}

/** Loads a model from the picked `files`, or from IndexedDB when none, and runs the test cells. */
function load(files: File[], choice: DataChoice): Promise<void> {
  return exclusive('Load', async (signal) => {
    const { handler, from } = await modelSource(files);
    status(`loading ${from}`);
    const loaded = await tfl.loadLayersModel(handler);
    try {
      classifierSignature(loaded); // one input, [batch, classes] output, or a clear error
    } catch (error) {
      loaded.dispose();
      throw error;
    }
    replaceModel(loaded);
    // A model saved before class names were recorded shows its classes by index.
    const metadata = classifierMetadata(loaded);
    const classNames = [...(metadata?.classNames ?? indices(loaded))];
    post({ type: 'model', kind: 'loaded', code: null, summary: summary(loaded), classNames });
    usersData = choice.set !== 'mnist';
    const title = dataTitle(choice);
    status(`loading ${title}`);
    // Evaluating needs the test set only.
    const loadedData = await loadMnist(choice, { train: 0, test: true }, signal);
    const { data } = loadedData;
    const mismatch = datasetMismatch(metadata, {
      set: choice.set,
      title,
      classNames: loadedData.classNames,
    });
    post({
      type: 'evaluation-set',
      title,
      classNames: loadedData.classNames,
      mismatch: mismatch ?? null,
    });
    await testCells(loaded, data.test, false);
    post({ type: 'done', stopped: false });
    status(`loaded the model from ${from} and evaluated it; done`, false);
  });
}

/**
 * Loads the pretrained convnet once the backend is ready, so Start works before it is in; it
 * becomes the page's model only if no run or load set one meanwhile.
 */
async function loadPretrainedModel(): Promise<void> {
  const pretrained = await loadPretrained();
  if (pretrained === undefined) {
    if (model === undefined) post({ type: 'pretrained-failed', name: PRETRAINED_NAME });
    return;
  }
  if (model !== undefined) {
    pretrained.dispose();
    return;
  }
  model = pretrained;
  const classNames = [...(classifierMetadata(pretrained)?.classNames ?? indices(pretrained))];
  post({ type: 'pretrained', name: PRETRAINED_NAME, classNames });
  // Said again while idle, so a page that restarted the worker can say the pad answers again.
  if (!busy && lastStatus.text === 'ready') status('ready', false);
}

function init(url: string, requested?: number, fault?: PageFault): void {
  baseUrl = url;
  status('starting the WebAssembly backend');
  backendReady = startBackend(url, requested).then(async (ready) => {
    threads = ready.threads;
    spawnThread = threads > 1 ? spawnPageThread(wasmFolder(url), fault) : undefined;
    post(ready);
    post({ type: 'pretrained-loading', name: PRETRAINED_NAME });
    post({ type: 'stored', indexedDb: await hasStoredModel() });
    status('ready', false);
  });
  backendReady.then(loadPretrainedModel, () => undefined);
  backendReady.catch((error: unknown) => {
    post({ type: 'error', during: 'start-up', message: errorText(error) });
    status(`error: ${errorText(error)}`, false);
  });
}

self.addEventListener('message', (event: MessageEvent<PageToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      return init(message.baseUrl, message.threads, message.fault);
    case 'run':
      return void run(message.config);
    case 'stop':
      return abort?.abort();
    case 'predict':
      return void predictDrawing(message.id, message.image);
    case 'save':
      return void save();
    case 'load-files':
      return void load(message.files, message.data);
    case 'load-indexeddb':
      return void load([], message.data);
  }
});
