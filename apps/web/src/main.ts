// The page: the notebook's cells, fed by the training worker (src/worker/training-worker.ts), which
// does all TensorFlow.js work so the page stays responsive. Messages: src/protocol.ts.
import '@mnist-wasm/report/views.css';
import './styles.css';
import {
  createDrawingPad,
  createLineChart,
  createSmoother,
  renderConfusionHeatmap,
  renderDigit,
  renderDigitGrid,
  renderMisclassified,
  renderProbabilityBars,
} from '@mnist-wasm/report';
import type { ModelKind, PageToWorker, RunConfig, WorkerToPage } from './protocol';

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

const ui = {
  backend: byId('backend'),
  form: byId<HTMLFormElement>('controls'),
  model: byId<HTMLSelectElement>('model'),
  epochs: byId<HTMLInputElement>('epochs'),
  batchSize: byId<HTMLInputElement>('batch-size'),
  seed: byId<HTMLInputElement>('seed'),
  trainLimit: byId<HTMLInputElement>('train-limit'),
  augment: byId<HTMLInputElement>('augment'),
  start: byId<HTMLButtonElement>('start'),
  stop: byId<HTMLButtonElement>('stop'),
  save: byId<HTMLButtonElement>('save'),
  load: byId<HTMLButtonElement>('load'),
  loadIndexedDb: byId<HTMLButtonElement>('load-indexeddb'),
  loadFiles: byId<HTMLInputElement>('load-files'),
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
  testProbabilities: byId('test-probabilities'),
  confusion: byId('confusion'),
  misclassifiedSummary: byId('misclassified-summary'),
  misclassified: byId('misclassified'),
  drawHint: byId('draw-hint'),
  pad: byId('pad'),
  clear: byId<HTMLButtonElement>('clear'),
  seen: byId<HTMLCanvasElement>('seen'),
  prediction: byId('prediction'),
  padProbabilities: byId('pad-probabilities'),
};

const MODEL_CODE: Record<ModelKind, string> = {
  mlp: 'model = Sequential([Flatten, Dense(128, relu), Dropout(0.2), Dense(10)]); model.summary()',
  cnn:
    'model = Sequential([Conv2D(8, 5, relu), MaxPool(2), Conv2D(16, 5, relu), MaxPool(2), ' +
    'Flatten, Dense(128, relu), Dropout(0.5), Dense(10)]); model.summary()',
};

const charts = {
  batchLoss: createLineChart(byId('chart-batch-loss'), {
    title: 'Loss per batch',
    series: ['batch', 'smoothed'],
    yLabel: 'loss',
    testId: 'chart-batch-loss',
  }),
  batchAccuracy: createLineChart(byId('chart-batch-accuracy'), {
    title: 'Accuracy per batch',
    series: ['batch', 'smoothed'],
    yLabel: 'accuracy',
    testId: 'chart-batch-accuracy',
  }),
  epochLoss: createLineChart(byId('chart-epoch-loss'), {
    title: 'Loss per epoch',
    series: ['training', 'validation'],
    yLabel: 'loss',
    testId: 'chart-epoch-loss',
  }),
  epochAccuracy: createLineChart(byId('chart-epoch-accuracy'), {
    title: 'Accuracy per epoch',
    series: ['training', 'validation'],
    yLabel: 'accuracy',
    testId: 'chart-epoch-accuracy',
  }),
};

let lossSmoother = createSmoother();
let accuracySmoother = createSmoother();

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), {
  type: 'module',
});
function send(message: PageToWorker): void {
  worker.postMessage(message);
}

let backendReady = false;
let running = false;
let stopping = false;
let hasModel = false;
let busy = false;

function setStatus(text: string): void {
  ui.status.textContent = text;
}

function updateButtons(): void {
  const idle = backendReady && !busy && !running;
  ui.start.disabled = !idle;
  ui.stop.disabled = !running || stopping;
  ui.save.disabled = !idle || !hasModel;
  ui.load.disabled = !idle;
  ui.loadIndexedDb.disabled = !idle;
  for (const input of [ui.model, ui.epochs, ui.batchSize, ui.seed, ui.trainLimit, ui.augment]) {
    input.disabled = running;
  }
}

function wholeNumber(input: HTMLInputElement): number {
  const value = Number(input.value);
  const min = Number(input.min);
  const max = Number(input.max);
  if (!Number.isInteger(value) || value < min || value > max) {
    const name = input.labels?.[0]?.textContent?.trim() ?? input.id;
    throw new Error(`${name}: give a whole number from ${min} to ${max}`);
  }
  return value;
}

function readConfig(): RunConfig {
  return {
    model: ui.model.value === 'cnn' ? 'cnn' : 'mlp',
    epochs: wholeNumber(ui.epochs),
    batchSize: wholeNumber(ui.batchSize),
    seed: wholeNumber(ui.seed),
    trainLimit: wholeNumber(ui.trainLimit),
    augment: ui.augment.checked,
  };
}

function format(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function resetOutputs(): void {
  for (const chart of Object.values(charts)) chart.reset();
  lossSmoother = createSmoother();
  accuracySmoother = createSmoother();
  ui.progress.value = 0;
  ui.progressText.textContent = '';
  ui.fitLog.textContent = '';
  ui.evaluationCount.textContent = '–';
  ui.testLoss.textContent = '–';
  ui.testAccuracy.textContent = '–';
  ui.testProbabilities.replaceChildren();
  ui.confusion.replaceChildren();
  ui.misclassified.replaceChildren();
  ui.misclassifiedSummary.textContent = '';
  ui.saved.hidden = true;
}

/** Logits as horizontal bars around zero, with their values. */
function renderLogits(container: HTMLElement, logits: number[]): void {
  const largest = Math.max(...logits.map(Math.abs), 1e-9);
  container.replaceChildren(
    ...logits.map((logit, digit) => {
      const row = document.createElement('div');
      row.className = 'logit-row';
      const label = document.createElement('span');
      label.textContent = String(digit);
      const track = document.createElement('span');
      track.className = 'logit-track';
      const bar = document.createElement('span');
      bar.className = logit < 0 ? 'logit-bar negative' : 'logit-bar';
      bar.style.width = `${(Math.abs(logit) / largest) * 50}%`;
      track.append(bar);
      const value = document.createElement('span');
      value.className = 'mono';
      value.textContent = logit.toFixed(3);
      row.append(label, track, value);
      return row;
    }),
  );
}

let totalSteps = 0;
let epochsTotal = 0;
let fitStart = 0;

function handle(message: WorkerToPage): void {
  switch (message.type) {
    case 'ready': {
      const { backend } = message;
      backendReady = true;
      ui.backend.textContent =
        `TensorFlow.js ${backend.tfjsVersion} · backend ${backend.backend} · ` +
        `SIMD ${backend.simd ? 'on' : 'off'} · ${backend.threads} thread${backend.threads === 1 ? '' : 's'}` +
        (message.crossOriginIsolated
          ? ''
          : ' (the page is not cross-origin isolated, so one thread)');
      break;
    }
    case 'status':
      busy = message.busy;
      if (!(stopping && message.busy)) setStatus(message.text);
      break;
    case 'data': {
      const shape = (count: number, dims: number[]) => `(${[count, ...dims].join(', ')})`;
      ui.dataShapes.textContent = [
        `x_train ${shape(message.train.count, message.train.shape)} uint8, y_train (${message.train.count},) uint8`,
        `x_test  ${shape(message.test.count, message.test.shape)} uint8, y_test  (${message.test.count},) uint8`,
        `loaded in ${message.loadMs.toFixed(0)} ms; pixels become x / 255.0 batch by batch`,
      ].join('\n');
      renderDigitGrid(
        ui.dataSamples,
        message.samples.map(({ pixels, label }) => ({ pixels, caption: String(label) })),
      );
      break;
    }
    case 'model':
      ui.modelCode.textContent =
        message.kind === 'loaded'
          ? 'model = tf.loadLayersModel(...); model.summary()'
          : MODEL_CODE[message.kind];
      ui.modelSummary.textContent = message.summary;
      hasModel = true;
      ui.drawHint.textContent = 'Draw a digit in the box; the model classifies it as you draw.';
      break;
    case 'untrained':
      renderDigit(ui.untrainedDigit, message.pixels, 4);
      ui.untrainedLabel.textContent = `x_train[0], label ${message.label}`;
      renderLogits(ui.untrainedLogits, message.logits);
      renderProbabilityBars(ui.untrainedProbabilities, message.probabilities, {
        testId: 'untrained-probabilities',
      });
      ui.untrainedLoss.innerHTML = '';
      ui.untrainedLoss.append(
        lossLine('untrained loss', message.loss, message.uniformLoss),
        lossLine('−ln(1/10), a uniform guess', message.uniformLoss, message.uniformLoss),
      );
      break;
    case 'fit-begin':
      totalSteps = message.epochs * message.steps;
      epochsTotal = message.epochs;
      fitStart = performance.now();
      ui.progress.max = totalSteps;
      ui.progress.value = 0;
      ui.fitLog.textContent =
        `${message.trainCount.toLocaleString('en-US')} training images, ${message.steps} batches per epoch; ` +
        `validation: the first ${message.validationCount.toLocaleString('en-US')} test images\n`;
      break;
    case 'epoch-begin':
      break;
    case 'batch': {
      const done = message.epoch * message.steps + message.step + 1;
      ui.progress.value = done;
      const elapsed = (performance.now() - fitStart) / 1000;
      const eta = (elapsed / done) * (totalSteps - done);
      ui.progressText.textContent =
        `epoch ${message.epoch + 1}/${epochsTotal} · ${message.step + 1}/${message.steps} · ` +
        `loss ${format(message.epochLoss)} · accuracy ${format(message.epochAccuracy)} · ` +
        `${message.msPerStep.toFixed(1)} ms/step · ${elapsed.toFixed(1)} s, ~${eta.toFixed(0)} s left`;
      const x = message.epoch + (message.step + 1) / message.steps;
      charts.batchLoss.push(x, [message.loss, lossSmoother.next(message.loss)]);
      charts.batchAccuracy.push(x, [message.accuracy, accuracySmoother.next(message.accuracy)]);
      break;
    }
    case 'epoch-end': {
      const { logs, epoch } = message;
      charts.epochLoss.push(epoch + 1, [logs.loss, logs.valLoss ?? null]);
      charts.epochAccuracy.push(epoch + 1, [logs.accuracy, logs.valAccuracy ?? null]);
      ui.fitLog.textContent +=
        `Epoch ${epoch + 1}/${epochsTotal} - loss: ${format(logs.loss)} - accuracy: ${format(logs.accuracy)}` +
        (logs.valLoss === undefined
          ? ''
          : ` - val_loss: ${format(logs.valLoss)} - val_accuracy: ${format(logs.valAccuracy ?? Number.NaN)}`) +
        '\n';
      break;
    }
    case 'fit-end': {
      const { history } = message;
      // For tests and automation: the run's history as the trainer returned it, unrounded.
      window.mnistWeb = { history, trainMs: message.trainMs };
      ui.fitLog.textContent +=
        `trained in ${(message.trainMs / 1000).toFixed(1)} s` +
        (history.aborted
          ? ` (stopped in epoch ${history.aborted.epoch + 1} after step ${history.aborted.step + 1})`
          : '') +
        '\n';
      break;
    }
    case 'evaluated':
      ui.evaluationCount.textContent = message.count.toLocaleString('en-US');
      ui.testLoss.textContent = format(message.loss);
      ui.testAccuracy.textContent = format(message.accuracy);
      break;
    case 'probabilities':
      ui.testProbabilities.replaceChildren(
        ...message.items.map((item, i) => {
          const card = document.createElement('figure');
          card.className = 'probability-card';
          const canvas = document.createElement('canvas');
          canvas.setAttribute('aria-label', `x_test[${i}]`);
          renderDigit(canvas, item.pixels, 3);
          const caption = document.createElement('figcaption');
          caption.textContent = `x_test[${i}]: true ${item.label}, predicted ${item.predicted}`;
          if (item.label !== item.predicted) caption.className = 'wrong';
          const bars = document.createElement('div');
          renderProbabilityBars(bars, item.probabilities, {
            highlight: item.predicted,
            testId: `test-probabilities-${i}`,
          });
          card.append(canvas, caption, bars);
          return card;
        }),
      );
      break;
    case 'confusion':
      renderConfusionHeatmap(ui.confusion, message.counts);
      break;
    case 'misclassified':
      ui.misclassifiedSummary.textContent =
        `${message.total.toLocaleString('en-US')} test digits misclassified; ` +
        `the ${message.items.length} with the highest probability on the wrong class:`;
      renderMisclassified(ui.misclassified, message.items);
      break;
    case 'done':
      running = false;
      stopping = false;
      break;
    case 'prediction':
      if (message.id !== latestPrediction) break;
      renderDigit(ui.seen, message.pixels, 4);
      ui.prediction.textContent = String(message.predicted);
      renderProbabilityBars(ui.padProbabilities, message.probabilities, {
        highlight: message.predicted,
        testId: 'probabilities',
      });
      break;
    case 'prediction-error':
      if (message.id !== latestPrediction) break;
      ui.prediction.textContent = '';
      ui.drawHint.textContent = message.message;
      break;
    case 'saved':
      showSaved(message.modelJson, message.weights, message.indexedDb);
      break;
    case 'error':
      running = false;
      stopping = false;
      setStatus(`error during ${message.during}: ${message.message}`);
      break;
  }
  if (message.type === 'prediction' || message.type === 'prediction-error') {
    predictionInFlight = false;
    if (pendingImage !== undefined) {
      const image = pendingImage;
      pendingImage = undefined;
      requestPrediction(image);
    }
  }
  updateButtons();
}

function lossLine(label: string, value: number, reference: number): HTMLElement {
  const row = document.createElement('div');
  row.className = 'loss-row';
  const name = document.createElement('span');
  name.textContent = label;
  const meter = document.createElement('meter');
  meter.min = 0;
  meter.max = Math.max(value, reference) * 1.25;
  meter.value = value;
  meter.setAttribute('aria-label', label);
  const number = document.createElement('span');
  number.className = 'mono';
  number.textContent = format(value);
  row.append(name, meter, number);
  return row;
}

function download(name: string, blob: Blob): HTMLAnchorElement {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.textContent = name;
  return link;
}

function showSaved(modelJson: string, weights: ArrayBuffer, indexedDb: string): void {
  const json = download('model.json', new Blob([modelJson], { type: 'application/json' }));
  const bin = download('weights.bin', new Blob([weights], { type: 'application/octet-stream' }));
  json.click();
  bin.click();
  ui.saved.replaceChildren(
    'Saved ',
    json,
    ' and ',
    bin,
    ` (TF.js layers format: classify with mnist-notebook predict --model DIR), and stored in ${indexedDb}.`,
  );
  ui.saved.hidden = false;
}

// Drawing: one request in flight at most; while it runs, only the latest drawing waits.
let latestPrediction = 0;
let predictionInFlight = false;
let pendingImage: ImageData | undefined;

function requestPrediction(image: ImageData): void {
  if (!hasModel) return;
  if (predictionInFlight) {
    pendingImage = image;
    return;
  }
  predictionInFlight = true;
  latestPrediction++;
  send({ type: 'predict', id: latestPrediction, image });
}

const pad = createDrawingPad(ui.pad, { onChange: requestPrediction });

ui.clear.addEventListener('click', () => {
  pad.clear();
  pendingImage = undefined;
  latestPrediction++; // drop the answer to a request still in flight
  ui.prediction.textContent = '';
  ui.padProbabilities.replaceChildren();
  ui.seen.getContext('2d')?.clearRect(0, 0, ui.seen.width, ui.seen.height);
});

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  let config: RunConfig;
  try {
    config = readConfig();
  } catch (error) {
    setStatus((error as Error).message);
    return;
  }
  resetOutputs();
  ui.fitCode.textContent =
    `model.fit(x_train, y_train, epochs=${config.epochs}, batch_size=${config.batchSize})` +
    (config.augment ? ' with augmentation' : '');
  running = true;
  stopping = false;
  setStatus('starting');
  updateButtons();
  send({ type: 'run', config });
});

ui.stop.addEventListener('click', () => {
  if (!running) return;
  stopping = true;
  setStatus('stopping at the end of this batch…');
  updateButtons();
  send({ type: 'stop' });
});

ui.save.addEventListener('click', () => send({ type: 'save' }));
ui.load.addEventListener('click', () => ui.loadFiles.click());
ui.loadFiles.addEventListener('change', () => {
  const files = [...(ui.loadFiles.files ?? [])];
  ui.loadFiles.value = '';
  if (files.length === 0) return;
  resetOutputs();
  send({ type: 'load-files', files });
});
ui.loadIndexedDb.addEventListener('click', () => {
  resetOutputs();
  send({ type: 'load-indexeddb' });
});

worker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => handle(event.data));
worker.addEventListener('error', (event) => {
  setStatus(`error: the worker failed: ${event.message}`);
});
send({ type: 'init', baseUrl: document.baseURI });
updateButtons();

declare global {
  interface Window {
    /** The last training run's history, set when it ends (for tests and automation). */
    mnistWeb?: { history: unknown; trainMs: number };
  }
}
