import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../support/fail.mjs';
import { precacheOf } from '../support/service-worker.mjs';

/**
 * The service worker (sw.js) is registered, active and controls the page, which stays
 * cross-origin isolated; its precache holds the app shell (the page, every script and style, the
 * SIMD binary) and no MNIST file, nor the helper threads' script (a run on one thread never loads it). Waited for before the first run, so that run's MNIST downloads pass
 * through it and are cached.
 */
export async function serviceWorkerControls({ page, dist, serviceWorkerInControl, results }) {
  const { urls } = precacheOf(dist);
  const shell = [
    'index.html',
    ...readdirSync(join(dist, 'assets'))
      .filter((name) => !name.startsWith('training-thread-'))
      .map((name) => `assets/${name}`),
    'wasm/tfjs-backend-wasm-simd.wasm',
  ];
  const missing = shell.filter((url) => !urls.includes(url));
  if (missing.length > 0) fail('service worker', `sw.js does not precache ${missing.join(', ')}`);
  if (urls.some((url) => url.startsWith('mnist/')))
    fail('service worker', 'sw.js precaches MNIST, which only a run should download');
  if (urls.some((url) => url.startsWith('assets/training-thread-')))
    fail(
      'service worker',
      "sw.js precaches the helper threads' script, which one thread never loads",
    );
  results.serviceWorkerMs = await serviceWorkerInControl;
  if (Number.isNaN(results.serviceWorkerMs))
    fail('service worker', 'no service worker controls the page a minute after it opened');
  const found = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      script: registration?.active?.scriptURL,
      state: registration?.active?.state,
      scope: registration?.scope,
      isolated: crossOriginIsolated,
    };
  });
  if (!/\/sw\.js$/.test(found.script ?? '') || found.state !== 'activated')
    fail('service worker', `the active worker is ${JSON.stringify(found)}, not an activated sw.js`);
  if (found.scope !== new URL('./', page.url()).href)
    fail('service worker', `its scope is ${found.scope}, not the page's folder`);
  if (!found.isolated) fail('service worker', 'the page is not cross-origin isolated');
}
