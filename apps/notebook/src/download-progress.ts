import type { DownloadProgressCallback } from '@mnist-wasm/dataset';

/**
 * Shows the downloads of a data set (`--dataset fashion-mnist` without `--data-dir`) as they go:
 * on a terminal one line per file, redrawn in place (`NAME  12.3 of 26.4 MB  46%`); on anything
 * else (a pipe, a log) a line per file at each tenth, so logs stay short. Only files downloaded
 * are shown: a load from the cache prints nothing.
 */
export function createDownloadProgress(stream: NodeJS.WriteStream): DownloadProgressCallback {
  const shown = new Map<string, number>();
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  return (file, received, total) => {
    const tenth = total ? Math.floor((received / total) * 10) : Math.floor(received / 5e6);
    if (shown.get(file) === tenth) return;
    shown.set(file, tenth);
    const size = total ? ` of ${mb(total)} MB  ${Math.floor((received / total) * 100)}%` : ' MB';
    const line = `downloading ${file}  ${mb(received)}${size}`;
    const done = total !== undefined && received >= total;
    if (stream.isTTY) stream.write(`\r${line}\u001b[K${done ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}
