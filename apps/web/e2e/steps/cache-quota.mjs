import { collectConsoleErrors } from '../support/browser.mjs';
import { fail } from '../support/fail.mjs';
import { byId, text, waitForStatus } from '../support/page-helpers.mjs';
import { cachedMnist } from '../support/service-worker.mjs';

/**
 * A full cache: in a fresh profile, every `Cache.put` of the service worker is made to fail as
 * over quota (patched in its global scope; Chromium's quota override does not reach Playwright's
 * off-the-record contexts). The failed writes do not fail the run, which trains on what the
 * network brought, and nothing is cached.
 */
export async function cacheQuota({ browser, url, consoleErrors, notes }) {
  const step = 'cache quota';
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  collectConsoleErrors(page, consoleErrors, 'quota: ');
  await page.goto(url);
  await page
    .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 })
    .catch(() => fail(step, 'no service worker controls the page'));
  const serviceWorker = context.serviceWorkers().find((worker) => /\/sw\.js$/.test(worker.url()));
  if (!serviceWorker) fail(step, 'Playwright sees no sw.js');
  await serviceWorker.evaluate(() => {
    self.mnistWebRefusedPuts = 0;
    Cache.prototype.put = async function refused() {
      self.mnistWebRefusedPuts++;
      throw new DOMException('check:web: the cache is full', 'QuotaExceededError');
    };
  });
  await page.fill(byId('train-limit'), '2000');
  await page.click(byId('start'));
  await waitForStatus(page, step, 'done', 120_000);
  const accuracy = Number(await text(page, 'test-accuracy'));
  if (!(accuracy > 0.7)) fail(step, `test accuracy ${accuracy}, expected above 0.7`);
  const refused = await serviceWorker.evaluate(() => self.mnistWebRefusedPuts);
  if (!(refused >= 4)) fail(step, `${refused} cache writes were tried, expected MNIST's 4`);
  const cached = await cachedMnist(page);
  if (Object.keys(cached).length > 0)
    fail(step, `cached over a full quota: ${Object.keys(cached)}`);
  await context.close();
  notes.push(`${refused} cache writes refused as over quota, the run trained all the same`);
}
