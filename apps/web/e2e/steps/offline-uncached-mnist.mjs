import { fail } from '../support/fail.mjs';
import { byId, drawDigit, text } from '../support/page-helpers.mjs';
import { dropExpectedErrors, MNIST_CACHE } from '../support/service-worker.mjs';

/**
 * Offline with MNIST gone from the service worker's cache (a cleared site): Start says plainly
 * that MNIST is not cached for offline use, and the page stays usable (Start enabled, the pad
 * answers). Then the network comes back.
 */
export async function offlineUncachedMnist({ page, testDigits, consoleErrors }) {
  const step = 'offline, MNIST not cached';
  await page.evaluate((name) => caches.delete(name), MNIST_CACHE);
  await page.reload();
  await page.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
  const from = consoleErrors.length;
  await page.click(byId('start'));
  await page
    .waitForFunction(
      () =>
        /MNIST is not cached for offline use .*train once online/.test(
          document.querySelector('[data-testid=status]').textContent,
        ),
      null,
      { timeout: 60_000 },
    )
    .catch(async () => fail(step, `status: ${await text(page, 'status')}`));
  await page
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 10_000 })
    .catch(() => fail(step, 'Start stays disabled'));
  const { predicted } = await drawDigit(page, testDigits.features.subarray(0, 784));
  if (predicted !== testDigits.labels[0])
    fail(step, `the pad read a ${testDigits.labels[0]} as ${predicted}`);
  // The browser's own line for each request the network refused.
  dropExpectedErrors(consoleErrors, from, /ERR_INTERNET_DISCONNECTED|Failed to load resource/);
  await page.context().setOffline(false);
}
