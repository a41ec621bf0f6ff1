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
import { readDataChoice, readRunFields, watchRunFields } from './run-fields';
import { registerServiceWorker } from './service-worker-registration';
import { urlOptions } from './url-options';

function startWorker(): Worker {
  return new Worker(new URL('./worker/training-worker.ts', import.meta.url), { type: 'module' });
}

let worker = startWorker();
registerServiceWorker();
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
/** The data set a loaded model is evaluated on, or undefined (said in the status) when its URL is wrong. */
function loadData() {
  const data = readDataChoice(ui);
  if (!('problem' in data)) return data;
  setStatus(page, `Not loaded: ${data.problem}.`);
  return undefined;
}
ui.loadFiles.addEventListener('change', () => {
  const files = [...(ui.loadFiles.files ?? [])];
  ui.loadFiles.value = '';
  const data = loadData();
  // The shown results stay until the worker has a loaded model (its `model` message).
  if (files.length > 0 && data !== undefined) page.send({ type: 'load-files', files, data });
});
ui.loadIndexedDb.addEventListener('click', () => {
  const data = loadData();
  if (data !== undefined) page.send({ type: 'load-indexeddb', data });
});

/** Said once the restarted worker is ready, so the status line tells why the model is gone. */
let restartNote = '';
/** Why the worker was restarted, kept to say what the new one answers with. */
let restartCause = '';
/** Restarts so far: a worker that fails at every start (its script missing) is not restarted forever. */
let restarts = 0;
const MAX_RESTARTS = 3;

function onMessage(event: MessageEvent<WorkerToPage>): void {
  let message = event.data;
  if (message.type === 'model' && message.kind === 'loaded') resetOutputs(page);
  // The new worker's pretrained model answers the pad again: nothing to train or load for that.
  if (message.type === 'pretrained' && restartCause) {
    restartNote = `${restartCause}: the pretrained model ${message.name} answers the pad again`;
    restartCause = '';
  }
  if (message.type === 'status' && restartNote) {
    message = { ...message, text: `${restartNote}; ${message.text}` };
    if (!message.busy) restartNote = '';
  }
  render(page, message);
}

/**
 * An error thrown in the worker outside any request it handles (e.g. in a library's callback)
 * leaves it in an unknown state, possibly busy for good: a new worker replaces it, with a fresh
 * backend and no model, so the page stays usable.
 */
function onWorkerError(event: ErrorEvent): void {
  worker.terminate();
  if (restarts >= MAX_RESTARTS) {
    setStatus(page, `error: the worker failed (${event.message}); reload the page`);
    return;
  }
  restarts += 1;
  event.preventDefault();
  Object.assign(state, { backendReady: false, busy: false, running: false, stopping: false });
  state.fitEnded = false;
  state.hasModel = false;
  state.stored = false;
  listen(startWorker());
  page.send({ type: 'init', baseUrl: document.baseURI, ...urlOptions(location.search) });
  updateControls(page);
  restartCause = `the worker failed (${event.message || 'an error outside any request'}) and was restarted`;
  // Until the new worker says its pretrained model loaded, no model answers the pad.
  restartNote = `${restartCause}: train (Start) or load a model again`;
  setStatus(page, restartNote);
}

function listen(next: Worker): void {
  worker = next;
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onWorkerError);
}

listen(worker);
page.send({ type: 'init', baseUrl: document.baseURI, ...urlOptions(location.search) });
updateControls(page);
