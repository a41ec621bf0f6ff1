import { fail } from '../support/fail.mjs';
import { byId, drawDigit, padReady, text, waitForStatus } from '../support/page-helpers.mjs';

/** The offline run: short, on training images the first visit's run cached. */
const OFFLINE_RUN = { epochs: 1, trainLimit: 2_000 };

/**
 * With the network off, a reload opens the page from the service worker: cross-origin isolated,
 * the pretrained convnet answers the pad (a traced test digit read right), and a short MLP run
 * trains on MNIST from the cache to a sane accuracy. Leaves the network off.
 */
export async function offlineReload({ page, padReady: firstPadReady, testDigits, results, notes }) {
  const step = 'offline reload';
  await page.context().setOffline(true);
  const reloadedAt = performance.now();
  await page.reload();
  results.offlinePadReadyMs = await padReady(page, reloadedAt);
  if (Number.isNaN(results.offlinePadReadyMs))
    fail(step, `the pad's model is "${await text(page, 'draw-model')}" offline`);
  const served = await page.evaluate(() => ({
    controlled: navigator.serviceWorker.controller !== null,
    isolated: crossOriginIsolated,
  }));
  if (!served.controlled) fail(step, 'the reloaded page is not controlled by the service worker');
  if (!served.isolated)
    fail(step, 'the page served by the service worker is not cross-origin isolated');
  const { predicted } = await drawDigit(page, testDigits.features.subarray(0, 784));
  if (predicted !== testDigits.labels[0])
    fail(
      step,
      `offline, the pretrained convnet read test[0], a ${testDigits.labels[0]}, as ${predicted}`,
    );
  await page.selectOption(byId('model'), 'mlp');
  await page.fill(byId('epochs'), String(OFFLINE_RUN.epochs));
  await page.fill(byId('train-limit'), String(OFFLINE_RUN.trainLimit));
  await page.click(byId('start'));
  await waitForStatus(page, step, 'done', 120_000);
  results.offlineAccuracy = Number(await text(page, 'test-accuracy'));
  if (!(results.offlineAccuracy > 0.7))
    fail(step, `offline run: test accuracy ${results.offlineAccuracy}, expected above 0.7`);
  const seconds = (ms) => (ms / 1000).toFixed(1);
  notes.push(
    `offline reload: page open to pad ready ${seconds(results.offlinePadReadyMs)} s ` +
      `(first visit ${seconds(await firstPadReady)} s), cross-origin isolated, ` +
      `${OFFLINE_RUN.epochs} epoch of ${OFFLINE_RUN.trainLimit} from the cache: test accuracy ${results.offlineAccuracy}`,
  );
}
