import { DownloadError } from '@mnist-wasm/dataset';

/**
 * The plain message for a run that needs an MNIST file the browser cannot get: it is offline and
 * the service worker holds no copy of the file (it keeps each file a run downloaded; a visit that
 * never trained, or a cleared site, has none). Without it the status would show the fetch's own
 * failure ("Failed to fetch"). Works in the page and in a worker (`navigator.onLine`).
 *
 * @returns The message, or undefined for any other error: one that is not a failed download, a
 *   server's HTTP error, or a download that failed while the browser says it is online.
 */
export function offlineMnistMessage(error: unknown): string | undefined {
  if (!(error instanceof DownloadError) || error.status !== undefined || navigator.onLine) {
    return undefined;
  }
  const name = error.file.slice(error.file.lastIndexOf('/') + 1);
  return `MNIST is not cached for offline use (${name} is not in this browser's cache and the network is off): train once online, and the page keeps MNIST for offline visits.`;
}
