import { fail } from '../support/fail.mjs';
import { waitForMnistCachedWhole } from '../support/service-worker.mjs';

/**
 * After the first run, the service worker's cache holds MNIST's four files whole, byte for byte
 * the size the build serves, also a file the run stopped reading early (the service worker reads
 * on for its copy), so a later visit trains offline.
 */
export async function mnistCached({ page, dist, notes }) {
  const { cached, expected } = await waitForMnistCachedWhole(page, dist);
  for (const [name, size] of Object.entries(expected)) {
    if (cached[name] !== size)
      fail('mnist cached', `${name}: ${cached[name] ?? 'not'} bytes cached, the build has ${size}`);
  }
  notes.push('MNIST cached whole by the service worker after the first run');
}
