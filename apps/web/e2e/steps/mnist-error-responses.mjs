import { fail } from '../support/fail.mjs';
import { byId, text, waitForStatus } from '../support/page-helpers.mjs';
import {
  cachedMnist,
  dropExpectedErrors,
  waitForMnistCachedWhole,
} from '../support/service-worker.mjs';

/**
 * A server answering MNIST's files with 404 or 500: the run fails with the status in its message,
 * the service worker caches none of those answers, and once the server is right again a run
 * downloads and caches the files whole.
 */
export async function mnistErrorResponses({ page, server, dist, consoleErrors, notes }) {
  for (const status of [404, 500]) {
    const step = `MNIST answered with ${status}`;
    const from = consoleErrors.length;
    server.state.mnistStatus = status;
    await page.click(byId('start'));
    await page
      .waitForFunction(
        (source) =>
          new RegExp(source).test(document.querySelector('[data-testid=status]').textContent),
        `HTTP ${status}`,
        { timeout: 60_000 },
      )
      .catch(async () => fail(step, `status: ${await text(page, 'status')}`));
    await page
      .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 10_000 })
      .catch(() => fail(step, 'Start stays disabled'));
    const cached = await cachedMnist(page);
    if (Object.keys(cached).length > 0)
      fail(step, `the service worker cached an error answer: ${JSON.stringify(cached)}`);
    // The worker reports a server's error as a fault, and the browser logs the failed requests.
    dropExpectedErrors(consoleErrors, from, new RegExp(`HTTP ${status}|status of ${status}`));
  }
  server.state.mnistStatus = undefined;
  await page.fill(byId('train-limit'), '2000');
  await page.click(byId('start'));
  await waitForStatus(page, 'MNIST served again', 'done', 120_000);
  const { cached, whole } = await waitForMnistCachedWhole(page, dist);
  if (!whole) fail('MNIST served again', `cached: ${JSON.stringify(cached)}`);
  notes.push('404 and 500 answers for MNIST not cached, the files cached whole once served');
}
