// The page: the notebook's cells, fed by the training worker (src/worker/training-worker.ts), which
// does all TensorFlow.js work so the page stays responsive. Each message from the worker has its
// renderer (src/render/); the controls here send the worker what the user asks for.
import '@mnist-wasm/report/views.css';
import './styles.css';
import { createDrawingPad } from '@mnist-wasm/report';
import { createPage, type Page, resetOutputs, setStatus, updateControls } from './page';
import type { PageToWorker, RunConfig, WorkerToPage } from './protocol';
import { render } from './render';
import { clearPrediction, requestPrediction } from './render/drawing';

/** The input's value, a whole number within its min and max (the batch size's max follows the model). */
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

function readConfig({ ui }: Page): RunConfig {
  return {
    model: ui.model.value === 'cnn' ? 'cnn' : 'mlp',
    epochs: wholeNumber(ui.epochs),
    batchSize: wholeNumber(ui.batchSize),
    seed: wholeNumber(ui.seed),
    trainLimit: wholeNumber(ui.trainLimit),
    augment: ui.augment.checked,
  };
}

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), {
  type: 'module',
});
const page = createPage((message: PageToWorker) => worker.postMessage(message));
const { ui, state } = page;

const pad = createDrawingPad(ui.pad, { onChange: (image) => requestPrediction(page, image) });
ui.clear.addEventListener('click', () => {
  pad.clear();
  clearPrediction(page);
});

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  let config: RunConfig;
  try {
    config = readConfig(page);
  } catch (error) {
    setStatus(page, (error as Error).message);
    return;
  }
  resetOutputs(page);
  ui.fitCode.textContent =
    `model.fit(x_train, y_train, epochs=${config.epochs}, batch_size=${config.batchSize})` +
    (config.augment ? ' with augmentation' : '');
  state.running = true;
  state.stopping = false;
  setStatus(page, 'starting');
  updateControls(page);
  page.send({ type: 'run', config });
});

ui.stop.addEventListener('click', () => {
  if (!state.running) return;
  state.stopping = true;
  setStatus(page, 'stopping at the end of this batch…');
  updateControls(page);
  page.send({ type: 'stop' });
});

ui.model.addEventListener('change', () => updateControls(page));
ui.save.addEventListener('click', () => page.send({ type: 'save' }));
ui.load.addEventListener('click', () => ui.loadFiles.click());
ui.loadFiles.addEventListener('change', () => {
  const files = [...(ui.loadFiles.files ?? [])];
  ui.loadFiles.value = '';
  if (files.length === 0) return;
  resetOutputs(page);
  page.send({ type: 'load-files', files });
});
ui.loadIndexedDb.addEventListener('click', () => {
  resetOutputs(page);
  page.send({ type: 'load-indexeddb' });
});

worker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => render(page, event.data));
worker.addEventListener('error', (event) => {
  setStatus(page, `error: the worker failed: ${event.message}`);
});
page.send({ type: 'init', baseUrl: document.baseURI });
updateControls(page);
