// The worker's own state: the backend, its status line, the end of a run, errors.
import { setStatus } from '../page';
import type { Renderers } from './renderer';

export const workerStateRenderers = {
  ready: (message, { ui, state }) => {
    const { backend } = message;
    state.backendReady = true;
    state.batchBounds = message.batchBounds;
    // The threads a run trains on (its helpers and itself), not XNNPACK's, which is always one.
    const threads = `${message.threads} thread${message.threads === 1 ? '' : 's'}`;
    ui.backend.textContent =
      `TensorFlow.js ${backend.tfjsVersion} · backend ${backend.backend} · ` +
      `SIMD ${backend.simd ? 'on' : 'off'} · ${threads}` +
      (message.oneThreadWhy === null ? '' : ` (one thread: ${message.oneThreadWhy})`);
  },
  status: (message, page) => {
    page.state.busy = message.busy;
    if (!(page.state.stopping && message.busy)) setStatus(page, message.text);
  },
  stored: (message, { state }) => {
    state.stored = message.indexedDb;
  },
  done: (_message, { state }) => {
    state.running = false;
    state.stopping = false;
  },
  error: (message, page) => {
    page.state.running = false;
    page.state.stopping = false;
    setStatus(page, `error during ${message.during}: ${message.message}`);
  },
} satisfies Partial<Renderers>;
