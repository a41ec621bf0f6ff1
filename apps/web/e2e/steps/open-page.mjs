import { fail } from '../support/fail.mjs';
import { byId, padReady, text } from '../support/page-helpers.mjs';
import { planKernelsInTab } from '../support/plan-kernels.mjs';

/**
 * Opens the page on one thread (`?threads=1`): Start becomes enabled, the header names the wasm backend with SIMD, Load from
 * browser is disabled in a fresh profile, and the plan's kernels run as WebAssembly SIMD. Leaves
 * `padReady` and `serviceWorkerInControl`: promises of the time from opening the page until the
 * pretrained model answers the pad, and until the service worker controls the page (NaN after a
 * minute without).
 */
export async function openPage(ctx) {
  const { page, url } = ctx;
  ctx.openedAt = performance.now();
  // One thread, so the steps' tab and Node figures compare one thread with one (trainOnThreads
  // checks the default, two threads here).
  await page.goto(`${url}?threads=1`);
  ctx.padReady = padReady(page, ctx.openedAt);
  ctx.serviceWorkerInControl = page
    .waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
      polling: 50,
    })
    .then(
      () => performance.now() - ctx.openedAt,
      () => Number.NaN,
    );
  await page.waitForSelector(`${byId('start')}:not([disabled])`, { timeout: 60_000 });
  const backend = await text(page, 'backend');
  // A fresh profile has nothing in IndexedDB: nothing for Load from browser to read.
  if (!(await page.isDisabled(byId('load-indexeddb'))))
    fail('open', 'Load from browser is enabled, but nothing was saved in this browser');
  if (!/wasm/.test(backend) || !/SIMD on/.test(backend)) fail('open', `header says "${backend}"`);
  const kernels = await planKernelsInTab(page);
  if (!kernels.simd) {
    fail(
      'open',
      `the plan's kernels would run their plain JavaScript twins in the tab, not WebAssembly SIMD: not so: ${kernels.failed.join('; ')}`,
    );
  }
}
