import { fail } from '../support/fail.mjs';
import { byId, text, waitForStatus } from '../support/page-helpers.mjs';

/**
 * An error thrown in the worker outside any request: the page restarts it, says so, its
 * pretrained model answers again, and Start works with the new worker.
 */
export async function workerRestart({ page, consoleErrors }) {
  const trainingWorker = page.workers().find((w) => /training-worker/.test(w.url()));
  if (!trainingWorker)
    fail('worker restart', `no training worker among ${page.workers().map((w) => w.url())}`);
  await trainingWorker.evaluate(() => {
    setTimeout(() => {
      throw new Error('thrown by check:web');
    });
  });
  await page
    .waitForFunction(
      () => /was restarted/.test(document.querySelector('[data-testid=status]').textContent),
      null,
      { timeout: 30_000 },
    )
    .catch(async () => fail('worker restart', `status: ${await text(page, 'status')}`));
  await page
    .waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 })
    .catch(() => fail('worker restart', 'Start stays disabled after the restart'));
  // The new worker's pretrained model answers again, so the note does not ask to train or load.
  await page
    .waitForFunction(
      () =>
        /restarted: the pretrained model .* answers the pad again; ready/.test(
          document.querySelector('[data-testid=status]').textContent,
        ),
      null,
      { timeout: 30_000 },
    )
    .catch(async () => fail('worker restart', `status: ${await text(page, 'status')}`));
  await page.click(byId('start'));
  await waitForStatus(page, 'start after restart', 'done');
  // The error thrown on purpose, wherever the browser reported it.
  consoleErrors.splice(
    0,
    consoleErrors.length,
    ...consoleErrors.filter((line) => !/thrown by check:web/.test(line)),
  );
}
