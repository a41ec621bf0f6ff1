// In [5]: training, batch by batch (each batch's own loss and accuracy) and epoch by epoch.
import { format } from './format';
import type { Renderers } from './renderer';

/**
 * Least time between two updates of the progress line and bar. Batches arrive hundreds of times a
 * second; repainting for each one takes the main thread, the compositor and the raster threads CPU
 * that the training worker needs when the machine has few cores free.
 */
const PROGRESS_INTERVAL_MS = 100;

export const fitCellRenderers = {
  'fit-begin': (message, { ui, charts, state }) => {
    state.fit = {
      totalSteps: message.epochs * message.steps,
      epochs: message.epochs,
      start: performance.now(),
      shown: 0,
    };
    ui.progress.max = state.fit.totalSteps;
    ui.progress.value = 0;
    for (const each of Object.values(charts)) each.setXRange(0, message.epochs);
    const batches = `${message.steps} batch${message.steps === 1 ? '' : 'es'}`;
    ui.fitLog.textContent =
      `${message.trainCount.toLocaleString('en-US')} training images, ${batches} per epoch; ` +
      `validation: the first ${message.validationCount.toLocaleString('en-US')} test images\n`;
  },
  'epoch-begin': () => {},
  batch: (message, { ui, charts, state }) => {
    const { fit, smoothers } = state;
    const x = message.epoch + (message.step + 1) / message.steps;
    charts.batchLoss.push(x, [message.loss, smoothers.loss.next(message.loss)]);
    charts.batchAccuracy.push(x, [message.accuracy, smoothers.accuracy.next(message.accuracy)]);
    const now = performance.now();
    if (now - fit.shown < PROGRESS_INTERVAL_MS && message.step + 1 < message.steps) return;
    fit.shown = now;
    const done = message.epoch * message.steps + message.step + 1;
    ui.progress.value = done;
    const elapsed = (now - fit.start) / 1000;
    const eta = (elapsed / done) * (fit.totalSteps - done);
    ui.progressText.textContent =
      `epoch ${message.epoch + 1}/${fit.epochs} · ${message.step + 1}/${message.steps} · ` +
      `loss ${format(message.epochLoss)} · accuracy ${format(message.epochAccuracy)} · ` +
      `${message.msPerStep.toFixed(1)} ms/step · ${elapsed.toFixed(1)} s, ~${eta.toFixed(0)} s left`;
  },
  'epoch-end': ({ logs, epoch }, { ui, charts, state }) => {
    charts.epochLoss.push(epoch + 1, [logs.loss, logs.valLoss ?? null]);
    charts.epochAccuracy.push(epoch + 1, [logs.accuracy, logs.valAccuracy ?? null]);
    const validation =
      logs.valLoss === undefined
        ? ''
        : ` - val_loss: ${format(logs.valLoss)} - val_accuracy: ${format(logs.valAccuracy ?? Number.NaN)}`;
    ui.fitLog.textContent +=
      `Epoch ${epoch + 1}/${state.fit.epochs} - loss: ${format(logs.loss)} - ` +
      `accuracy: ${format(logs.accuracy)}${validation}\n`;
  },
  'fit-end': ({ history, trainMs, threads, threadRefusal }, { ui, state }) => {
    state.fitEnded = true;
    // For tests and automation: the run's history as the trainer returned it, unrounded.
    window.mnistWeb = { history, trainMs, threads, threadRefusal };
    const { aborted } = history;
    const stopped = aborted
      ? ` (stopped in epoch ${aborted.epoch + 1} after step ${aborted.step + 1})`
      : '';
    const on = threadRefusal === null ? '' : ` (not split: ${threadRefusal})`;
    ui.fitLog.textContent +=
      `trained in ${(trainMs / 1000).toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'}` +
      `${on}${stopped}\n`;
  },
} satisfies Partial<Renderers>;

declare global {
  interface Window {
    /** The last training run's history and threads, set when it ends (for tests and automation). */
    mnistWeb?: {
      history: unknown;
      trainMs: number;
      threads: number;
      threadRefusal: string | null;
    };
  }
}
