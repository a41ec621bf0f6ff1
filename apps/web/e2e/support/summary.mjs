import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CNN_RUN, DRAWN, RUN, TIMED_ROUNDS, WINDOW_STEPS } from './settings.mjs';

/** The code a visitor downloads: the page, its styles and the worker (not the data or the .wasm). */
function gzippedCode(dist) {
  const bundle = readdirSync(join(dist, 'assets')).map((name) => join(dist, 'assets', name));
  return [join(dist, 'index.html'), ...bundle].reduce(
    (sum, file) => sum + gzipSync(readFileSync(file)).length,
    0,
  );
}

const historyAgreement = ({ identical, largest }) =>
  identical ? 'bit-identical to' : `within ${largest.toExponential(1)} of`;

/**
 * check:web's last line: what passed, with the figures the steps left in `results`, then the
 * steps' own `notes` (one phrase each), then the code size.
 */
export function summaryLine({ dist, shots, started, results: r, notes }) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  return (
    `check:web: passed in ${seconds}s (screenshots in ${shots}): ` +
    `mlp ${RUN.epochs} epoch of ${RUN.trainLimit} in the tab: test accuracy ${r.accuracy}, ` +
    `steady state ${r.mlpTabMs.toFixed(2)} ms/step in the tab vs ${r.mlpNodeMs.toFixed(2)} in Node, ` +
    `history ${historyAgreement(r.mlpNode)} the app's; ` +
    `page open to first run done ${r.firstEpochSeconds.toFixed(1)} s; ` +
    `drawn test[${DRAWN.join(',')}] predicted ${r.drawn.map((d) => d.predicted).join(',')} ` +
    `(before training, by the pretrained convnet: ${r.pretrainedDrawn.join(', ')}); ` +
    `cnn 1 epoch of ${CNN_RUN.trainLimit}: history ${historyAgreement(r.cnn)} the app's, ` +
    `kernels SIMD in the tab, steady state ${r.cnnTabMs.toFixed(2)} ms/step in the tab vs ${r.cnnNodeMs.toFixed(2)} in Node ` +
    `(tab/Node ${(r.cnnTabMs / r.cnnNodeMs).toFixed(2)}; medians of ${r.cnnWindows.tab.length} and ${r.cnnWindows.node.length} ` +
    `${WINDOW_STEPS}-step windows over ${TIMED_ROUNDS} runs each, taking turns, warm-up left out); ` +
    `convnet stopped mid-training; saved and reloaded with equal predictions; ` +
    `MNIST download shown ("${r.progressSeen}") and stopped, Start downloaded it after; ` +
    `invalid fields refused inline; no sideways scroll at 390 px before or after training; ` +
    `${r.badLoads} broken loads refused with a message, Start worked after; ` +
    `the worker restarted after an error outside any request, Start worked after; ` +
    notes.map((note) => `${note}; `).join('') +
    `page and worker code ${(gzippedCode(dist) / 1024).toFixed(0)} KiB gzipped`
  );
}
