import { fail } from '../support/fail.mjs';
import { byId, text, waitForStatus } from '../support/page-helpers.mjs';

/**
 * A new build's service worker (sw.js with other bytes) found while a run is in progress: it
 * installs and takes control of the page without reloading it, the run finishes, and the next
 * load is served by it.
 */
export async function serviceWorkerUpdate({ page, server, notes }) {
  const step = 'service worker update';
  await page.evaluate(() => {
    window.mnistWebNotReloaded = true;
  });
  await page.fill(byId('train-limit'), '10000');
  await page.click(byId('start'));
  await page.waitForFunction(() => document.querySelector('#progress').value > 0, null, {
    timeout: 60_000,
  });
  server.state.swSuffix = `\n// check:web: another build, ${Date.now()}\n`;
  const took = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const before = navigator.serviceWorker.controller?.scriptURL;
    const changed = new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), {
        once: true,
      }),
    );
    await registration.update();
    return {
      before,
      changed: await Promise.race([
        changed,
        new Promise((r) => setTimeout(() => r(false), 30_000)),
      ]),
    };
  });
  if (!took.changed) fail(step, 'the new service worker did not take control within 30 s');
  await waitForStatus(page, step, 'done', 180_000);
  if (!(await page.evaluate(() => window.mnistWebNotReloaded)))
    fail(step, 'the page was reloaded during the run');
  await page.reload();
  await page.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
  const served = await page.evaluate(async () => {
    const response = await fetch('sw.js', { cache: 'no-store' });
    return { controlled: navigator.serviceWorker.controller !== null, body: await response.text() };
  });
  if (!served.controlled || !served.body.endsWith(server.state.swSuffix))
    fail(step, `after the update: ${await text(page, 'status')}, controlled ${served.controlled}`);
  server.state.swSuffix = undefined;
  notes.push('a new sw.js took control during a run without reloading the page, the run finished');
}
