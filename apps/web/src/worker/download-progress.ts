// MNIST's download progress as one status line over the files a download reads, e.g.
// "loading MNIST: 1.2 of 3.3 MB (36%)", said a few times a second at most.
import type { DownloadProgressCallback } from '@mnist-wasm/dataset';

/** The least time between two progress lines, so a fast download does not flood the page. */
const PROGRESS_INTERVAL_MS = 250;

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/**
 * A `fetchMnist` progress callback that sums the files' bytes and calls `say` with one line: the
 * megabytes received, and once every file's total is known the total and percent (not when a file
 * brings more bytes than its total said). The totals are what the download reads of each file
 * (`fetchMnist` reports a file read in part against its share, and as complete when it stops), so
 * a download of a few thousand training images ends at 100% of the megabytes it took.
 * Lines come at most every {@link PROGRESS_INTERVAL_MS}, except the last (all bytes received).
 *
 * @param say - Called with the status text, e.g. `loading MNIST: 1.2 of 3.3 MB (36%)`.
 * @returns The callback, and `reset` to forget the files' counts before a new download of
 *   `files` files.
 */
export function downloadProgress(say: (text: string) => void): {
  onProgress: DownloadProgressCallback;
  reset: (files: number) => void;
} {
  let expected = 0;
  let files = new Map<string, { received: number; total: number | undefined }>();
  let lastSaid = Number.NEGATIVE_INFINITY;
  const onProgress: DownloadProgressCallback = (file, received, total) => {
    files.set(file, { received, total });
    const counts = [...files.values()];
    const got = counts.reduce((sum, count) => sum + count.received, 0);
    // A total that a file's bytes pass is no total (a Content-Length of a body the server
    // compressed again counts other bytes): then only megabytes are said.
    const known =
      counts.length === expected &&
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
  const reset = (count: number) => {
    expected = count;
    files = new Map();
    lastSaid = Number.NEGATIVE_INFINITY;
  };
  return { onProgress, reset };
}
