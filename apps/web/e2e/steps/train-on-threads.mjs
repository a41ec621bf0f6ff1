import { collectConsoleErrors, openDesktopPage } from '../support/browser.mjs';
import { fail } from '../support/fail.mjs';
import { sameRunInNode } from '../support/node-runs.mjs';
import { byId, drawDigit, text, waitForStatus } from '../support/page-helpers.mjs';
import { dropExpectedErrors } from '../support/service-worker.mjs';
import { CNN_RUN, RUN } from '../support/settings.mjs';
import { startStaticServer } from '../support/static-server.mjs';
import { median, windowTimes } from '../support/step-times.mjs';

const STEP = 'train on threads';
/** The threads the check trains on: the cores of the machine it was written for. */
const THREADS = 2;

/** The page's helper threads alive now, as the browser lists its targets (not the page's word). */
async function helperWorkers(cdp) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.filter(({ type, url }) => type === 'worker' && /training-thread/.test(url));
}

/** Waits until no helper thread is alive; fails naming those left after `timeout` ms. */
async function noHelpersLeft(cdp, during, timeout = 5000) {
  const until = performance.now() + timeout;
  for (;;) {
    const left = await helperWorkers(cdp);
    if (left.length === 0) return;
    if (performance.now() > until) {
      fail(
        STEP,
        `${during}: ${left.length} helper worker(s) still running: ${left.map((w) => w.url)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens the page at `search` (e.g. '?threads=1') and waits until Start is enabled. */
async function open(page, url, search) {
  await page.goto(`${url}${search}`);
  await page
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 })
    .catch(() => fail(STEP, `Start stays disabled at ${url}${search}`));
  return text(page, 'backend');
}

/** Sets the run's fields; `run` as in settings.mjs, the model, and augmentation on or off. */
async function setRun(page, model, run, augment = false) {
  await page.selectOption(byId('model'), model);
  await page.fill(byId('epochs'), String(run.epochs));
  await page.fill(byId('batch-size'), String(run.batchSize));
  await page.fill(byId('seed'), String(run.seed));
  await page.fill(byId('train-limit'), String(run.trainLimit));
  await page.setChecked(byId('augment'), augment);
}

/** Trains `model` on `run` to the end: the page's result and the steady-state ms/step. */
async function trainToEnd(page, model, run, threads) {
  await setRun(page, model, run);
  await page.click(byId('start'));
  await waitForStatus(page, STEP, 'done');
  const result = await page.evaluate(() => window.mnistWeb);
  if (result.threads !== threads) {
    fail(
      STEP,
      `${model} trained on ${result.threads} thread(s), not ${threads}: ${result.threadRefusal}`,
    );
  }
  const log = await page.textContent('#fit-log');
  const on = `on ${threads} thread${threads === 1 ? '' : 's'}`;
  if (!log.includes(on)) fail(STEP, `the fit log does not say "${on}": ${log}`);
  const msPerStep = median(windowTimes(await page.evaluate(() => window.mnistWebBatches)));
  return { history: result.history, msPerStep };
}

/**
 * The page on two threads, cross-origin isolated: the header says so; the MLP trains on both and
 * its history equals the app's with `--threads 2`; Stop during a two-thread run leaves no helper
 * worker; augmentation trains on one thread and says why; a helper whose script fails to load
 * ends the run with an error naming it, and the page stays usable; served without the isolation
 * headers, the page says it trains on one thread and why, and does. Records the tab's
 * steady-state ms/step of the MLP and the convnet on one and on two threads.
 */
export async function trainOnThreads({ browser, page, url, dist, consoleErrors, results, notes }) {
  const cdp = await page.context().newCDPSession(page);
  // The default is one thread; more are asked for in the URL.
  const defaultHeader = await open(page, url, '');
  if (!/· 1 thread$/.test(defaultHeader))
    fail(STEP, `by default the header says "${defaultHeader}"`);
  const header = await open(page, url, `?threads=${THREADS}`);
  if (!new RegExp(`· ${THREADS} threads$`).test(header)) fail(STEP, `header says "${header}"`);

  const mlp2 = await trainToEnd(page, 'mlp', RUN, THREADS);
  const mlpNode = await sameRunInNode(STEP, 'mlp', RUN, mlp2.history, THREADS);
  const cnn2 = await trainToEnd(page, 'cnn', CNN_RUN, THREADS);
  await noHelpersLeft(cdp, 'after a finished run');
  // Not precached (one thread never loads it): cached once a run loaded it, for offline runs.
  const cachedScripts = await page.evaluate(async () => {
    const cache = await caches.open('mnist-wasm-threads');
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  });
  if (!cachedScripts.some((path) => /\/assets\/training-thread-[^/]+\.js$/.test(path))) {
    fail(
      STEP,
      `the helper threads' script is not cached after a run: ${JSON.stringify(cachedScripts)}`,
    );
  }

  // Stop during a two-thread run: it ends, the helpers with it.
  await setRun(page, 'cnn', { ...CNN_RUN, epochs: 3 });
  await page.click(byId('start'));
  await page.waitForFunction(() => document.querySelector('#progress').value > 20, null, {
    timeout: 120_000,
  });
  const during = (await helperWorkers(cdp)).length;
  if (during !== THREADS - 1)
    fail(STEP, `${during} helper workers during the run, not ${THREADS - 1}`);
  await page.click(byId('stop'));
  await waitForStatus(page, STEP, 'stopped');
  await noHelpersLeft(cdp, 'after Stop');

  // Augmentation draws batch by batch on one thread: the run says so.
  await setRun(page, 'mlp', { ...RUN, trainLimit: 640 }, true);
  await page.click(byId('start'));
  await waitForStatus(page, STEP, 'done');
  const refused = await page.textContent('#fit-log');
  if (!/on 1 thread \(not split: augmentation/.test(refused)) {
    fail(STEP, `an augmented run's fit log does not say why one thread: ${refused}`);
  }

  // The same runs on one thread, for the scaling figures.
  const oneHeader = await open(page, url, '?threads=1');
  if (!/· 1 thread$/.test(oneHeader)) fail(STEP, `with ?threads=1 the header says "${oneHeader}"`);
  const mlp1 = await trainToEnd(page, 'mlp', RUN, 1);
  const cnn1 = await trainToEnd(page, 'cnn', CNN_RUN, 1);

  // A helper thread that fails to start: its script is missing.
  const from = consoleErrors.length;
  await open(page, url, `?threads=${THREADS}&fault=thread-script`);
  await setRun(page, 'mlp', { ...RUN, trainLimit: 640 });
  await page.click(byId('start'));
  await page
    .waitForFunction(
      () => /error during the run/.test(document.querySelector('[data-testid=status]').textContent),
      null,
      { timeout: 30_000 },
    )
    .catch(async () => fail(STEP, `a failed helper: status "${await text(page, 'status')}"`));
  const status = await text(page, 'status');
  if (!/training thread 1 of 2 failed: its script could not be loaded/.test(status)) {
    fail(STEP, `a failed helper's error does not name it and its cause: "${status}"`);
  }
  await noHelpersLeft(cdp, 'after a helper failed to start');
  await page
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 10_000 })
    .catch(() => fail(STEP, 'Start stays disabled after a helper failed to start'));
  const drawn = await drawDigit(page, RUN_DIGIT);
  if (Number.isNaN(drawn.predicted)) fail(STEP, 'the pad answers nothing after a helper failed');
  // Augmented, the run trains on one thread, with no helper to fail: the worker still trains.
  await setRun(page, 'mlp', { ...RUN, trainLimit: 640 }, true);
  await page.click(byId('start'));
  await waitForStatus(page, STEP, 'done');
  dropExpectedErrors(
    consoleErrors,
    from,
    /missing-training-thread|TrainingThreadError|status of 404/,
  );
  await page.setChecked(byId('augment'), false);

  await notIsolated(browser, dist, consoleErrors);

  results.threads = { mlpNode, mlp1, mlp2, cnn1, cnn2 };
  const figures =
    `tab ms/step, 1 vs ${THREADS} threads: mlp ${mlp1.msPerStep.toFixed(2)} vs ${mlp2.msPerStep.toFixed(2)} ` +
    `(${(mlp1.msPerStep / mlp2.msPerStep).toFixed(2)}x), cnn ${cnn1.msPerStep.toFixed(2)} vs ` +
    `${cnn2.msPerStep.toFixed(2)} (${(cnn1.msPerStep / cnn2.msPerStep).toFixed(2)}x)`;
  console.log(`check:web: ${STEP}: ${figures}`);
  const agreement = mlpNode.identical
    ? 'bit-identical to'
    : `within ${mlpNode.largest.toExponential(1)} of`;
  notes.push(
    `${THREADS} threads in the isolated tab: mlp history ${agreement} the app's --threads ${THREADS}, ` +
      'Stop and a helper that failed to start left no worker, augmentation and a host without ' +
      `COOP/COEP said why one thread; ${figures}`,
  );
}

/** A digit for the pad: a vertical stroke, a 1. */
const RUN_DIGIT = (() => {
  const pixels = new Uint8Array(784);
  for (let y = 4; y < 24; y++) for (let x = 13; x < 16; x++) pixels[y * 28 + x] = 255;
  return pixels;
})();

/** The build served with no COOP/COEP headers, 2 threads asked for: the header says one and why; a run trains. */
async function notIsolated(browser, dist, consoleErrors) {
  const plain = await startStaticServer(dist, { isolated: false });
  const page = await openDesktopPage(browser);
  collectConsoleErrors(page, consoleErrors, 'not isolated: ');
  try {
    const header = await open(page, plain.url, `?threads=${THREADS}`);
    if (!/· 1 thread \(one thread: the page is not cross-origin isolated/.test(header)) {
      fail(STEP, `served without COOP/COEP, the header says "${header}"`);
    }
    await trainToEnd(page, 'mlp', { ...RUN, trainLimit: 640 }, 1);
  } finally {
    await page.close();
    plain.server.close();
  }
}
