import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The Cache Storage cache the service worker keeps MNIST's files in (vite.config.ts). */
export const MNIST_CACHE = 'mnist-wasm-mnist';
/** MNIST's four files, as the build serves them under mnist/. */
export const MNIST_FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

/** The MNIST files in the page's service-worker cache: file name to the bytes of its body. */
export function cachedMnist(page) {
  return page.evaluate(async (cacheName) => {
    const cache = await caches.open(cacheName);
    const found = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found[request.url.slice(request.url.lastIndexOf('/') + 1)] = (
        await response.arrayBuffer()
      ).byteLength;
    }
    return found;
  }, MNIST_CACHE);
}

/** Each MNIST file of the build (`dist`) and its size in bytes. */
export function builtMnist(dist) {
  return Object.fromEntries(
    MNIST_FILES.map((name) => [name, statSync(join(dist, 'mnist', name)).size]),
  );
}

/**
 * Waits up to 30 s for the page's service-worker cache to hold every MNIST file of the build whole
 * (its copy of a file the page stopped reading completes after the run) and returns what it holds
 * and whether that is all of them.
 */
export async function waitForMnistCachedWhole(page, dist) {
  const expected = builtMnist(dist);
  const whole = (cached) => Object.entries(expected).every(([name, size]) => cached[name] === size);
  let cached = {};
  for (let i = 0; i < 60 && !whole(cached); i++) {
    if (i > 0) await page.waitForTimeout(500);
    cached = await cachedMnist(page);
  }
  return { cached, expected, whole: whole(cached) };
}

/** The precache list of the build's sw.js: its URLs and their total size in bytes. */
export function precacheOf(dist) {
  const source = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...new Set([...source.matchAll(/url:"([^"]+)"/g)].map((match) => match[1]))];
  const bytes = urls.reduce((sum, url) => sum + statSync(join(dist, url)).size, 0);
  return { urls, bytes };
}

/** Removes the console errors logged since index `from` that match `expected` (a RegExp). */
export function dropExpectedErrors(consoleErrors, from, expected) {
  const kept = consoleErrors.slice(from).filter((line) => !expected.test(line));
  consoleErrors.splice(from, consoleErrors.length - from, ...kept);
}
