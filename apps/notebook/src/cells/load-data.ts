import type { Mnist } from '@mnist-wasm/dataset';
import { loadMnist } from '@mnist-wasm/dataset/node';
import { inAppTerms } from '../data-file-terms';
import { cellHeading, formatShape } from '../format';
import type { Print } from '../notebook-output';
import type { NotebookOptions } from '../options';

/**
 * In [1]: `(x_train, y_train), (x_test, y_test) = mnist.load_data()`, then `x / 255.0`: the splits
 * stay uint8, and the trainer and evaluator scale each batch as they go.
 *
 * @throws The dataset's errors, worded for the app ({@link inAppTerms}): a file that holds no
 *   examples (so an empty test set is refused here, before training), a missing, damaged or
 *   oversized file; each names the file.
 */
export async function loadData(
  options: Pick<NotebookOptions, 'dataDir' | 'trainLimit' | 'testLimit' | 'verify'>,
  print: Print,
): Promise<Mnist & { loadMs: number }> {
  print(cellHeading(1, '(x_train, y_train), (x_test, y_test) = mnist.load_data()'));
  const start = performance.now();
  const { train, test } = await loadMnist({
    dir: options.dataDir,
    trainLimit: options.trainLimit,
    testLimit: options.testLimit,
    verify: options.verify,
  }).catch((error: unknown) => {
    throw inAppTerms(error, options.dataDir);
  });
  const loadMs = performance.now() - start;
  const shapeOf = (count: number) => formatShape([count, ...train.shape]);
  print(
    [
      `x_train ${shapeOf(train.count)} uint8, y_train ${formatShape([train.count])} uint8`,
      `x_test  ${shapeOf(test.count)} uint8, y_test  ${formatShape([test.count])} uint8`,
      `loaded in ${loadMs.toFixed(0)} ms; pixels become x / 255.0 batch by batch`,
    ].join('\n'),
  );
  return { train, test, loadMs };
}
