import { fail } from '../support/fail.mjs';
import { precacheOf } from '../support/service-worker.mjs';

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (bytes) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

/**
 * The page links a valid web app manifest (name, short_name, start_url, an app `display`, PNG
 * icons of 192 and 512 px, each served with 200 and of its size), sw.js is served as JavaScript
 * and loads nothing from elsewhere, and Chromium finds the page installable.
 */
export async function webAppManifest({ page, dist, results, notes }) {
  const step = 'manifest';
  const href = await page.getAttribute('link[rel=manifest]', 'href');
  if (!href) fail(step, 'the page links no manifest');
  const manifestUrl = new URL(href, page.url());
  const response = await page.request.get(manifestUrl.href);
  if (response.status() !== 200) fail(step, `${manifestUrl} answers ${response.status()}`);
  const manifest = await response.json().catch(() => fail(step, `${manifestUrl} is not JSON`));
  for (const field of ['name', 'short_name', 'start_url']) {
    if (typeof manifest[field] !== 'string' || manifest[field] === '')
      fail(step, `the manifest has no ${field}`);
  }
  if (!['standalone', 'fullscreen', 'minimal-ui'].includes(manifest.display))
    fail(step, `the manifest's display is ${manifest.display}, not an app's`);
  for (const size of [192, 512]) {
    const icon = manifest.icons?.find((i) => i.sizes === `${size}x${size}`);
    if (!icon || icon.type !== 'image/png') fail(step, `no ${size}x${size} PNG icon`);
    const iconResponse = await page.request.get(new URL(icon.src, manifestUrl).href);
    if (iconResponse.status() !== 200) fail(step, `${icon.src} answers ${iconResponse.status()}`);
    const [width, height] = pngSize(await iconResponse.body());
    if (width !== size || height !== size) fail(step, `${icon.src} is ${width}x${height}`);
  }
  const sw = await page.request.get(new URL('sw.js', page.url()).href);
  if (sw.status() !== 200 || !/javascript/.test(sw.headers()['content-type'] ?? ''))
    fail(step, `sw.js answers ${sw.status()} ${sw.headers()['content-type']}`);
  if (/importScripts\(/.test(await sw.text()))
    fail(step, 'sw.js imports scripts: the Workbox runtime must be inlined');
  const cdp = await page.context().newCDPSession(page);
  // Playwright's browser contexts are off-the-record, which alone keeps Chromium from offering an
  // install; every other reason counts.
  const installabilityErrors = (
    await cdp.send('Page.getInstallabilityErrors')
  ).installabilityErrors.filter(({ errorId }) => errorId !== 'in-incognito');
  const { errors } = await cdp.send('Page.getAppManifest');
  await cdp.detach();
  if (installabilityErrors.length > 0 || errors.length > 0)
    fail(step, `Chromium: ${JSON.stringify({ installabilityErrors, errors })}`);
  const precache = precacheOf(dist);
  notes.push(
    `service worker in control ${(results.serviceWorkerMs / 1000).toFixed(1)} s after open, ` +
      `precache ${precache.urls.length} files ${(precache.bytes / 1024).toFixed(0)} KiB; ` +
      'manifest valid, icons served, installable',
  );
}
