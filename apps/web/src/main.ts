// The page: the notebook's cells, fed by the training worker (src/worker/training-worker.ts), which
// does all TensorFlow.js work so the page stays responsive. Each message from the worker has its
// renderer (src/render/); the controls here send the worker what the user asks for.
import '@mnist-wasm/report/views.css';
import './styles.css';
import { createDrawingPad } from '@mnist-wasm/report';
import { createPage, resetOutputs, setStatus, updateControls } from './page';
import type { PageToWorker, WorkerToPage } from './protocol';
import { render } from './render';
import { clearPrediction, requestPrediction } from './render/drawing';
import { readRunFields, watchRunFields } from './run-fields';

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), {
  type: 'module',
});
const page = createPage((message: PageToWorker) => worker.postMessage(message));
const { ui, state } = page;

// Clearing by the button or the keyboard (Escape, Delete) forgets the prediction too.
const pad = createDrawingPad(ui.pad, {
  onChange: (image) => requestPrediction(page, image),
  onClear: () => clearPrediction(page),
});
ui.clear.addEventListener('click', () => pad.clear());
watchRunFields(ui);

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const config = readRunFields(ui);
  if ('problems' in config) {
    setStatus(page, `Not started: ${config.problems.join('; ')}.`);
    return;
  }
  resetOutputs(page);
  ui.fitCode.textContent =
    `model.fit(x_train, y_train, epochs=${config.epochs}, batch_size=${config.batchSize})` +
    (config.augment ? ' with augmentation' : '');
  state.running = true;
  state.fitEnded = false;
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
