// MNIST's download progress as one status line over all its files, e.g.
// "loading MNIST: 3.2 of 11.5 MB (28%)", said a few times a second at most.
import { type DownloadProgressCallback, MNIST_FILES } from '@mnist-wasm/dataset';

/** The least time between two progress lines, so a fast download does not flood the page. */
const PROGRESS_INTERVAL_MS = 250;

const FILE_COUNT = Object.keys(MNIST_FILES).length;

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * A `fetchMnist` progress callback that sums the files' bytes and calls `say` with one line: the
 * megabytes received, and once every file's size is known (Content-Length) the total and percent
 * (not when a file brings more bytes than its Content-Length, as a re-encoding server's does).
 * Lines come at most every {@link PROGRESS_INTERVAL_MS}, except the last (all bytes received).
 *
 * @param say - Called with the status text, e.g. `loading MNIST: 3.2 of 11.5 MB (28%)`.
 * @returns The callback, and `reset` to forget the files' counts before a new download.
 */
export function downloadProgress(say: (text: string) => void): {
  onProgress: DownloadProgressCallback;
  reset: () => void;
} {
  let files = new Map<string, { received: number; total: number | undefined }>();
  let lastSaid = Number.NEGATIVE_INFINITY;
  const onProgress: DownloadProgressCallback = (file, received, total) => {
    files.set(file, { received, total });
    const counts = [...files.values()];
    const got = counts.reduce((sum, count) => sum + count.received, 0);
    // A Content-Length counts the bytes sent: a server that compressed the body again
    // (Content-Encoding) delivers more than it announced, and then only megabytes are said.
    const known =
      counts.length === FILE_COUNT &&
      counts.every((count) => count.total !== undefined && count.received <= count.total);
    const totalBytes = known
      ? counts.reduce((sum, count) => sum + (count.total ?? 0), 0)
      : undefined;
    const done = totalBytes !== undefined && got >= totalBytes;
    const now = performance.now();
    if (!done && now - lastSaid < PROGRESS_INTERVAL_MS) return;
    lastSaid = now;
    say(
      totalBytes
        ? `loading MNIST: ${megabytes(got)} of ${megabytes(totalBytes)} MB (${Math.floor((100 * got) / totalBytes)}%)`
        : `loading MNIST: ${megabytes(got)} MB`,
    );
  };
  const reset = () => {
    files = new Map();
    lastSaid = Number.NEGATIVE_INFINITY;
  };
  return { onProgress, reset };
}
