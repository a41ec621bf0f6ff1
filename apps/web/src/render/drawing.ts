// The drawing pad's predictions: one request in flight at most; while it runs, only the latest
// drawing waits.
import { renderDigit, renderProbabilityBars } from '@mnist-wasm/report';
import type { Page } from '../page';
import { className } from './class-labels';
import type { Renderers } from './renderer';

/** Asks the worker to classify `image`, or keeps it until the request in flight is answered. */
export function requestPrediction(page: Page, image: ImageData): void {
  const { prediction } = page.state;
  if (!page.state.hasModel) return;
  if (prediction.inFlight) {
    prediction.pending = image;
    return;
  }
  prediction.inFlight = true;
  prediction.latest++;
  page.send({ type: 'predict', id: prediction.latest, image });
}

/** Forgets the drawing and its prediction; an answer still in flight is dropped. */
export function clearPrediction({ ui, state }: Page): void {
  state.prediction.pending = undefined;
  state.prediction.latest++;
  ui.prediction.textContent = '';
  ui.padProbabilities.replaceChildren();
  ui.seen.getContext('2d')?.clearRect(0, 0, ui.seen.width, ui.seen.height);
}

/** The request in flight was answered: the drawing that waited, if any, goes next. */
function answered(page: Page): void {
  const { prediction } = page.state;
  prediction.inFlight = false;
  const next = prediction.pending;
  prediction.pending = undefined;
  if (next !== undefined) requestPrediction(page, next);
}

export const drawingRenderers = {
  'pretrained-loading': (message, { ui, state }) => {
    if (state.hasModel) return;
    ui.drawModel.textContent = `${message.name} (loading…)`;
    ui.drawHint.textContent =
      'The pretrained convnet is loading; it answers drawings in a moment. Start works meanwhile.';
  },
  'pretrained-failed': (message, { ui, state }) => {
    if (state.hasModel) return;
    ui.drawModel.textContent = 'none yet';
    ui.drawHint.textContent = `The ${message.name} did not load (the console says why): train or load a model, then draw a digit in the box.`;
  },
  pretrained: (message, { ui, state }) => {
    state.hasModel = true;
    state.classNames = message.classNames;
    ui.drawModel.textContent = message.name;
    ui.drawHint.textContent =
      'Draw a digit in the box: the pretrained convnet answers until you train or load a model.';
  },
  prediction: (message, page) => {
    const { ui } = page;
    if (message.id === page.state.prediction.latest) {
      renderDigit(ui.seen, message.pixels, 4);
      // An answer of the previous model may arrive after the next one's names (a run started
      // meanwhile): it is then labelled by index.
      const { classNames } = page.state;
      const names = classNames.length === message.probabilities.length ? classNames : undefined;
      ui.prediction.textContent = names
        ? className(names, message.predicted)
        : String(message.predicted);
      renderProbabilityBars(ui.padProbabilities, message.probabilities, {
        highlight: message.predicted,
        testId: 'probabilities',
        ...(names && { classNames: names }),
      });
    }
    answered(page);
  },
  'prediction-error': (message, page) => {
    if (message.id === page.state.prediction.latest) {
      page.ui.prediction.textContent = '';
      page.ui.drawHint.textContent = message.message;
    }
    answered(page);
  },
} satisfies Partial<Renderers>;
