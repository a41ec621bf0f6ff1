// The page's elements, charts and state in one object, handed to every renderer.
import { createLineChart, createSmoother, type LineChart, type Smoother } from '@mnist-wasm/report';
import type { ModelKind, PageToWorker } from './protocol';

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

/** The elements of index.html the page reads and writes, by their ids. */
function pageElements() {
  const input = (id: string) => byId<HTMLInputElement>(id);
  const button = (id: string) => byId<HTMLButtonElement>(id);
  return {
    backend: byId('backend'),
    form: byId<HTMLFormElement>('controls'),
    model: byId<HTMLSelectElement>('model'),
    dataset: byId<HTMLSelectElement>('dataset'),
    datasetUrl: input('dataset-url'),
    datasetUrlField: byId('dataset-url-field'),
    epochs: input('epochs'),
    batchSize: input('batch-size'),
    seed: input('seed'),
    trainLimit: input('train-limit'),
    augment: input('augment'),
    start: button('start'),
    stop: button('stop'),
    save: button('save'),
    load: button('load'),
    loadIndexedDb: button('load-indexeddb'),
    loadFiles: input('load-files'),
    status: byId('status'),
    saved: byId('saved'),
    dataShapes: byId('data-shapes'),
    dataSamples: byId('data-samples'),
    modelCode: byId('model-code'),
    modelSummary: byId('model-summary'),
    untrainedDigit: byId<HTMLCanvasElement>('untrained-digit'),
    untrainedLabel: byId('untrained-label'),
    untrainedLogits: byId('untrained-logits'),
    untrainedProbabilities: byId('untrained-probabilities'),
    untrainedLoss: byId('untrained-loss'),
    fitCode: byId('fit-code'),
    progress: byId<HTMLProgressElement>('progress'),
    progressText: byId('progress-text'),
    fitLog: byId('fit-log'),
    evaluationCount: byId('evaluation-count'),
    testLoss: byId('test-loss'),
    testAccuracy: byId('test-accuracy'),
    kerasQuote: byId('keras-quote'),
    datasetMismatch: byId('dataset-mismatch'),
    testProbabilities: byId('test-probabilities'),
    confusion: byId('confusion'),
    misclassifiedSummary: byId('misclassified-summary'),
    misclassified: byId('misclassified'),
    drawHint: byId('draw-hint'),
    drawModel: byId('draw-model'),
    pad: byId('pad'),
    clear: button('clear'),
    seen: byId<HTMLCanvasElement>('seen'),
    prediction: byId('prediction'),
    padProbabilities: byId('pad-probabilities'),
  };
}

export type PageElements = ReturnType<typeof pageElements>;

function chart(
  id: string,
  title: string,
  series: string[],
  yLabel: string,
  wholeX = false,
): LineChart {
  // Batches are placed at their fraction of an epoch, so every chart's x is in epochs.
  return createLineChart(byId(id), { title, series, yLabel, xLabel: 'epoch', wholeX, testId: id });
}

/** The four charts of the fit cell. */
function fitCharts() {
  return {
    batchLoss: chart('chart-batch-loss', 'Loss per batch', ['batch', 'smoothed'], 'loss'),
    batchAccuracy: chart(
      'chart-batch-accuracy',
      'Accuracy per batch',
      ['batch', 'smoothed'],
      'accuracy',
    ),
    epochLoss: chart(
      'chart-epoch-loss',
      'Loss per epoch',
      ['training', 'validation'],
      'loss',
      true,
    ),
    epochAccuracy: chart(
      'chart-epoch-accuracy',
      'Accuracy per epoch',
      ['training', 'validation'],
      'accuracy',
      true,
    ),
  };
}

/** What the page knows between messages. */
export interface PageState {
  backendReady: boolean;
  /** The worker is busy (a run, a load or a save). */
  busy: boolean;
  running: boolean;
  /** The run's training ended: it is evaluating, which Stop does not cut short. */
  fitEnded: boolean;
  stopping: boolean;
  hasModel: boolean;
  /** A model is stored in IndexedDB (Save put one there), so Load from browser has one to read. */
  stored: boolean;
  /** The largest batch of each kind of model, from the worker's `ready`. */
  batchBounds: Record<ModelKind, number> | undefined;
  /** The fit under way: steps in all, epochs, when it began and last showed its progress (ms). */
  fit: { totalSteps: number; epochs: number; start: number; shown: number };
  smoothers: { loss: Smoother; accuracy: Smoother };
  /** The current model's class names, class 0 first: the digits until a model says otherwise. */
  classNames: string[];
  /**
   * The class names of the data set the page trains or evaluates on, class 0 first: the data
   * cell's captions and the test cells' true labels (the model's may differ after a Load).
   */
  dataClassNames: string[];
  /** Drawing: the id of the latest request, whether one is in flight, the drawing waiting. */
  prediction: { latest: number; inFlight: boolean; pending: ImageData | undefined };
}

/** The class names of MNIST, and of a model that names none. */
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface Page {
  ui: PageElements;
  charts: ReturnType<typeof fitCharts>;
  state: PageState;
  send: (message: PageToWorker) => void;
}

export function createPage(send: (message: PageToWorker) => void): Page {
  return {
    ui: pageElements(),
    charts: fitCharts(),
    state: {
      backendReady: false,
      busy: false,
      running: false,
      fitEnded: false,
      stopping: false,
      hasModel: false,
      stored: false,
      batchBounds: undefined,
      fit: { totalSteps: 0, epochs: 0, start: 0, shown: 0 },
      smoothers: { loss: createSmoother(), accuracy: createSmoother() },
      prediction: { latest: 0, inFlight: false, pending: undefined },
      classNames: DIGITS,
      dataClassNames: DIGITS,
    },
    send,
  };
}

export function setStatus(page: Page, text: string): void {
  page.ui.status.textContent = text;
}

/** Enables the controls that fit the state: Start when idle, Stop while running, ... */
export function updateControls({ ui, state }: Page): void {
  const idle = state.backendReady && !state.busy && !state.running;
  ui.start.disabled = !idle;
  ui.stop.disabled = !state.running || state.stopping || state.fitEnded;
  ui.save.disabled = !idle || !state.hasModel;
  ui.load.disabled = !idle;
  ui.loadIndexedDb.disabled = !idle || !state.stored;
  const fields = [ui.model, ui.dataset, ui.datasetUrl, ui.epochs, ui.batchSize, ui.seed];
  for (const input of [...fields, ui.trainLimit, ui.augment]) {
    input.disabled = state.running;
  }
  const bound = state.batchBounds?.[ui.model.value === 'cnn' ? 'cnn' : 'mlp'];
  if (bound !== undefined) ui.batchSize.max = String(bound);
}

/** Clears the outputs of the cells a run or a load fills again. */
export function resetOutputs({ ui, charts, state }: Page): void {
  for (const each of Object.values(charts)) each.reset();
  state.smoothers = { loss: createSmoother(), accuracy: createSmoother() };
  ui.progress.value = 0;
  ui.progressText.textContent = '';
  ui.fitLog.textContent = '';
  for (const cell of [ui.evaluationCount, ui.testLoss, ui.testAccuracy]) cell.textContent = '–';
  ui.kerasQuote.hidden = true;
  ui.datasetMismatch.hidden = true;
  for (const cell of [ui.testProbabilities, ui.confusion, ui.misclassified]) cell.replaceChildren();
  ui.misclassifiedSummary.textContent = '';
  ui.saved.hidden = true;
}
